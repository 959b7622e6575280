package org.vecmlp.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Products too small to pack (the playground's 16×8·8×8, a 64→1 output layer): vectors straight over the operands.
 * C is computed in tiles of 4 rows × 1 vector of columns, so four independent FMA chains hide the FMA latency that a
 * one-row loop would wait on; the B vector is loaded once per depth step for the four rows. Columns past the last
 * whole vector run plain loops. Each element is still one FMA chain over k in increasing order from β·C (the contract
 * in {@link org.vecmlp.kernel.scalar.ScalarGemm}), so the results equal the scalar GEMM's bit for bit and this path
 * changes speed only. NT (B stored n×k) first transposes B into a scratch buffer of this object, which is why
 * an instance serves one thread.
 */
final class SmallGemm {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    private static final int ROWS = 4;
    private final float[] transposed;

    /** {@code capacity}: the largest n×k whose B an NT product can transpose here. */
    SmallGemm(int capacity) {
        this.transposed = new float[capacity];
    }

    /** Whether an NT product with this n×k fits the scratch buffer. */
    boolean fitsNT(int n, int k) {
        return (long) n * k <= transposed.length;
    }

    /** {@code C = α·op(A)·B + β·C}, B stored k×n; {@code transA}: A is stored k×m (TN). */
    void multiply(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
                  int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int rowStep = transA ? 1 : lda;   // from A(i, p) to A(i+1, p)
        int depthStep = transA ? lda : 1; // from A(i, p) to A(i, p+1)
        int vectorColumns = n - n % L;
        int i = 0;
        for (; i + ROWS <= m; i += ROWS) {
            for (int j = 0; j < vectorColumns; j += L) {
                tile4(k, alpha, a, aOff + i * rowStep, rowStep, depthStep, b, bOff + j, ldb, beta, c,
                        cOff + i * ldc + j, ldc);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < vectorColumns; j += L) {
                tile1(k, alpha, a, aOff + i * rowStep, depthStep, b, bOff + j, ldb, beta, c, cOff + i * ldc + j);
            }
        }
        for (int r = 0; r < m; r++) { // the columns past the last whole vector, if any
            for (int j = vectorColumns; j < n; j++) {
                int ci = cOff + r * ldc + j;
                float acc = beta == 0f ? 0f : beta * c[ci];
                int ai = aOff + r * rowStep;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(alpha * a[ai + p * depthStep], b[bOff + p * ldb + j], acc);
                }
                c[ci] = acc;
            }
        }
    }

    /** {@code C = α·A·Bᵀ + β·C}, B stored n×k: B is transposed into the scratch buffer ({@link #fitsNT}), then NN. */
    void multiplyNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc) {
        float[] t = transposed;
        for (int j = 0; j < n; j++) {
            int src = bOff + j * ldb;
            for (int p = 0; p < k; p++) {
                t[p * n + j] = b[src + p];
            }
        }
        multiply(false, m, n, k, alpha, a, aOff, lda, t, 0, n, beta, c, cOff, ldc);
    }

    /** Four rows of C by one vector of columns. Vectors are never passed to helpers (the JIT would box them). */
    private static void tile4(int k, float alpha, float[] a, int a0, int rowStep, int depthStep, float[] b, int b0,
                              int ldb, float beta, float[] c, int c0, int ldc) {
        int a1 = a0 + rowStep;
        int a2 = a1 + rowStep;
        int a3 = a2 + rowStep;
        FloatVector s0;
        FloatVector s1;
        FloatVector s2;
        FloatVector s3;
        if (beta == 0f) {
            FloatVector zero = FloatVector.zero(S);
            s0 = zero;
            s1 = zero;
            s2 = zero;
            s3 = zero;
        } else {
            s0 = FloatVector.fromArray(S, c, c0).mul(beta);
            s1 = FloatVector.fromArray(S, c, c0 + ldc).mul(beta);
            s2 = FloatVector.fromArray(S, c, c0 + 2 * ldc).mul(beta);
            s3 = FloatVector.fromArray(S, c, c0 + 3 * ldc).mul(beta);
        }
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, b0 + p * ldb);
            int d = p * depthStep;
            s0 = bv.fma(FloatVector.broadcast(S, alpha * a[a0 + d]), s0);
            s1 = bv.fma(FloatVector.broadcast(S, alpha * a[a1 + d]), s1);
            s2 = bv.fma(FloatVector.broadcast(S, alpha * a[a2 + d]), s2);
            s3 = bv.fma(FloatVector.broadcast(S, alpha * a[a3 + d]), s3);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + ldc);
        s2.intoArray(c, c0 + 2 * ldc);
        s3.intoArray(c, c0 + 3 * ldc);
    }

    /** One row of C by one vector of columns (the rows left over from {@link #tile4}). */
    private static void tile1(int k, float alpha, float[] a, int a0, int depthStep, float[] b, int b0, int ldb,
                              float beta, float[] c, int c0) {
        FloatVector s;
        if (beta == 0f) {
            s = FloatVector.zero(S);
        } else {
            s = FloatVector.fromArray(S, c, c0).mul(beta);
        }
        for (int p = 0; p < k; p++) {
            s = FloatVector.fromArray(S, b, b0 + p * ldb).fma(FloatVector.broadcast(S, alpha * a[a0 + p * depthStep]),
                    s);
        }
        s.intoArray(c, c0);
    }
}
