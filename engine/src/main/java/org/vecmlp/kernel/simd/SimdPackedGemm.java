package org.vecmlp.kernel.simd;

import org.vecmlp.kernel.PackedGemm;
import org.vecmlp.kernel.PackedWeights;
import org.vecmlp.kernel.PlainPackedGemm;
import org.vecmlp.kernel.Pointwise;

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
 * not depend on the batch it came in. Layers whose n×k is at most the tuning's {@code directMaxNk} use the plain path,
 * as the GEMM does. The layout's name carries the blocks and panel width, so weights packed under one tuning are
 * refused by a GEMM with another. Owns scratch buffers: one instance per thread.
 */
final class SimdPackedGemm implements PackedGemm {
    private final String layout;
    private final int nr;
    private final int kc;
    private final int nc;
    private final int mr;
    private final int gemvGroup; // panels per GEMV pass: the row buffer is padded to whole groups
    private final long directMaxNk;
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
        this.nr = gemm.tileColumns();
        this.kc = gemm.blockDepth();
        this.nc = gemm.blockColumns();
        this.mr = gemm.tileRows();
        this.gemvGroup = gemm.kernel().vectors() == 3 ? 3 : 4;
        this.directMaxNk = gemm.tuning().directMaxNk();
        this.layout = "simd-blocks-" + kc + "x" + nc + "-nr" + nr;
    }

    @Override
    public PackedWeights pack(float[] w, int off, int k, int n) {
        if ((long) n * k <= directMaxNk) {
            return plain.pack(w, off, k, n);
        }
        float[] data = new float[Math.multiplyExact(k, SimdGemm.roundUp(n, nr))];
        for (int jc = 0; jc < n; jc += nc) {
            int cols = Math.min(nc, n - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int depth = Math.min(kc, k - pc);
                gemm.packBlockB(false, w, off, n, pc, depth, jc, cols, data, blockOffset(k, jc, pc, cols));
            }
        }
        return new PackedWeights(layout, k, n, data);
    }

    /** Where block (jc, pc) starts: every block before column jc is NC wide, a multiple of NR, so unpadded. */
    private int blockOffset(int k, int jc, int pc, int cols) {
        return k * jc + pc * SimdGemm.roundUp(cols, nr);
    }

    @Override
    public void forward(int m, float[] x, int xOff, PackedWeights w, float[] bias, int biasOff, Pointwise f,
                        float[] out, int outOff) {
        if (PlainPackedGemm.LAYOUT.equals(w.layout())) {
            plain.forward(m, x, xOff, w, bias, biasOff, f, out, outOff);
            return;
        }
        if (!layout.equals(w.layout())) {
            throw new IllegalArgumentException("weights packed as " + w.layout() + ", expected " + layout);
        }
        int k = w.k(), n = w.n();
        if (m < mr) {
            if (row.length < SimdGemm.roundUp(n, gemvGroup * nr)) {
                row = new float[SimdGemm.roundUp(n, gemvGroup * nr)]; // once per predictor thread and width
            }
            boolean onVectors = vectors.vectorsNow((long) m * n * k);
            for (int r = 0; r < m; r++) {
                if (!onVectors) {
                    gemvRowLanes(x, xOff + r * k, w.data(), k, n, row);
                } else if (gemvGroup == 3) {
                    GemvKernel3x3v.row(x, xOff + r * k, w.data(), k, n, row, kc, nc);
                } else {
                    GemvKernel4x2v.row(x, xOff + r * k, w.data(), k, n, row, kc, nc);
                }
                ops.biasActivate(f, 1, n, row, 0, bias, biasOff, out, outOff + r * n, null, 0);
            }
            return;
        }
        for (int jc = 0; jc < n; jc += nc) {
            int cols = Math.min(nc, n - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int depth = Math.min(kc, k - pc);
                gemm.multiplyPackedB(w.data(), blockOffset(k, jc, pc, cols), false, x, xOff, k, 0, m, pc, depth, cols,
                        1f, pc == 0 ? 0f : 1f, out, outOff + jc, n);
            }
        }
        ops.biasActivate(f, m, n, out, outOff, bias, biasOff, out, outOff, null, 0);
    }

    /** The GEMV one lane at a time (the same chains, so the same bits), while vector code is not compiled. */
    private void gemvRowLanes(float[] x, int xOff, float[] w, int k, int n, float[] z) {
        java.util.Arrays.fill(z, 0, SimdGemm.roundUp(n, nr), 0f);
        for (int jc = 0; jc < n; jc += nc) {
            int ncPad = SimdGemm.roundUp(Math.min(nc, n - jc), nr);
            for (int jr = 0; jr < ncPad; jr += nr) {
                int zi = jc + jr;
                for (int pc = 0; pc < k; pc += kc) {
                    int depth = Math.min(kc, k - pc);
                    int panel = k * jc + pc * ncPad + jr * depth;
                    for (int p = 0; p < depth; p++) {
                        float xv = x[xOff + pc + p];
                        int o = panel + p * nr;
                        for (int j = 0; j < nr; j++) {
                            z[zi + j] = Math.fma(xv, w[o + j], z[zi + j]);
                        }
                    }
                }
            }
        }
    }

}
