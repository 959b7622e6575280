package org.vecmlp.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inference GEMV over weights packed in the GEMM's B blocks ({@link SimdPackedGemm}): one row of x times W, four
 * NR-column panels (4 × 2 vectors: eight independent accumulators) per pass, each panel read once, straight through.
 * No loops over anything but k and the panel groups; the caller adds the bias and applies the activation. For the
 * 2-vector tiles of the family ({@link MicroKernel5x2v}, 6x2v, 8x2v, 12x2v); {@link GemvKernel3x3v} reads 3-vector
 * panels.
 */
final class GemvKernel4x2v {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    private static final int NR = 2 * L;

    private GemvKernel4x2v() {
    }

    /**
     * {@code z[0 .. n) = x·W} for one row into {@code z} (padded to a multiple of 4·NR): four panels at a time, each
     * accumulator one FMA chain over k in order from zero, exactly as the micro-kernel's. The padding columns of the
     * packed panels are zero, so whole vectors are stored; the caller reads the first n. {@code blockDepth} and
     * {@code blockColumns} are the GEMM's KC and NC, the blocks W was packed in.
     */
    static void row(float[] x, int xOff, float[] w, int k, int n, float[] z, int blockDepth, int blockColumns) {
        for (int jc = 0; jc < n; jc += blockColumns) {
            int nc = Math.min(blockColumns, n - jc);
            int ncPad = SimdGemm.roundUp(nc, NR);
            int jr = 0;
            for (; jr + 4 * NR <= ncPad; jr += 4 * NR) {
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                for (int pc = 0; pc < k; pc += blockDepth) {
                    int kc = Math.min(blockDepth, k - pc);
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
                for (int pc = 0; pc < k; pc += blockDepth) {
                    int kc = Math.min(blockDepth, k - pc);
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

}
