package org.vecmlp.kernel.simd;

import static org.vecmlp.kernel.KernelParameters.GEMM_DIRECT_MAX_FLOPS;
import static org.vecmlp.kernel.KernelParameters.GEMM_DIRECT_MAX_NK;
import static org.vecmlp.kernel.KernelParameters.GEMM_KC;
import static org.vecmlp.kernel.KernelParameters.GEMM_MC;
import static org.vecmlp.kernel.KernelParameters.GEMM_MR;
import static org.vecmlp.kernel.KernelParameters.GEMM_MR_16_REGISTERS;
import static org.vecmlp.kernel.KernelParameters.GEMM_NC;
import static org.vecmlp.kernel.KernelParameters.GEMM_NR_VECTORS;

import java.util.Arrays;
import org.vecmlp.kernel.BlockedGemm;
import org.vecmlp.kernel.scalar.ScalarGemm;

/**
 * GEMM the way high-performance BLAS libraries do it (GotoBLAS/BLIS): the loops around a tiny register-blocked
 * micro-kernel, with both operands packed into contiguous, reused buffers.
 *
 * <pre>
 * for jc in n by NC:                 B block  KC×NC → bPack   (L2)
 *   for pc in k by KC:
 *     pack B[pc.., jc..]
 *     for ic in m by MC:             A block  MC×KC → aPack   (L2; each MR×KC micro-panel in L1)
 *       pack α·A[ic.., pc..]
 *       for ir in mc by MR:
 *         for jr in nc by NR:        one MR×NR tile of C in registers: {@link MicroKernel6x2v} or 5x2v
 * </pre>
 *
 * Packing absorbs the transposes (TN packs A by columns, NT packs B by rows) and α; β applies on the first k block
 * only. Edge tiles are copied into a scratch tile, run through the same micro-kernel and copied back, so the kernel
 * never needs masks and each element is still one FMA chain over k (the contract in {@link ScalarGemm}): results
 * equal the scalar GEMM's bit for bit. Products with fewer than
 * {@link org.vecmlp.kernel.KernelParameters#GEMM_DIRECT_MAX_FLOPS} multiply-adds, or with a tiny n×k operand
 * ({@link org.vecmlp.kernel.KernelParameters#GEMM_DIRECT_MAX_NK}), skip all this and run the scalar loops, which keep
 * the same contract. Owns its packing buffers: one instance per thread.
 */
public final class SimdGemm implements BlockedGemm {
    /** Rows of the register tile: {@link MicroKernel6x2v} with 32 vector registers, {@link MicroKernel5x2v} with 16. */
    static final int MR = VectorWidth.BITS >= 512 ? GEMM_MR : GEMM_MR_16_REGISTERS;
    /** Rows of A packed at once: GEMM_MC rounded down to whole tiles. */
    private static final int MC = GEMM_MC / MR * MR;
    private static final int NR = GEMM_NR_VECTORS * VectorWidth.LENGTH;

    private final float[] aPack = new float[MC * GEMM_KC];
    private final float[] bPack = new float[GEMM_KC * roundUp(GEMM_NC, NR)];
    private final float[] edge = new float[MR * NR];
    private final ScalarGemm small = new ScalarGemm();
    private final VectorUse vectors;

    /** The GEMM with vectors after the warm-up ({@link Warmup}). */
    public SimdGemm() {
        this(VectorUse.AFTER_WARMUP);
    }

    SimdGemm(VectorUse vectors) {
        this.vectors = vectors;
    }

