package org.vecmlp.kernel.scalar;

import org.vecmlp.kernel.Gemm;

/**
 * The reference GEMM: plain loops, the test oracle for every faster kernel and the fallback when the Vector API
 * is absent. Loop orders keep the innermost loop on contiguous memory ({@code i-p-j} for NN and TN, a row-by-row
 * dot product for NT) so it is not needlessly slow, but there is no blocking or packing here on purpose.
 * Stateless and thread-safe.
 *
 * <p>The accumulation contract every {@code Gemm} in the engine keeps: each element of C is one FMA chain over k in
 * increasing order, {@code c = β·c (or 0 when β = 0); c = fma(α·a_ip, b_pj, c) for p = 0 … k−1}. So every kernel,
 * block size, tile shape, thread split and batch size gives the same bits, and a row predicted alone equals the same
 * row inside a batch.
 */
public final class ScalarGemm implements Gemm {

    @Override
    public void gemmNN(int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            scaleRow(beta, c, cRow, n);
            int aRow = aOff + i * lda;
            for (int p = 0; p < k; p++) {
                float aip = alpha * a[aRow + p];
                int bRow = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] = Math.fma(aip, b[bRow + j], c[cRow + j]);
                }
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            scaleRow(beta, c, cRow, n);
            for (int p = 0; p < k; p++) {
                float api = alpha * a[aOff + p * lda + i];
                int bRow = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] = Math.fma(api, b[bRow + j], c[cRow + j]);
                }
            }
        }
    }

    @Override
    public void gemmNT(int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * lda;
            int cRow = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                int bRow = bOff + j * ldb;
                float acc = beta == 0f ? 0f : beta * c[cRow + j];
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(alpha * a[aRow + p], b[bRow + p], acc);
                }
                c[cRow + j] = acc;
            }
        }
    }

    /** {@code c *= beta}, with β = 0 clearing without reading (BLAS convention). */
    private static void scaleRow(float beta, float[] c, int from, int len) {
        if (beta == 0f) {
            java.util.Arrays.fill(c, from, from + len, 0f);
        } else if (beta != 1f) {
            for (int j = 0; j < len; j++) {
                c[from + j] *= beta;
            }
        }
    }
}
