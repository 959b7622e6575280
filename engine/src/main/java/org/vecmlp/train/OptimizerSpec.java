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
 */
public record OptimizerSpec(Kind kind, double momentum, double beta1, double beta2, double epsilon) {

    public enum Kind { SGD, MOMENTUM, NESTEROV, ADAM }

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

    public static OptimizerSpec sgd() {
        return new OptimizerSpec(Kind.SGD, 0, 0.9, 0.999, 1e-8);
    }

    public static OptimizerSpec momentum(double mu) {
        return new OptimizerSpec(Kind.MOMENTUM, mu, 0.9, 0.999, 1e-8);
    }

    public static OptimizerSpec nesterov(double mu) {
        return new OptimizerSpec(Kind.NESTEROV, mu, 0.9, 0.999, 1e-8);
    }

    public static OptimizerSpec adam() {
        return new OptimizerSpec(Kind.ADAM, 0, 0.9, 0.999, 1e-8);
    }

    /** Parses {@code sgd}, {@code momentum}, {@code nesterov} or {@code adam}; {@code mu} is the momentum used. */
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
