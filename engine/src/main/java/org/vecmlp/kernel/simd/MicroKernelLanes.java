package org.vecmlp.kernel.simd;

/**
 * {@link MicroKernel6x2v} and {@link MicroKernel5x2v} one lane at a time: the same MR×NR tile, the same packed panels and the same FMA chain per
 * element, so the same bits. It runs while the vector kernel is not yet compiled ({@link Warmup}); the tile is kept
 * in the caller's scratch array, not in registers.
 */
final class MicroKernelLanes {
    private static final int NR = 2 * VectorWidth.LENGTH;

    private MicroKernelLanes() {
    }

    /** As {@link MicroKernel6x2v#compute} for an {@code mr}-row tile; {@code tile} (mr·NR floats) is scratch. */
    static void compute(int mr, int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, float beta,
                        float[] tile) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < NR; j++) {
                tile[r * NR + j] = beta == 0f ? 0f : c[cOff + r * ldc + j] * beta;
            }
        }
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * mr;
            int bi = bOff + p * NR;
            for (int r = 0; r < mr; r++) {
                float a = ap[ai + r];
                int t = r * NR;
                for (int j = 0; j < NR; j++) {
                    tile[t + j] = Math.fma(a, bp[bi + j], tile[t + j]);
                }
            }
        }
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * NR, c, cOff + r * ldc, NR);
        }
    }
}
