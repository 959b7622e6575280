package org.vecmlp.kernel;

/**
 * A packed, blocked GEMM whose pieces a parallel caller can drive (BLIS's parallel ic loop): for each KC×NC block of
 * B the workers pack it into one shared buffer, then each multiplies its own rows of A against it. Sharing the packed
 * B means the threads together pack no more than one thread would.
 */
public interface BlockedGemm extends Gemm {

    /**
     * Packs B[p0 .. p0+kc, j0 .. j0+nc] (within one block: {@code kc ≤ blockDepth()}, {@code nc ≤ blockColumns()})
     * into {@code dst} at {@code dstOff}, panel by NR-column panel ({@code kc·NR} floats each), as the serial GEMM
     * lays out a block. Uses no scratch of the instance: any thread may call it.
     */
    void packBlockB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst,
                    int dstOff);

    /** Rows of C in the register tile: row pieces that are multiples of it split no tile. */
    int tileRows();

    /** Columns of C in the register tile (NR): packed B panels are this wide. */
    int tileColumns();

    /** Depth of one packed block (KC). */
    int blockDepth();

    /** Columns of one packed B block (NC, a multiple of {@link #tileColumns()}). */
    int blockColumns();

    /** Floats one packed block of {@code kc} rows and {@code nc} columns takes. */
    int packedBlockSize(int kc, int nc);

    /**
     * Rows {@code i0 .. i0+rows} of α·op(A) (columns {@code p0 .. p0+kc}) times the packed B block at
     * {@code sharedB[sharedOff]} of {@code nc} columns, into C (whose block starts at {@code cOff}) with β.
     * {@code transA}: A is stored k×m. With {@code i0} a multiple of MR, the bits equal the single-thread GEMM's.
     */
    void multiplyPackedB(float[] sharedB, int sharedOff, boolean transA, float[] a, int aOff, int lda, int i0,
                         int rows, int p0, int kc, int nc, float alpha, float beta, float[] c, int cOff, int ldc);

    /**
     * Whether a product of this shape runs the packed blocks (rather than the unpacked small-product loops): where
     * packing B once for several products pays.
     */
    boolean packs(int m, int n, int k);

    /**
     * {@code C[m×n] = α·op(A)·B + β·C} over a B packed beforehand by this blocking ({@link PackedOperand}, its
     * transpose absorbed in the packing): the product without packing B, the same bits as the call that packs it.
     * {@code transA}: A is stored k×m.
     */
    void multiplyPacked(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedOperand b,
                        float beta, float[] c, int cOff, int ldc);

    /**
     * {@link #gemmNNBiasActivate} over weights packed beforehand ({@link PackedOperand}, not transposed): a
     * shard's forward pass against the step's shared packed weights, with the epilogue per strip of rows.
     */
    void forwardPacked(VectorOps ops, Pointwise f, int m, float[] a, int aOff, int lda, PackedOperand w,
                       float[] z, int zOff, float[] bias, int biasOff, float[] out, int outOff, float[] deriv,
                       int derivOff);
}
