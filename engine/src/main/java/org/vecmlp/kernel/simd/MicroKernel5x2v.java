package org.vecmlp.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM micro-kernel: a 5×(2 vectors) tile of C held in 10 vector registers while it runs over the packed depth
 * with broadcast-FMA. No loops over m or n and no edge cases: the caller gives full packed panels and, for edges, a
 * scratch tile. Per depth step: 2 vector loads of B, 5 broadcasts of A, 10 FMAs. The shape for 16 vector registers (AVX2):
 * with 6 rows C2 spills an accumulator to the stack every step, which halved the speed on Zen 3.
 *
 * <p>Packed layouts: A micro-panel {@code ap[aOff + p·5 + r]}, B micro-panel {@code bp[bOff + p·NR + j]} with
 * {@code NR = 2·lanes}.
 */
final class MicroKernel5x2v {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    private static final int MR = 5;
    private static final int NR = 2 * L;

    private MicroKernel5x2v() {
    }

    /**
     * C[5×NR] = β·C + A-panel·B-panel over depth {@code kc}; β = 0 overwrites C without reading it. The accumulators
     * start from β·C so the end is a plain store: no helper takes vectors as arguments, which would box them when
     * the JIT declines to inline it.
     */
    static void compute(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, float beta) {
        int r0 = cOff, r1 = cOff + ldc, r2 = cOff + 2 * ldc, r3 = cOff + 3 * ldc, r4 = cOff + 4 * ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41;
        if (beta == 0f) {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = FloatVector.zero(S);
        } else {
            c00 = FloatVector.fromArray(S, c, r0).mul(beta);
            c01 = FloatVector.fromArray(S, c, r0 + L).mul(beta);
            c10 = FloatVector.fromArray(S, c, r1).mul(beta);
            c11 = FloatVector.fromArray(S, c, r1 + L).mul(beta);
            c20 = FloatVector.fromArray(S, c, r2).mul(beta);
            c21 = FloatVector.fromArray(S, c, r2 + L).mul(beta);
            c30 = FloatVector.fromArray(S, c, r3).mul(beta);
            c31 = FloatVector.fromArray(S, c, r3 + L).mul(beta);
            c40 = FloatVector.fromArray(S, c, r4).mul(beta);
            c41 = FloatVector.fromArray(S, c, r4 + L).mul(beta);
        }
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
    }
}
