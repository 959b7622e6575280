package org.vecmlp.kernel;

/**
 * A layer's {@code k×n} weight matrix packed once, in the layout one {@link PackedGemm} implementation reads, for
 * products that reuse it many times (inference). Immutable once made; threads may share it.
 *
 * @param layout which implementation packed it (a forward pass checks it was given its own kind)
 * @param k      rows of the matrix (the layer's inputs)
 * @param n      columns (the layer's units)
 * @param data   the packed values; length and order are the implementation's
 */
public record PackedWeights(String layout, int k, int n, float[] data) {
    /** Checks the dimensions. */
    public PackedWeights {
        if (k < 0 || n < 0) {
            throw new IllegalArgumentException("a " + k + "×" + n + " matrix");
        }
    }
}
