package org.vecmlp.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GemvKernel4x2v} for weights packed in 3-vector panels ({@link MicroKernel4x3v}, {@link MicroKernel8x3v}):
 * three panels (nine independent accumulators) per pass, then one panel at a time; each output one FMA chain over k
 * in order from zero, exactly as the micro-kernel's.
 */
final class GemvKernel3x3v {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    private static final int NR = 3 * L;

    private GemvKernel3x3v() {
    }

    /** As {@link GemvKernel4x2v#row}, for 3-vector panels; {@code z} is padded to a multiple of 3·NR. */
    static void row(float[] x, int xOff, float[] w, int k, int n, float[] z, int blockDepth, int blockColumns) {
        for (int jc = 0; jc < n; jc += blockColumns) {
            int nc = Math.min(blockColumns, n - jc);
            int ncPad = SimdGemm.roundUp(nc, NR);
            int jr = 0;
            for (; jr + 3 * NR <= ncPad; jr += 3 * NR) {
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                FloatVector a8 = a0;
                for (int pc = 0; pc < k; pc += blockDepth) {
                    int kc = Math.min(blockDepth, k - pc);
                    int p0 = k * jc + pc * ncPad + jr * kc; // three panels of kc·NR floats follow each other
                    int p1 = p0 + kc * NR, p2 = p1 + kc * NR;
                    int xi = xOff + pc;
                    for (int p = 0; p < kc; p++) {
                        FloatVector xv = FloatVector.broadcast(S, x[xi + p]);
                        int o = p * NR;
                        a0 = xv.fma(FloatVector.fromArray(S, w, p0 + o), a0);
                        a1 = xv.fma(FloatVector.fromArray(S, w, p0 + o + L), a1);
                        a2 = xv.fma(FloatVector.fromArray(S, w, p0 + o + 2 * L), a2);
                        a3 = xv.fma(FloatVector.fromArray(S, w, p1 + o), a3);
                        a4 = xv.fma(FloatVector.fromArray(S, w, p1 + o + L), a4);
                        a5 = xv.fma(FloatVector.fromArray(S, w, p1 + o + 2 * L), a5);
                        a6 = xv.fma(FloatVector.fromArray(S, w, p2 + o), a6);
                        a7 = xv.fma(FloatVector.fromArray(S, w, p2 + o + L), a7);
                        a8 = xv.fma(FloatVector.fromArray(S, w, p2 + o + 2 * L), a8);
                    }
                }
                int zi = jc + jr;
                a0.intoArray(z, zi);
                a1.intoArray(z, zi + L);
                a2.intoArray(z, zi + 2 * L);
                a3.intoArray(z, zi + NR);
                a4.intoArray(z, zi + NR + L);
                a5.intoArray(z, zi + NR + 2 * L);
                a6.intoArray(z, zi + 2 * NR);
                a7.intoArray(z, zi + 2 * NR + L);
                a8.intoArray(z, zi + 2 * NR + 2 * L);
            }
            for (; jr < ncPad; jr += NR) { // the last one or two panels of the block
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0;
                for (int pc = 0; pc < k; pc += blockDepth) {
                    int kc = Math.min(blockDepth, k - pc);
                    int p0 = k * jc + pc * ncPad + jr * kc;
                    int xi = xOff + pc;
                    for (int p = 0; p < kc; p++) {
                        FloatVector xv = FloatVector.broadcast(S, x[xi + p]);
                        int o = p0 + p * NR;
                        a0 = xv.fma(FloatVector.fromArray(S, w, o), a0);
                        a1 = xv.fma(FloatVector.fromArray(S, w, o + L), a1);
                        a2 = xv.fma(FloatVector.fromArray(S, w, o + 2 * L), a2);
                    }
                }
                a0.intoArray(z, jc + jr);
                a1.intoArray(z, jc + jr + L);
                a2.intoArray(z, jc + jr + 2 * L);
            }
        }
    }
}
