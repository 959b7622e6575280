package org.vecmlp.kernel.simd;

import org.vecmlp.kernel.GemmBlocking;

/**
 * A register tile of the SIMD GEMM: {@link #rows()} rows of C by {@link #vectors()} vectors, held in registers while
 * it runs over one packed depth block. Every kernel of the family keeps the GEMM contract (each element of C one FMA
 * chain over k, in order, from β·C), so the shape changes speed only, never a bit of a result; which one is fastest
 * depends on the CPU's vector registers (16 on AVX2, 32 on AVX-512), measured by {@code vecmlp tune}.
 *
 * <p>Packed layouts: A micro-panel {@code ap[aOff + p·rows + r]}, B micro-panel {@code bp[bOff + p·NR + j]} with
 * {@code NR = vectors·lanes}.
 */
interface MicroKernel {

    /** Rows of the tile (MR). */
    int rows();

    /** Vectors per row of the tile (NR = vectors × lanes). */
    int vectors();

    /**
     * C[rows×NR] = β·C + A-panel·B-panel over depth {@code kc}; β = 0 overwrites C without reading it. {@code c} rows
     * are {@code ldc} apart and must hold a whole tile.
     */
    void compute(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, float beta);

    /** The kernel of a tile shape from {@link GemmBlocking#SHAPES}. */
    static MicroKernel of(int rows, int vectors) {
        return switch (rows + "x" + vectors + "v") {
            case "4x3v" -> MicroKernel4x3v.INSTANCE;
            case "5x2v" -> MicroKernel5x2v.INSTANCE;
            case "6x2v" -> MicroKernel6x2v.INSTANCE;
            case "8x2v" -> MicroKernel8x2v.INSTANCE;
            case "8x3v" -> MicroKernel8x3v.INSTANCE;
            case "12x2v" -> MicroKernel12x2v.INSTANCE;
            default -> throw new IllegalArgumentException("no " + rows + "x" + vectors + "v micro-kernel (there are "
                    + String.join(", ", GemmBlocking.SHAPES) + ")");
        };
    }
}
