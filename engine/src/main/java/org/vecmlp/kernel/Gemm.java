package org.vecmlp.kernel;

/**
 * Single-precision general matrix multiply on row-major matrices held in flat arrays, in the three layouts
 * backpropagation needs:
 * <ul>
 *   <li>{@link #gemmNN}: {@code C = α·A·B + β·C} — forward, {@code Z = X·W};</li>
 *   <li>{@link #gemmTN}: {@code C = α·Aᵀ·B + β·C} — weight gradient, {@code dW = Xᵀ·dZ};</li>
 *   <li>{@link #gemmNT}: {@code C = α·A·Bᵀ + β·C} — input gradient, {@code dX = dZ·Wᵀ}.</li>
 * </ul>
 * {@code C} is always {@code m×n}. Each matrix is given as (array, offset, leading dimension), the leading
 * dimension being the distance between the starts of two consecutive rows as stored. As in BLAS, {@code β = 0}
 * means C is overwritten without being read, so NaN or garbage in C does not propagate.
 *
 * <p>Implementations are not required to be thread-safe: an instance may own packing buffers. Use one instance per
 * thread, or the factory that made it.
 */
public interface Gemm {

    /**
     * {@code C[m×n] = α·A[m×k]·B[k×n] + β·C}.
     *
     * @param m     rows of C
     * @param n     columns of C
     * @param k     the depth of the product (columns of op(A), rows of op(B))
     * @param alpha scales the product
     * @param a     the array holding A
     * @param aOff  where A starts in {@code a}
     * @param lda   A's leading dimension (row stride as stored)
     * @param b     the array holding B
     * @param bOff  where B starts in {@code b}
     * @param ldb   B's leading dimension (row stride as stored)
     * @param beta  scales C before the product is added (0: C is not read)
     * @param c     the array holding C
     * @param cOff  where C starts in {@code c}
     * @param ldc   C's leading dimension (row stride)
     */
    void gemmNN(int m, int n, int k, float alpha,
                float[] a, int aOff, int lda,
                float[] b, int bOff, int ldb,
                float beta, float[] c, int cOff, int ldc);

    /**
     * {@code C[m×n] = α·Aᵀ·B + β·C} where A is stored {@code k×m} and B is {@code k×n}.
     *
     * @param m     rows of C
     * @param n     columns of C
     * @param k     the depth of the product (columns of op(A), rows of op(B))
     * @param alpha scales the product
     * @param a     the array holding A
     * @param aOff  where A starts in {@code a}
     * @param lda   A's leading dimension (row stride as stored)
     * @param b     the array holding B
     * @param bOff  where B starts in {@code b}
     * @param ldb   B's leading dimension (row stride as stored)
     * @param beta  scales C before the product is added (0: C is not read)
     * @param c     the array holding C
     * @param cOff  where C starts in {@code c}
     * @param ldc   C's leading dimension (row stride)
     */
    void gemmTN(int m, int n, int k, float alpha,
                float[] a, int aOff, int lda,
                float[] b, int bOff, int ldb,
                float beta, float[] c, int cOff, int ldc);

    /**
     * {@code C[m×n] = α·A·Bᵀ + β·C} where A is {@code m×k} and B is stored {@code n×k}.
     *
     * @param m     rows of C
     * @param n     columns of C
     * @param k     the depth of the product (columns of op(A), rows of op(B))
     * @param alpha scales the product
     * @param a     the array holding A
     * @param aOff  where A starts in {@code a}
     * @param lda   A's leading dimension (row stride as stored)
     * @param b     the array holding B
     * @param bOff  where B starts in {@code b}
     * @param ldb   B's leading dimension (row stride as stored)
     * @param beta  scales C before the product is added (0: C is not read)
     * @param c     the array holding C
     * @param cOff  where C starts in {@code c}
     * @param ldc   C's leading dimension (row stride)
     */
    void gemmNT(int m, int n, int k, float alpha,
                float[] a, int aOff, int lda,
                float[] b, int bOff, int ldb,
                float beta, float[] c, int cOff, int ldc);

