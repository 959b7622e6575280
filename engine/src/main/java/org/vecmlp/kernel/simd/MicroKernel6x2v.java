package org.vecmlp.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM micro-kernel: a 6×(2 vectors) tile of C held in 12 vector registers while it runs over the packed depth
 * with broadcast-FMA. No loops over m or n and no edge cases: the caller gives full packed panels and, for edges, a
 * scratch tile. Per depth step: 2 vector loads of B, 6 broadcasts of A, 12 FMAs.
 *
 * <p>Packed layouts: A micro-panel {@code ap[aOff + p·6 + r]}, B micro-panel {@code bp[bOff + p·NR + j]} with
 * {@code NR = 2·lanes}.
 */
final class MicroKernel6x2v {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    private static final int MR = 6;
    private static final int NR = 2 * L;

    private MicroKernel6x2v() {
    }

    /** C[6×NR] = β·C + A-panel·B-panel over depth {@code kc}; β = 0 overwrites C without reading it. */
    static void compute(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
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
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        store(c00, c01, c, cOff, beta);
        store(c10, c11, c, cOff + ldc, beta);
        store(c20, c21, c, cOff + 2 * ldc, beta);
        store(c30, c31, c, cOff + 3 * ldc, beta);
        store(c40, c41, c, cOff + 4 * ldc, beta);
        store(c50, c51, c, cOff + 5 * ldc, beta);
    }

    private static void store(FloatVector v0, FloatVector v1, float[] c, int ci, float beta) {
        if (beta == 0f) {
            v0.intoArray(c, ci);
            v1.intoArray(c, ci + L);
        } else if (beta == 1f) {
            FloatVector.fromArray(S, c, ci).add(v0).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(v1).intoArray(c, ci + L);
        } else {
            FloatVector.fromArray(S, c, ci).fma(FloatVector.broadcast(S, beta), v0).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).fma(FloatVector.broadcast(S, beta), v1).intoArray(c, ci + L);
        }
    }
}
