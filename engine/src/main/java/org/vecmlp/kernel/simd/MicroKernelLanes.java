package org.vecmlp.kernel.simd;

/**
 * {@link MicroKernel6x2v} and {@link MicroKernel5x2v} one lane at a time: the same MR×NR tile, the same packed panels and the same FMA chain per
 * element, so the same bits. It runs while the vector kernel is not yet compiled ({@link Warmup}); the tile is kept
 * in C, not in registers.
 */
final class MicroKernelLanes {
    private static final int NR = 2 * VectorWidth.LENGTH;

    private MicroKernelLanes() {
    }

    /** As {@link MicroKernel6x2v#compute} for an {@code mr}-row tile, accumulating in C itself. */
    static void compute(int mr, int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc,
                        float beta) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < NR; j++) {
                int ci = cOff + r * ldc + j;
                c[ci] = beta == 0f ? 0f : c[ci] * beta;
            }
        }
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * mr;
            int bi = bOff + p * NR;
            for (int r = 0; r < mr; r++) {
                float a = ap[ai + r];
                int row = cOff + r * ldc;
                for (int j = 0; j < NR; j++) {
                    c[row + j] = Math.fma(a, bp[bi + j], c[row + j]);
                }
            }
        }
    }
}
