package org.vecmlp.train;

import java.util.Locale;

/**
 * Which update rule to apply to the flat parameter buffer, with its hyper-parameters.
 *
 * <ul>
 *   <li>{@link Kind#SGD}: {@code w -= lr·g};</li>
 *   <li>{@link Kind#MOMENTUM}: {@code v = μ·v + g; w -= lr·v} (PyTorch's form);</li>
 *   <li>{@link Kind#NESTEROV}: {@code v = μ·v + g; w -= lr·(g + μ·v)};</li>
 *   <li>{@link Kind#ADAM}: Kingma and Ba with bias correction, {@code β1, β2, ε}.</li>
 * </ul>
 *
 * @param kind     the update rule
 * @param momentum μ of momentum and Nesterov, in [0, 1)
 * @param beta1    Adam's first-moment decay, in [0, 1)
 * @param beta2    Adam's second-moment decay, in [0, 1)
 * @param epsilon  Adam's ε, positive
 */
public record OptimizerSpec(Kind kind, double momentum, double beta1, double beta2, double epsilon) {

    /** The update rules. */
    public enum Kind {
        /** Plain stochastic gradient descent. */
        SGD,
        /** Heavy-ball momentum, as PyTorch defines it. */
        MOMENTUM,
        /** Nesterov's accelerated gradient, as PyTorch defines it. */
        NESTEROV,
        /** Adam, with bias correction. */
        ADAM
    }

    /** Checks the hyper-parameters' ranges. */
    public OptimizerSpec {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam epsilon must be positive, got " + epsilon);
        }
    }

    /** {@return plain SGD} */
    public static OptimizerSpec sgd() {
        return new OptimizerSpec(Kind.SGD, 0, 0.9, 0.999, 1e-8);
    }

    /**
     * SGD with momentum.
     *
     * @param mu the momentum, in [0, 1) (0.9 is usual)
     * @return the spec
     */
    public static OptimizerSpec momentum(double mu) {
        return new OptimizerSpec(Kind.MOMENTUM, mu, 0.9, 0.999, 1e-8);
    }

    /**
     * SGD with Nesterov momentum.
     *
     * @param mu the momentum, in [0, 1) (0.9 is usual)
     * @return the spec
     */
    public static OptimizerSpec nesterov(double mu) {
        return new OptimizerSpec(Kind.NESTEROV, mu, 0.9, 0.999, 1e-8);
    }

    /** {@return Adam with PyTorch's defaults: β1 = 0.9, β2 = 0.999, ε = 10⁻⁸} */
    public static OptimizerSpec adam() {
        return new OptimizerSpec(Kind.ADAM, 0, 0.9, 0.999, 1e-8);
    }

    /**
     * Parses an optimizer's name as the command line writes it.
     *
     * @param name {@code sgd}, {@code momentum}, {@code nesterov} or {@code adam}, in any case
     * @param mu   the momentum for {@code momentum} and {@code nesterov}
     * @return the spec
     * @throws IllegalArgumentException for another name, listing those it knows
     */
    public static OptimizerSpec parse(String name, double mu) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd" -> sgd();
            case "momentum" -> momentum(mu);
            case "nesterov" -> nesterov(mu);
            case "adam" -> adam();
            default -> throw new IllegalArgumentException(
                    "unknown optimizer '" + name + "' (expected sgd, momentum, nesterov or adam)");
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
