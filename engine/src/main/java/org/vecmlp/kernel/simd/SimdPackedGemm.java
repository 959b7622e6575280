package org.vecmlp.kernel.simd;

import static org.vecmlp.kernel.KernelParameters.GEMM_DIRECT_MAX_NK;
import static org.vecmlp.kernel.KernelParameters.GEMM_KC;
import static org.vecmlp.kernel.KernelParameters.GEMM_MR;
import static org.vecmlp.kernel.KernelParameters.GEMM_NC;
import static org.vecmlp.kernel.KernelParameters.GEMM_NR_VECTORS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.vecmlp.kernel.PackedGemm;
import org.vecmlp.kernel.PackedWeights;
import org.vecmlp.kernel.PlainPackedGemm;
import org.vecmlp.nn.Activation;

/**
 * The SIMD inference path over weights packed once, in exactly the blocks {@link SimdGemm} packs B into: for each
 * NC-column block jc and KC-row block pc, NR-column panels of kc rows (a block starts at {@code k·jc + pc·ncPadded}).
 *
 * <ul>
 *   <li>Fewer rows than the micro-kernel's MR: a GEMV per row ({@link #gemvRow}) that streams the panels once, four
 *   panels (eight vector accumulators, enough to hide the FMA latency) at a time, carrying each accumulator across
 *   the KC blocks so every output is one FMA chain over all of k.</li>
 *   <li>MR rows or more: the GEMM's own macro-kernel over the prepacked blocks
 *   ({@link SimdGemm#multiplyPackedB}); only the activations are packed.</li>
 * </ul>
 * Both keep the GEMM accumulation contract, and both end in {@link SimdVectorOps#biasActivate}, so a row's bits do
 * not depend on the batch it came in. Layers whose n×k is at most {@code GEMM_DIRECT_MAX_NK} use the plain path, as
 * the GEMM does. Owns scratch buffers: one instance per thread.
 */
final class SimdPackedGemm implements PackedGemm {
    static final String LAYOUT = "simd-blocks-" + GEMM_KC + "x" + GEMM_NC + "-nr" + GEMM_NR_VECTORS * Lanes.LENGTH;
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    private static final int NR = GEMM_NR_VECTORS * L;

    private final SimdGemm gemm;
    private final SimdVectorOps ops;
    private final PlainPackedGemm plain;
    private float[] row = new float[0];

    SimdPackedGemm(SimdGemm gemm, SimdVectorOps ops) {
        this.gemm = gemm;
        this.ops = ops;
        this.plain = new PlainPackedGemm(gemm, ops);
    }

    @Override
    public PackedWeights pack(float[] w, int off, int k, int n) {
        if ((long) n * k <= GEMM_DIRECT_MAX_NK) {
            return plain.pack(w, off, k, n);
        }
        float[] data = new float[Math.multiplyExact(k, roundUp(n, NR))];
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
        return k * jc + pc * roundUp(nc, NR);
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
        if (m < GEMM_MR) {
            if (row.length < roundUp(n, 4 * NR)) {
                row = new float[roundUp(n, 4 * NR)]; // once per predictor thread and width
            }
            for (int r = 0; r < m; r++) {
                gemvRow(x, xOff + r * k, w.data(), k, n, row);
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

    /**
     * {@code z[0 .. n) = x·W} for one row into {@code z} (padded to a multiple of 4·NR): four panels at a time, each
     * accumulator one FMA chain over k in order from zero, exactly as the micro-kernel's. The padding columns of the
     * packed panels are zero, so whole vectors are stored; the caller reads the first n.
     */
    private static void gemvRow(float[] x, int xOff, float[] w, int k, int n, float[] z) {
        for (int jc = 0; jc < n; jc += GEMM_NC) {
            int nc = Math.min(GEMM_NC, n - jc);
            int ncPad = roundUp(nc, NR);
            int jr = 0;
            for (; jr + 4 * NR <= ncPad; jr += 4 * NR) {
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                for (int pc = 0; pc < k; pc += GEMM_KC) {
                    int kc = Math.min(GEMM_KC, k - pc);
                    int p0 = k * jc + pc * ncPad + jr * kc; // four panels of kc·NR floats follow each other
                    int p1 = p0 + kc * NR, p2 = p1 + kc * NR, p3 = p2 + kc * NR;
                    int xi = xOff + pc;
                    for (int p = 0; p < kc; p++) {
                        FloatVector xv = FloatVector.broadcast(S, x[xi + p]);
                        int o = p * NR;
                        a0 = xv.fma(FloatVector.fromArray(S, w, p0 + o), a0);
                        a1 = xv.fma(FloatVector.fromArray(S, w, p0 + o + L), a1);
                        a2 = xv.fma(FloatVector.fromArray(S, w, p1 + o), a2);
                        a3 = xv.fma(FloatVector.fromArray(S, w, p1 + o + L), a3);
                        a4 = xv.fma(FloatVector.fromArray(S, w, p2 + o), a4);
                        a5 = xv.fma(FloatVector.fromArray(S, w, p2 + o + L), a5);
                        a6 = xv.fma(FloatVector.fromArray(S, w, p3 + o), a6);
                        a7 = xv.fma(FloatVector.fromArray(S, w, p3 + o + L), a7);
                    }
                }
                int zi = jc + jr;
                a0.intoArray(z, zi);
                a1.intoArray(z, zi + L);
                a2.intoArray(z, zi + NR);
                a3.intoArray(z, zi + NR + L);
                a4.intoArray(z, zi + 2 * NR);
                a5.intoArray(z, zi + 2 * NR + L);
                a6.intoArray(z, zi + 3 * NR);
                a7.intoArray(z, zi + 3 * NR + L);
            }
            for (; jr < ncPad; jr += NR) { // the last one to three panels of the block
                FloatVector a0 = FloatVector.zero(S), a1 = a0;
                for (int pc = 0; pc < k; pc += GEMM_KC) {
                    int kc = Math.min(GEMM_KC, k - pc);
                    int p0 = k * jc + pc * ncPad + jr * kc;
                    int xi = xOff + pc;
                    for (int p = 0; p < kc; p++) {
                        FloatVector xv = FloatVector.broadcast(S, x[xi + p]);
                        int o = p0 + p * NR;
                        a0 = xv.fma(FloatVector.fromArray(S, w, o), a0);
                        a1 = xv.fma(FloatVector.fromArray(S, w, o + L), a1);
                    }
                }
                a0.intoArray(z, jc + jr);
                a1.intoArray(z, jc + jr + L);
            }
        }
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
