package org.vecmlp.kernel;


/**
 * A dense layer's forward pass over weights packed once ({@link #pack}), for inference: no call packs weights, and
 * one row runs as a GEMV that streams each weight once. The product keeps the {@link Gemm} accumulation contract
 * (each output one FMA chain over k in order) and the activation is the backend's own
 * {@link VectorOps#biasActivate} sweep, so a row's outputs have the same bits whether it is computed alone or
 * inside a batch of any size, and the same bits as the training path's forward on the same backend.
 *
 * <p>Instances may own scratch buffers: one per thread, from {@link Kernels}.
 */
public interface PackedGemm {

    /**
     * Packs the row-major {@code k×n} matrix at {@code w[off]} (leading dimension n).
     *
     * @param w   the weights (or the parameters, for the updates)
     * @param off the first element
     * @param k   the depth of the product (columns of op(A), rows of op(B))
     * @param n   columns of C
     * @return the packed matrix, immutable, for any thread
     */
    PackedWeights pack(float[] w, int off, int k, int n);

    /**
     * {@code out[m×n] = f(x[m×k]·W + b)}, row-major with leading dimensions k and n; {@code out} must not overlap
     * {@code x}. No derivative is stored.
     * @param m       rows of C
     * @param x       the input array
     * @param xOff    where x starts
     * @param w       the weights (or the parameters, for the updates)
     * @param bias    the array holding the biases
     * @param biasOff where the biases start
     * @param f       the activation
     * @param out     the array the outputs go to
     * @param outOff  where the outputs start
     */
    void forward(int m, float[] x, int xOff, PackedWeights w, float[] bias, int biasOff, Pointwise f, float[] out,
                 int outOff);
}
