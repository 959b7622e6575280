package org.vecmlp.kernel.simd;

import static org.vecmlp.kernel.KernelParameters.GEMM_DIRECT_MAX_NK;
import static org.vecmlp.kernel.KernelParameters.GEMM_KC;
import static org.vecmlp.kernel.KernelParameters.GEMM_NC;
import static org.vecmlp.kernel.KernelParameters.GEMM_NR_VECTORS;

import org.vecmlp.kernel.PackedGemm;
import org.vecmlp.kernel.PackedWeights;
import org.vecmlp.kernel.PlainPackedGemm;
import org.vecmlp.nn.Activation;

/**
 * The SIMD inference path over weights packed once, in exactly the blocks {@link SimdGemm} packs B into: for each
 * NC-column block jc and KC-row block pc, NR-column panels of kc rows (a block starts at {@code k·jc + pc·ncPadded}).
 *
 * <ul>
 *   <li>Fewer rows than the micro-kernel's MR: a GEMV per row ({@link GemvKernel4x2v}) that streams the panels
 *   once, four panels (eight vector accumulators, enough to hide the FMA latency) at a time, carrying each
 *   accumulator across the KC blocks so every output is one FMA chain over all of k.</li>
 *   <li>MR rows or more: the GEMM's own macro-kernel over the prepacked blocks
 *   ({@link SimdGemm#multiplyPackedB}); only the activations are packed.</li>
 * </ul>
 * Both keep the GEMM accumulation contract, and both end in {@link SimdVectorOps#biasActivate}, so a row's bits do
 * not depend on the batch it came in. Layers whose n×k is at most {@code GEMM_DIRECT_MAX_NK} use the plain path, as
 * the GEMM does. Owns scratch buffers: one instance per thread.
 */
final class SimdPackedGemm implements PackedGemm {
    static final String LAYOUT = "simd-blocks-" + GEMM_KC + "x" + GEMM_NC + "-nr"
            + GEMM_NR_VECTORS * VectorWidth.LENGTH;
    private static final int NR = GEMM_NR_VECTORS * VectorWidth.LENGTH;

    private final SimdGemm gemm;
    private final SimdVectorOps ops;
    private final PlainPackedGemm plain;
    private final VectorUse vectors;
    private float[] row = new float[0];

    SimdPackedGemm(SimdGemm gemm, SimdVectorOps ops, VectorUse vectors) {
        this.gemm = gemm;
        this.ops = ops;
        this.plain = new PlainPackedGemm(gemm, ops);
        this.vectors = vectors;
    }

    @Override
    public PackedWeights pack(float[] w, int off, int k, int n) {
        if ((long) n * k <= GEMM_DIRECT_MAX_NK) {
            return plain.pack(w, off, k, n);
        }
        float[] data = new float[Math.multiplyExact(k, SimdGemm.roundUp(n, NR))];
        for (int jc = 0; jc < n; jc += GEMM_NC) {
            int nc = Math.min(GEMM_NC, n - jc);
            for (int pc = 0; pc < k; pc += GEMM_KC) {
                int kc = Math.min(GEMM_KC, k - pc);
                gemm.packBlockB(false, w, off, n, pc, kc, jc, nc, data, blockOffset(k, jc, pc, nc));
            }
        }
        return new PackedWeights(LAYOUT, k, n, data);
    }

    /** Where block (jc, pc) starts: every block before column jc is NC wide, a multiple of NR, so unpadded. */
    private static int blockOffset(int k, int jc, int pc, int nc) {
        return k * jc + pc * SimdGemm.roundUp(nc, NR);
    }

    @Override
    public void forward(int m, float[] x, int xOff, PackedWeights w, float[] bias, int biasOff, Activation f,
                        float[] out, int outOff) {
        if (PlainPackedGemm.LAYOUT.equals(w.layout())) {
            plain.forward(m, x, xOff, w, bias, biasOff, f, out, outOff);
            return;
        }
        if (!LAYOUT.equals(w.layout())) {
            throw new IllegalArgumentException("weights packed as " + w.layout() + ", expected " + LAYOUT);
        }
        int k = w.k(), n = w.n();
        if (m < SimdGemm.MR) {
            if (row.length < SimdGemm.roundUp(n, 4 * NR)) {
                row = new float[SimdGemm.roundUp(n, 4 * NR)]; // once per predictor thread and width
            }
            boolean onVectors = vectors.vectorsNow((long) m * n * k);
            for (int r = 0; r < m; r++) {
                if (onVectors) {
                    GemvKernel4x2v.row(x, xOff + r * k, w.data(), k, n, row);
                } else {
                    gemvRowLanes(x, xOff + r * k, w.data(), k, n, row);
                }
                ops.biasActivate(f, 1, n, row, 0, bias, biasOff, out, outOff + r * n, null, 0);
            }
            return;
        }
        for (int jc = 0; jc < n; jc += GEMM_NC) {
            int nc = Math.min(GEMM_NC, n - jc);
            for (int pc = 0; pc < k; pc += GEMM_KC) {
                int kc = Math.min(GEMM_KC, k - pc);
                gemm.multiplyPackedB(w.data(), blockOffset(k, jc, pc, nc), false, x, xOff, k, 0, m, pc, kc, nc, 1f,
                        pc == 0 ? 0f : 1f, out, outOff + jc, n);
            }
        }
        ops.biasActivate(f, m, n, out, outOff, bias, biasOff, out, outOff, null, 0);
    }

    /** {@link GemvKernel4x2v#row} one lane at a time (the same chains, so the same bits), while vector code is not compiled. */
    private static void gemvRowLanes(float[] x, int xOff, float[] w, int k, int n, float[] z) {
        java.util.Arrays.fill(z, 0, SimdGemm.roundUp(n, NR), 0f);
        for (int jc = 0; jc < n; jc += GEMM_NC) {
            int ncPad = SimdGemm.roundUp(Math.min(GEMM_NC, n - jc), NR);
            for (int jr = 0; jr < ncPad; jr += NR) {
                int zi = jc + jr;
                for (int pc = 0; pc < k; pc += GEMM_KC) {
                    int kc = Math.min(GEMM_KC, k - pc);
                    int panel = k * jc + pc * ncPad + jr * kc;
                    for (int p = 0; p < kc; p++) {
                        float xv = x[xOff + pc + p];
                        int o = panel + p * NR;
                        for (int j = 0; j < NR; j++) {
                            z[zi + j] = Math.fma(xv, w[o + j], z[zi + j]);
                        }
                    }
                }
            }
        }
    }

}
