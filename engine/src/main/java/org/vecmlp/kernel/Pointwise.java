package org.vecmlp.kernel;

import java.util.Objects;

/**
 * The element-wise functions the kernels apply after a product ({@link VectorOps#biasActivate}), as the kernel
 * layer's own codes: the network layer maps its activations onto them ({@code nn.Activation#pointwise()}), so the
 * kernels depend on nothing above them.
 *
 * @param kind  which function
 * @param alpha the negative slope of {@link Kind#LEAKY_RELU}; 0 for every other kind
 */
public record Pointwise(Kind kind, float alpha) {

    /** The functions the kernels implement. */
    public enum Kind {
        /** {@code z}. */
        IDENTITY,
        /** The logistic sigmoid. */
        SIGMOID,
        /** The hyperbolic tangent. */
        TANH,
        /** {@code max(0, z)}. */
        RELU,
        /** {@code z} or {@code α·z}. */
        LEAKY_RELU,
        /** Softmax over each row. */
        SOFTMAX,
        /** The step: 1 for {@code z ≥ 0}, else 0. */
        THRESHOLD
    }

    public static final Pointwise IDENTITY = new Pointwise(Kind.IDENTITY, 0f);
    public static final Pointwise SIGMOID = new Pointwise(Kind.SIGMOID, 0f);
    public static final Pointwise TANH = new Pointwise(Kind.TANH, 0f);
    public static final Pointwise RELU = new Pointwise(Kind.RELU, 0f);
    public static final Pointwise SOFTMAX = new Pointwise(Kind.SOFTMAX, 0f);
    public static final Pointwise THRESHOLD = new Pointwise(Kind.THRESHOLD, 0f);

    /** Checks the slope: in [0, 1) for leaky ReLU, 0 otherwise. */
    public Pointwise {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.LEAKY_RELU) {
            if (!(alpha >= 0f && alpha < 1f)) {
                throw new IllegalArgumentException("leaky ReLU alpha must be in [0, 1), got " + alpha);
            }
        } else if (alpha != 0f) {
            throw new IllegalArgumentException("alpha applies to leaky ReLU only, not to " + kind);
        }
    }

    /**
     * Leaky ReLU: {@code z} for {@code z > 0}, {@code alpha·z} otherwise.
     *
     * @param alpha scales the product
     * @return the function
     */
    public static Pointwise leakyRelu(float alpha) {
        return new Pointwise(Kind.LEAKY_RELU, alpha);
    }

    /** {@return true when the forward pass stores an element-wise derivative that backward multiplies by} */
    public boolean storesDerivative() {
        return switch (kind) {
            case SIGMOID, TANH, RELU, LEAKY_RELU -> true;
            case IDENTITY, SOFTMAX, THRESHOLD -> false;
        };
    }
}