    /**
     * The weight gradient and the bias gradient of a layer in one call: {@link #gemmTN} and {@code sums[j] += Σ_p
     * B[p][j]} for the n columns of B, each column's rows added in order (as {@link VectorOps#addColumnSums} adds
     * them, so the bits are the same). A packing GEMM adds the sums while it packs B, sparing a pass over dZ.
     * @param m       rows of C
     * @param n       columns of C
     * @param k       the depth of the product (columns of op(A), rows of op(B))
     * @param alpha   scales the product
     * @param a       the array holding A
     * @param aOff    where A starts in {@code a}
     * @param lda     A's leading dimension (row stride as stored)
     * @param b       the array holding B
     * @param bOff    where B starts in {@code b}
     * @param ldb     B's leading dimension (row stride as stored)
     * @param beta    scales C before the product is added (0: C is not read)
     * @param c       the array holding C
     * @param cOff    where C starts in {@code c}
     * @param ldc     C's leading dimension (row stride)
     * @param sums    the array the column sums of B are added to
     * @param sumsOff where the sums start in {@code sums}
     */
    default void gemmTNColumnSums(int m, int n, int k, float alpha,
                                  float[] a, int aOff, int lda,
                                  float[] b, int bOff, int ldb,
                                  float beta, float[] c, int cOff, int ldc, float[] sums, int sumsOff) {
        gemmTN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        addColumnSums(n, k, b, bOff, ldb, sums, sumsOff);
    }

    /**
     * A dense layer's forward pass in one call: {@code z[m×n] = A[m×k]·B[k×n]} (α = 1, β = 0), then
     * {@code ops.biasActivate(f, …)} over z, {@code out} and {@code deriv} (all {@code m×n}, leading dimension n;
     * {@code out} may be z itself, {@code deriv} may be null). A packing GEMM runs the epilogue on each strip of rows
     * as soon as its last k block is added, while the strip is still in L1, instead of in a second sweep over the
     * whole of z. The bits are those of the two calls made one after the other: the epilogue is element-wise per
     * row, so which rows it is given together changes nothing.
     * @param ops      the element-wise passes the epilogue runs with (the same backend's)
     * @param f        the activation
     * @param m        rows of C
     * @param n        columns of C
     * @param k        the depth of the product (columns of op(A), rows of op(B))
     * @param a        the array holding A
     * @param aOff     where A starts in {@code a}
     * @param lda      A's leading dimension (row stride as stored)
     * @param b        the array holding B
     * @param bOff     where B starts in {@code b}
     * @param ldb      B's leading dimension (row stride as stored)
     * @param z        the pre-activations ({@code m×n}, leading dimension n)
     * @param zOff     where z starts
     * @param bias     the array holding the biases
     * @param biasOff  where the biases start
     * @param out      the array the outputs go to
     * @param outOff   where the outputs start
     * @param deriv    the array the derivatives go to, or null for none
     * @param derivOff where the derivatives start
     */
    default void gemmNNBiasActivate(VectorOps ops, Pointwise f, int m, int n, int k,
                                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                    float[] z, int zOff, float[] bias, int biasOff,
                                    float[] out, int outOff, float[] deriv, int derivOff) {
        gemmNN(m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, z, zOff, n);
        ops.biasActivate(f, m, n, z, zOff, bias, biasOff, out, outOff, deriv, derivOff);
    }

    /**
     * {@code sums[j] += Σ_p B[p][j]}, rows in order: the plain loops behind {@link #gemmTNColumnSums}.
     *
     * @param n       columns of C
     * @param k       the depth of the product (columns of op(A), rows of op(B))
     * @param b       the array holding B
     * @param bOff    where B starts in {@code b}
     * @param ldb     B's leading dimension (row stride as stored)
     * @param sums    the array the column sums of B are added to
     * @param sumsOff where the sums start in {@code sums}
     */
    static void addColumnSums(int n, int k, float[] b, int bOff, int ldb, float[] sums, int sumsOff) {
        for (int p = 0; p < k; p++) {
            int row = bOff + p * ldb;
            for (int j = 0; j < n; j++) {
                sums[sumsOff + j] += b[row + j];
            }
        }
    }
}
