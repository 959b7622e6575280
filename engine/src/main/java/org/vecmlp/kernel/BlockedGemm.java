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
     * @param transB B is stored n×k (the NT layout)
     * @param b      the array holding B
     * @param bOff   where B starts in {@code b}
     * @param ldb    B's leading dimension (row stride as stored)
     * @param p0     the first row of B (depth) in the block
     * @param kc     the depth of the block
     * @param j0     the first column of B in the block
     * @param nc     the columns of the block
     * @param dst    the array the packed block is written to (overwritten, not added to)
     * @param dstOff where the result starts
     */
    void packBlockB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst,
                    int dstOff);

    /** {@return rows of C in the register tile: row pieces that are multiples of it split no tile} */
    int tileRows();

    /** {@return columns of C in the register tile (NR): packed B panels are this wide} */
    int tileColumns();

    /** {@return depth of one packed block (KC)} */
    int blockDepth();

    /** {@return the columns of one packed B block (NC, a multiple of {@link #tileColumns()})} */
    int blockColumns();

    /**
     * Floats one packed block of {@code kc} rows and {@code nc} columns takes.
     *
     * @param kc the depth of the block
     * @param nc the columns of the block
     * @return the floats
     */
    int packedBlockSize(int kc, int nc);

    /**
     * Rows {@code i0 .. i0+rows} of α·op(A) (columns {@code p0 .. p0+kc}) times the packed B block at
     * {@code sharedB[sharedOff]} of {@code nc} columns, into C (whose block starts at {@code cOff}) with β.
     * {@code transA}: A is stored k×m. With {@code i0} a multiple of MR, the bits equal the single-thread GEMM's.
     * @param sharedB   the packed block
     * @param sharedOff where the block starts
     * @param transA    A is stored k×m (the TN layout)
     * @param a         the array holding A
     * @param aOff      where A starts in {@code a}
     * @param lda       A's leading dimension (row stride as stored)
     * @param i0        the first row of A and C
     * @param rows      the number of rows
     * @param p0        the first row of B (depth) in the block
     * @param kc        the depth of the block
     * @param nc        the columns of the block
     * @param alpha     scales the product
     * @param beta      scales C before the product is added (0: C is not read)
     * @param c         the array holding C
     * @param cOff      where C starts in {@code c}
     * @param ldc       C's leading dimension (row stride)
     */
    void multiplyPackedB(float[] sharedB, int sharedOff, boolean transA, float[] a, int aOff, int lda, int i0,
                         int rows, int p0, int kc, int nc, float alpha, float beta, float[] c, int cOff, int ldc);

    /**
     * Whether a product of this shape runs the packed blocks (rather than the unpacked small-product loops): where
     * packing B once for several products pays.
      *
     * @param m rows of C
     * @param n columns of C
     * @param k the depth of the product (columns of op(A), rows of op(B))
     * @return whether it packs
     */
    boolean packs(int m, int n, int k);

    /**
     * {@code C[m×n] = α·op(A)·B + β·C} over a B packed beforehand by this blocking ({@link PackedOperand}, its
     * transpose absorbed in the packing): the product without packing B, the same bits as the call that packs it.
     * {@code transA}: A is stored k×m.
     * @param transA A is stored k×m (the TN layout)
     * @param m      rows of C
     * @param alpha  scales the product
     * @param a      the array holding A
     * @param aOff   where A starts in {@code a}
     * @param lda    A's leading dimension (row stride as stored)
     * @param b      the array holding B
     * @param beta   scales C before the product is added (0: C is not read)
     * @param c      the array holding C
     * @param cOff   where C starts in {@code c}
     * @param ldc    C's leading dimension (row stride)
     */
    void multiplyPacked(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedOperand b,
                        float beta, float[] c, int cOff, int ldc);

    /**
     * {@link #gemmNNBiasActivate} over weights packed beforehand ({@link PackedOperand}, not transposed): a
     * shard's forward pass against the step's shared packed weights, with the epilogue per strip of rows.
     * @param ops      the element-wise passes the epilogue runs with (the same backend's)
     * @param f        the activation
     * @param m        rows of C
     * @param a        the array holding A
     * @param aOff     where A starts in {@code a}
     * @param lda      A's leading dimension (row stride as stored)
     * @param w        the weights (or the parameters, for the updates)
     * @param z        the pre-activations ({@code m×n}, leading dimension n)
     * @param zOff     where z starts
     * @param bias     the array holding the biases
     * @param biasOff  where the biases start
     * @param out      the array the outputs go to
     * @param outOff   where the outputs start
     * @param deriv    the array the derivatives go to, or null for none
     * @param derivOff where the derivatives start
     */
    void forwardPacked(VectorOps ops, Pointwise f, int m, float[] a, int aOff, int lda, PackedOperand w,
                       float[] z, int zOff, float[] bias, int biasOff, float[] out, int outOff, float[] deriv,
                       int derivOff);
}
