package org.vecmlp.nn;

import java.util.Locale;
import java.util.Objects;
import org.vecmlp.kernel.Pointwise;

/**
 * An activation function and how its derivative is memoised by the forward pass.
 *
 * <p>The forward pass computes {@code a = f(z)} and, in the same sweep, the derivative {@code f'(z)} expressed
 * through the stored output ({@code σ(1-σ)}, {@code 1-a²}, the ReLU mask), so backward never re-evaluates exp or
 * tanh. Identity needs no stored derivative (it is 1); softmax and threshold are output-only activations whose
 * gradient comes from their fused loss (softmax + cross-entropy, threshold + perceptron criterion).
 *
 * @param kind  which function
 * @param alpha the negative slope of {@link Kind#LEAKY_RELU}; 0 for every other kind
 */
public record Activation(Kind kind, float alpha) {

    /** The functions the engine knows. */
    public enum Kind {
        /** {@code f(z) = z}. */
        IDENTITY,
        /** {@code σ(z) = 1 / (1 + e^−z)}; stores {@code σ(1 − σ)}. */
        SIGMOID,
        /** {@code tanh z}; stores {@code 1 − tanh² z}. */
        TANH,
        /** {@code max(0, z)}; stores the mask {@code z > 0}. */
        RELU,
        /** {@code z} for {@code z > 0}, {@code α·z} otherwise; stores 1 or α. */
        LEAKY_RELU,
        /** The row's {@code e^z / Σ e^z}: output layer only, with the cross-entropy. */
        SOFTMAX,
        /** 1 for {@code z ≥ 0}, 0 otherwise: output layer only, with the perceptron criterion. */
        THRESHOLD
    }

    /** The slope of {@link #leakyRelu()}: 0.01, as in PyTorch. */
    public static final float DEFAULT_LEAKY_ALPHA = 0.01f;

    /** The identity. */
    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0f);
    /** The logistic sigmoid. */
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0f);
    /** The hyperbolic tangent. */
    public static final Activation TANH = new Activation(Kind.TANH, 0f);
    /** The rectifier. */
    public static final Activation RELU = new Activation(Kind.RELU, 0f);
    /** Softmax over each row (output layer only). */
    public static final Activation SOFTMAX = new Activation(Kind.SOFTMAX, 0f);
    /** The perceptron's step (output layer only). */
    public static final Activation THRESHOLD = new Activation(Kind.THRESHOLD, 0f);

    /** Checks the slope: in [0, 1) for leaky ReLU, 0 for every other kind. */
    public Activation {
        Objects.requireNonNull(kind, "kind");
        new Pointwise(Pointwise.Kind.valueOf(kind.name()), alpha); // the kernels' code checks the slope
    }

    /**
     * Leaky ReLU: {@code z} for {@code z > 0}, {@code alpha·z} otherwise.
     *
     * @param alpha the negative slope, in [0, 1)
     * @return the activation
     */
    public static Activation leakyRelu(float alpha) {
        return new Activation(Kind.LEAKY_RELU, alpha);
    }

    /** {@return leaky ReLU with the usual slope 0.01} */
    public static Activation leakyRelu() {
        return leakyRelu(DEFAULT_LEAKY_ALPHA);
    }

    /**
     * Parses a name as used on the command line and in files: {@code identity}, {@code sigmoid}, {@code tanh},
     * {@code relu}, {@code leaky-relu} (or {@code leaky-relu:0.2}), {@code softmax}, {@code threshold}.
     *
     * @param name the name, in any case, with {@code -} or {@code _}
     * @return the activation
     * @throws IllegalArgumentException for an unknown name or a bad slope, with the names it knows
     */
    public static Activation parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (n.startsWith("leaky-relu")) {
            String rest = n.substring("leaky-relu".length());
            if (rest.isEmpty()) {
                return leakyRelu();
            }
            if (rest.startsWith(":")) {
                try {
                    return leakyRelu(Float.parseFloat(rest.substring(1)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad leaky-relu slope in '" + name + "'");
                }
            }
        }
        return switch (n) {
            case "identity", "linear" -> IDENTITY;
            case "sigmoid", "logistic" -> SIGMOID;
            case "tanh" -> TANH;
            case "relu" -> RELU;
            case "softmax" -> SOFTMAX;
            case "threshold", "step" -> THRESHOLD;
            default -> throw new IllegalArgumentException("unknown activation '" + name
                    + "' (expected identity, sigmoid, tanh, relu, leaky-relu[:alpha], softmax or threshold)");
        };
    }

    /** {@return the kernel layer's code for this function (allocates only for leaky ReLU: callers keep it)} */
    public Pointwise pointwise() {
        return switch (kind) {
            case IDENTITY -> Pointwise.IDENTITY;
            case SIGMOID -> Pointwise.SIGMOID;
            case TANH -> Pointwise.TANH;
            case RELU -> Pointwise.RELU;
            case LEAKY_RELU -> Pointwise.leakyRelu(alpha);
            case SOFTMAX -> Pointwise.SOFTMAX;
            case THRESHOLD -> Pointwise.THRESHOLD;
        };
    }

    /** {@return true when the forward pass stores an element-wise derivative that backward multiplies by} */
    public boolean storesDerivative() {
        return switch (kind) {
            case SIGMOID, TANH, RELU, LEAKY_RELU -> true;
            case IDENTITY, SOFTMAX, THRESHOLD -> false;
        };
    }

    /** {@return true for activations that only make sense on the output layer, paired with their loss} */
    public boolean outputOnly() {
        return kind == Kind.SOFTMAX || kind == Kind.THRESHOLD;
    }

    /** {@return the name {@link #parse} reads back, e.g. {@code tanh} or {@code leaky-relu:0.2}} */
    public String displayName() {
        return switch (kind) {
            case LEAKY_RELU -> alpha == DEFAULT_LEAKY_ALPHA ? "leaky-relu" : "leaky-relu:" + alpha;
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public String toString() {
        return displayName();
    }
}