    @Override
    public void gemmNN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        if (direct(m, n, k)) {
            small.gemmNN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            blocked(false, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        if (direct(m, n, k)) {
            small.gemmTN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            blocked(true, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Override
    public void gemmNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        if (direct(m, n, k)) {
            small.gemmNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            blocked(false, true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * Whether a product runs the plain loops (same bits, see {@link ScalarGemm}) instead of packing: when it is tiny,
     * and while the vector micro-kernel is not compiled yet (the size test first, so tiny products never start the
     * warm-up).
     */
    private boolean direct(int m, int n, int k) {
        return (long) m * n * k <= GEMM_DIRECT_MAX_FLOPS || (long) n * k <= GEMM_DIRECT_MAX_NK
                || !vectors.vectorsNow((long) m * n * k);
    }

    private void blocked(boolean transA, boolean transB, int m, int n, int k, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        for (int jc = 0; jc < n; jc += GEMM_NC) {
            int nc = Math.min(GEMM_NC, n - jc);
            for (int pc = 0; pc < k; pc += GEMM_KC) {
                int kc = Math.min(GEMM_KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bPack, 0);
                float betaHere = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha);
                    macroKernel(bPack, 0, mc, nc, kc, betaHere, c, cOff + ic * ldc + jc, ldc);
                }
            }
        }
    }

    @Override
    public int tileRows() {
        return MR;
    }

    @Override
    public int packedBlockSize(int kc, int nc) {
        return kc * roundUp(nc, NR);
    }

    @Override
    public void packBlockB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst,
                           int dstOff) {
        packB(transB, b, bOff, ldb, p0, kc, j0, nc, dst, dstOff);
    }

    @Override
    public void multiplyPackedB(float[] sharedB, int sharedOff, boolean transA, float[] a, int aOff, int lda, int i0,
                                int rows, int p0, int kc, int nc, float alpha, float beta, float[] c, int cOff,
                                int ldc) {
        for (int ic = i0; ic < i0 + rows; ic += MC) {
            int mc = Math.min(MC, i0 + rows - ic);
            packA(transA, a, aOff, lda, ic, mc, p0, kc, alpha);
            macroKernel(sharedB, sharedOff, mc, nc, kc, beta, c, cOff + ic * ldc, ldc);
        }
    }

    /** All MR×NR tiles of one packed A block times one packed B block. */
    private void macroKernel(float[] packedB, int bOff, int mc, int nc, int kc, float beta, float[] c, int cOff,
                             int ldc) {
        if (!vectors.vectorsNow((long) mc * nc * kc)) {
            macroKernelLanes(packedB, bOff, mc, nc, kc, beta, c, cOff, ldc);
            return;
        }
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int aPanel = ir * kc;
            for (int jr = 0; jr < nc; jr += NR) {
                int cols = Math.min(NR, nc - jr);
                int bPanel = bOff + jr * kc;
                int cTile = cOff + ir * ldc + jr;
                if (rows == MR && cols == NR) {
                    tile(kc, aPack, aPanel, packedB, bPanel, c, cTile, ldc, beta);
                } else {
                    loadEdge(rows, cols, beta, c, cTile, ldc);
                    tile(kc, aPack, aPanel, packedB, bPanel, edge, 0, NR, beta);
                    storeEdge(rows, cols, c, cTile, ldc);
                }
            }
        }
    }

    /** One MR×NR tile on this machine's micro-kernel (MR is a constant: the JIT keeps one branch). */
    static void tile(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, float beta) {
        if (MR == 6) {
            MicroKernel6x2v.compute(kc, ap, aOff, bp, bOff, c, cOff, ldc, beta);
        } else {
            MicroKernel5x2v.compute(kc, ap, aOff, bp, bOff, c, cOff, ldc, beta);
        }
    }

    /** {@link #macroKernel} on the micro-kernel's scalar twin (the same bits), while vector code is not compiled. */
    private void macroKernelLanes(float[] packedB, int bOff, int mc, int nc, int kc, float beta, float[] c, int cOff,
                                  int ldc) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            for (int jr = 0; jr < nc; jr += NR) {
                int cols = Math.min(NR, nc - jr);
                int cTile = cOff + ir * ldc + jr;
                loadEdge(rows, cols, beta, c, cTile, ldc);
                MicroKernelLanes.compute(MR, kc, aPack, ir * kc, packedB, bOff + jr * kc, edge, 0, NR, beta);
                storeEdge(rows, cols, c, cTile, ldc);
            }
        }
    }

    /**
     * Copies an edge tile of C into the scratch tile, so the kernel continues each element's FMA chain exactly as in
     * a full tile (adding a separately accumulated partial sum would round differently). β = 0: C is not read.
     */
    private void loadEdge(int rows, int cols, float beta, float[] c, int cOff, int ldc) {
        if (beta == 0f) {
            return; // the kernel overwrites the scratch tile without reading it
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(c, cOff + r * ldc, edge, r * NR, cols);
        }
    }

    /** Copies the valid part of the scratch tile back into C. */
    private void storeEdge(int rows, int cols, float[] c, int cOff, int ldc) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(edge, r * NR, c, cOff + r * ldc, cols);
        }
    }

    /**
     * Packs α·A[i0 .. i0+mc, p0 .. p0+kc] into MR-row micro-panels: panel {@code ir/MR} holds, for each p, the MR
     * values of column p contiguously. Rows past m are zero. {@code transA}: A is stored k×m (the TN case).
     */
    private void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float alpha) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + ir;
                    int dst = base + p * MR;
                    for (int r = 0; r < rows; r++) {
                        aPack[dst + r] = alpha * a[src + r];
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (i0 + ir + r) * lda + p0;
                    int dst = base + r;
                    for (int p = 0; p < kc; p++) {
                        aPack[dst + p * MR] = alpha * a[src + p];
                    }
                }
            }
            if (rows < MR) {
                for (int p = 0; p < kc; p++) {
                    Arrays.fill(aPack, base + p * MR + rows, base + (p + 1) * MR, 0f);
                }
            }
        }
    }

    /**
     * Packs B[p0 .. p0+kc, j0 .. j0+nc] into NR-column micro-panels: panel {@code jr/NR} holds, for each p, NR
     * values of row p contiguously. Columns past n are zero. {@code transB}: B is stored n×k (the NT case).
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                              float[] bPack, int packOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int base = packOff + jr * kc;
            if (transB) {
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (j0 + jr + j) * ldb + p0;
                    int dst = base + j;
                    for (int p = 0; p < kc; p++) {
                        bPack[dst + p * NR] = b[src + p];
                    }
                }
                if (cols < NR) {
                    for (int p = 0; p < kc; p++) {
                        Arrays.fill(bPack, base + p * NR + cols, base + (p + 1) * NR, 0f);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + jr;
                    int dst = base + p * NR;
                    System.arraycopy(b, src, bPack, dst, cols);
                    if (cols < NR) {
                        Arrays.fill(bPack, dst + cols, dst + NR, 0f);
                    }
                }
            }
        }
    }

    /** {@code value} rounded up to a multiple of {@code multiple}. */
    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
