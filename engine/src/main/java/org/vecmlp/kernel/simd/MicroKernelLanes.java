package org.vecmlp.kernel.simd;

/**
 * Every {@link MicroKernel} one lane at a time: the same MR×NR tile, the same packed panels and the same FMA chain
 * per element, so the same bits. It runs while the vector kernel is not yet compiled ({@link Warmup}); the tile is kept
 * in C, not in registers.
 */
final class MicroKernelLanes {
    private MicroKernelLanes() {
    }

    /** As {@link MicroKernel#compute} for an {@code mr}×{@code nr} tile, accumulating in C itself. */
    static void compute(int mr, int nr, int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc,
                        float beta) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                int ci = cOff + r * ldc + j;
                c[ci] = beta == 0f ? 0f : c[ci] * beta;
            }
        }
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * mr;
            int bi = bOff + p * nr;
            for (int r = 0; r < mr; r++) {
                float a = ap[ai + r];
                int row = cOff + r * ldc;
                for (int j = 0; j < nr; j++) {
                    c[row + j] = Math.fma(a, bp[bi + j], c[row + j]);
                }
            }
        }
    }
}
