package org.vecmlp.bench;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.vecmlp.kernel.Gemm;

/**
 * EJML (the pure-Java linear algebra library) as a {@link Gemm}, for {@link GemmBench}'s {@code variant=ejml}: its
 * single-thread float kernels {@code CommonOps_FDRM.mult}, {@code multTransA} and {@code multTransB} over the
 * benchmark's arrays, wrapped without copying. Only what the benchmark asks: α = 1, β = 0, no offsets, rows stored
 * contiguously.
 */
final class EjmlGemm implements Gemm {

    private static void check(float alpha, int aOff, int bOff, float beta, int cOff, int ldc, int n) {
        if (alpha != 1f || beta != 0f || aOff != 0 || bOff != 0 || cOff != 0 || ldc != n) {
            throw new IllegalArgumentException("the EJML adapter runs C = op(A)·op(B) on whole arrays only");
        }
    }

    @Override
    public void gemmNN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        check(alpha, aOff, bOff, beta, cOff, ldc, n);
        CommonOps_FDRM.mult(FMatrixRMaj.wrap(m, k, a), FMatrixRMaj.wrap(k, n, b), FMatrixRMaj.wrap(m, n, c));
    }

    @Override
    public void gemmTN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        check(alpha, aOff, bOff, beta, cOff, ldc, n);
        CommonOps_FDRM.multTransA(FMatrixRMaj.wrap(k, m, a), FMatrixRMaj.wrap(k, n, b), FMatrixRMaj.wrap(m, n, c));
    }

    @Override
    public void gemmNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        check(alpha, aOff, bOff, beta, cOff, ldc, n);
        CommonOps_FDRM.multTransB(FMatrixRMaj.wrap(m, k, a), FMatrixRMaj.wrap(n, k, b), FMatrixRMaj.wrap(m, n, c));
    }
}
