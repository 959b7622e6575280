package org.vecmlp.kernel.simd;

import java.util.Arrays;
import org.vecmlp.kernel.BlockedGemm;
import org.vecmlp.kernel.Gemm;
import org.vecmlp.kernel.GemmBlocking;
import org.vecmlp.kernel.PackedOperand;
import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.Tuning;
import org.vecmlp.kernel.VectorOps;
import org.vecmlp.kernel.scalar.ScalarGemm;

/**
 * GEMM the way high-performance BLAS libraries do it (GotoBLAS/BLIS): the loops around a tiny register-blocked
 * micro-kernel, with both operands packed into contiguous, reused buffers.
 *
 * <pre>
 * for jc in n by NC:                 B block  KC×NC → bPack   (L2)
 *   for pc in k by KC:
 *     pack B[pc.., jc..]
 *     for ic in m by MC:             A block  MC×KC → aPack   (L2; each MR×KC micro-panel in L1)
 *       pack α·A[ic.., pc..]
 *       for ir in mc by MR:
 *         for jr in nc by NR:        one MR×NR tile of C in registers: a {@link MicroKernel}
 * </pre>
 *
 * The micro-kernel and the block sizes come from a {@link Tuning} ({@link GemmBlocking}): by default the one in
 * force for this JVM, measured per CPU by {@code vecmlp tune}.
 *
 * Packing absorbs the transposes (TN packs A by columns, NT packs B by rows) and α; β applies on the first k block
 * only. Edge tiles are copied into a scratch tile, run through the same micro-kernel and copied back, so the kernel
 * never needs masks and each element is still one FMA chain over k (the contract in {@link ScalarGemm}): results
 * equal the scalar GEMM's bit for bit. Products with fewer than
 * {@link Tuning#directMaxFlops()} multiply-adds, or with a tiny n×k operand
 * ({@link Tuning#directMaxNk()}), skip all this and run {@link SmallGemm}'s unpacked vector loops (or, under a
 * vector of columns, the scalar loops), which keep the same contract. Since no tile shape or block size changes any element's chain, every tuning gives the same
 * bits. Owns its packing buffers: one instance per thread.
 */
public final class SimdGemm implements BlockedGemm {
    /** The largest n×k (floats) a small NT product transposes into scratch; past it the plain loops run. */
    private static final int SMALL_NT_CAPACITY = 1 << 16;
    private final MicroKernel kernel;
    private final Tuning tuning;
    private final int mr;
    private final int nr;
    private final int mc;
    private final int kc;
    private final int nc;
    private final long directMaxFlops;
    private final long directMaxNk;
    private final float[] aPack;
    private final float[] bPack;
    private final float[] edge;
    private final ScalarGemm plain = new ScalarGemm();
    private final SmallGemm small;
    private final VectorUse vectors;
    private final Epilogue epilogue = new Epilogue();

    /** The GEMM with the tuning in force, on vectors after the warm-up ({@link Warmup}). */
    public SimdGemm() {
        this(VectorUse.AFTER_WARMUP);
    }

    SimdGemm(VectorUse vectors) {
        this(Tuning.inForce(VectorWidth.BITS), vectors);
    }

    SimdGemm(Tuning tuning, VectorUse vectors) {
        GemmBlocking blocking = tuning.blocking();
        this.tuning = tuning;
        this.kernel = MicroKernel.of(blocking.rows(), blocking.vectors());
        this.mr = blocking.rows();
        this.nr = blocking.vectors() * VectorWidth.LENGTH;
        this.mc = Math.max(mr, blocking.mc() / mr * mr);
        this.kc = blocking.kc();
        this.nc = roundUp(blocking.nc(), nr);
        this.directMaxFlops = tuning.directMaxFlops();
        this.directMaxNk = tuning.directMaxNk();
        this.aPack = new float[mc * kc];
        this.bPack = new float[kc * nc];
        this.edge = new float[mr * nr];
        this.small = new SmallGemm((int) Math.min(Math.max(directMaxFlops, directMaxNk), SMALL_NT_CAPACITY));
        this.vectors = vectors;
    }

    /** The tuning this GEMM runs with. */
    Tuning tuning() {
        return tuning;
    }

    /** The register tile's micro-kernel. */
    MicroKernel kernel() {
        return kernel;
    }

    @Override
    public void gemmNN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        multiply(false, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null, 0);
    }

    @Override
    public void gemmTN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        multiply(true, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null, 0);
    }

    /** As {@link #gemmTN}; a packed product adds the column sums of B while it packs B ({@link #packB}). */
    @Override
    public void gemmTNColumnSums(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                                 int ldb, float beta, float[] c, int cOff, int ldc, float[] sums, int sumsOff) {
        multiply(true, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, sums, sumsOff);
    }

    @Override
    public void gemmNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        multiply(false, true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null, 0);
    }

    /**
     * A packed forward product runs the bias and activation on each MR-row strip of z right after the strip's last
     * k block ({@link #macroKernel}), while it is in L1; smaller products take the two calls one after the other.
     */
    @Override
    public void gemmNNBiasActivate(VectorOps ops, Pointwise f, int m, int n, int k, float[] a, int aOff, int lda,
                                   float[] b, int bOff, int ldb, float[] z, int zOff, float[] bias, int biasOff,
                                   float[] out, int outOff, float[] deriv, int derivOff) {
        if (tooSmallToPack(m, n, k) || k == 0 || !vectors.vectorsNow((long) m * n * k)) {
            BlockedGemm.super.gemmNNBiasActivate(ops, f, m, n, k, a, aOff, lda, b, bOff, ldb, z, zOff, bias, biasOff,
                    out, outOff, deriv, derivOff);
            return;
        }
        forwardBlocked(ops, f, m, n, k, a, aOff, lda, b, bOff, ldb, null, z, zOff, bias, biasOff, out, outOff, deriv,
                derivOff);
    }

    /** The packed forward product with its epilogue, B packed here ({@code packedW} null) or beforehand. */
    private void forwardBlocked(VectorOps ops, Pointwise f, int m, int n, int k, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, PackedOperand packedW, float[] z, int zOff,
                                float[] bias, int biasOff, float[] out, int outOff, float[] deriv, int derivOff) {
        epilogue.set(ops, f, n, z, zOff, bias, biasOff, out, outOff, deriv, derivOff);
        try {
            blocked(false, false, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, z, zOff, n, null, 0, packedW,
                    epilogue);
        } finally {
            epilogue.clear();
        }
    }

    /**
     * Every layout's one dispatch: packed blocks (which add B's column sums while packing, when {@code sums} is
     * given), {@link SmallGemm}'s vectors for products too small to pack, or the plain loops while vectors are not
     * compiled; the size test comes first, so tiny products under a vector of columns never count towards the
     * warm-up. Any path other than the packed one adds the column sums afterwards.
     */
    private void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                          int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                          float[] sums, int sumsOff) {
        long work = (long) m * n * k;
        if (!tooSmallToPack(m, n, k) && vectors.vectorsNow(work)) {
            blocked(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, sums, sumsOff,
                    null, null);
            return;
        }
        if (tooSmallToPack(m, n, k) && n >= VectorWidth.LENGTH && (!transB || small.fitsNT(n, k))
                && vectors.vectorsNow(work)) {
            if (transB) {
                small.multiplyNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                small.multiply(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        } else if (transB) {
            plain.gemmNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (transA) {
            plain.gemmTN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            plain.gemmNN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
        if (sums != null) {
            Gemm.addColumnSums(n, k, b, bOff, ldb, sums, sumsOff);
        }
    }

    @Override
    public boolean packs(int m, int n, int k) {
        return !tooSmallToPack(m, n, k);
    }

    @Override
    public void multiplyPacked(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedOperand b,
                               float beta, float[] c, int cOff, int ldc) {
        checkReadable(b);
        blocked(transA, false, m, b.columns(), b.depth(), alpha, a, aOff, lda, null, 0, 0, beta, c, cOff, ldc, null,
                0, b, null);
    }

    @Override
    public void forwardPacked(VectorOps ops, Pointwise f, int m, float[] a, int aOff, int lda, PackedOperand w,
                              float[] z, int zOff, float[] bias, int biasOff, float[] out, int outOff, float[] deriv,
                              int derivOff) {
        checkReadable(w);
        forwardBlocked(ops, f, m, w.columns(), w.depth(), a, aOff, lda, null, 0, 0, w, z, zOff, bias, biasOff, out,
                outOff, deriv, derivOff);
    }

    private void checkReadable(PackedOperand b) {
        if (!b.readableBy(this)) {
            throw new IllegalArgumentException("the operand was packed for another blocking than " + tuning);
        }
    }

    /** Whether a product is too small to pack ({@link Tuning#directMaxFlops()}, {@link Tuning#directMaxNk()}). */
    private boolean tooSmallToPack(int m, int n, int k) {
        return (long) m * n * k <= directMaxFlops || (long) n * k <= directMaxNk;
    }

    private void blocked(boolean transA, boolean transB, int m, int n, int k, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc, float[] sums, int sumsOff, PackedOperand packedB,
                         Epilogue rowsDone) {
        if (m == 0 || n == 0) {
            return;
        }
        for (int jc = 0; jc < n; jc += nc) {
            int ncHere = Math.min(nc, n - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kcHere = Math.min(kc, k - pc);
                float[] bBlock = bPack;
                int bBlockOff = 0;
                if (packedB == null) {
                    packB(transB, b, bOff, ldb, pc, kcHere, jc, ncHere, bPack, 0, sums, sumsOff);
                } else { // packed beforehand, block for block as packB lays it out
                    bBlock = packedB.data();
                    bBlockOff = packedB.blockOffset(jc, pc);
                }
                float betaHere = pc == 0 ? beta : 1f;
                // Rows are final once the last column block's last depth block is added.
                Epilogue done = jc + ncHere == n && pc + kcHere == k ? rowsDone : null;
                for (int ic = 0; ic < m; ic += mc) {
                    int mcHere = Math.min(mc, m - ic);
                    packA(transA, a, aOff, lda, ic, mcHere, pc, kcHere, alpha);
                    macroKernel(bBlock, bBlockOff, mcHere, ncHere, kcHere, betaHere, c, cOff + ic * ldc + jc, ldc,
                            done, ic);
                }
            }
        }
    }

    @Override
    public int tileRows() {
        return mr;
    }

    @Override
    public int tileColumns() {
        return nr;
    }

    @Override
    public int blockDepth() {
        return kc;
    }

    @Override
    public int blockColumns() {
        return nc;
    }

    @Override
    public int packedBlockSize(int depth, int cols) {
        return depth * roundUp(cols, nr);
    }

    @Override
    public void packBlockB(boolean transB, float[] b, int bOff, int ldb, int p0, int depth, int j0, int cols,
                           float[] dst, int dstOff) {
        packB(transB, b, bOff, ldb, p0, depth, j0, cols, dst, dstOff, null, 0);
    }

    @Override
    public void multiplyPackedB(float[] sharedB, int sharedOff, boolean transA, float[] a, int aOff, int lda, int i0,
                                int rows, int p0, int depth, int cols, float alpha, float beta, float[] c, int cOff,
                                int ldc) {
        for (int ic = i0; ic < i0 + rows; ic += mc) {
            int mcHere = Math.min(mc, i0 + rows - ic);
            packA(transA, a, aOff, lda, ic, mcHere, p0, depth, alpha);
            macroKernel(sharedB, sharedOff, mcHere, cols, depth, beta, c, cOff + ic * ldc, ldc, null, 0);
        }
    }

    /**
     * All MR×NR tiles of one packed A block times one packed B block; with {@code rowsDone}, each strip of rows is
     * final after it and goes through the epilogue ({@code row0}: the block's first row of C).
     */
    private void macroKernel(float[] packedB, int bOff, int rowsA, int cols, int depth, float beta, float[] c,
                             int cOff, int ldc, Epilogue rowsDone, int row0) {
        if (!vectors.vectorsNow((long) rowsA * cols * depth)) {
            macroKernelLanes(packedB, bOff, rowsA, cols, depth, beta, c, cOff, ldc, rowsDone, row0);
            return;
        }
        MicroKernel tile = kernel;
        for (int ir = 0; ir < rowsA; ir += mr) {
            int rows = Math.min(mr, rowsA - ir);
            int aPanel = ir * depth;
            for (int jr = 0; jr < cols; jr += nr) {
                int width = Math.min(nr, cols - jr);
                int bPanel = bOff + jr * depth;
                int cTile = cOff + ir * ldc + jr;
                if (rows == mr && width == nr) {
                    tile.compute(depth, aPack, aPanel, packedB, bPanel, c, cTile, ldc, beta);
                } else {
                    loadEdge(rows, width, beta, c, cTile, ldc);
                    tile.compute(depth, aPack, aPanel, packedB, bPanel, edge, 0, nr, beta);
                    storeEdge(rows, width, c, cTile, ldc);
                }
            }
            if (rowsDone != null) {
                rowsDone.rows(row0 + ir, rows);
            }
        }
    }

    /** {@link #macroKernel} on the micro-kernel's scalar twin (the same bits), while vector code is not compiled. */
    private void macroKernelLanes(float[] packedB, int bOff, int rowsA, int cols, int depth, float beta, float[] c,
                                  int cOff, int ldc, Epilogue rowsDone, int row0) {
        for (int ir = 0; ir < rowsA; ir += mr) {
            int rows = Math.min(mr, rowsA - ir);
            for (int jr = 0; jr < cols; jr += nr) {
                int width = Math.min(nr, cols - jr);
                int cTile = cOff + ir * ldc + jr;
                loadEdge(rows, width, beta, c, cTile, ldc);
                MicroKernelLanes.compute(mr, nr, depth, aPack, ir * depth, packedB, bOff + jr * depth, edge, 0, nr,
                        beta);
                storeEdge(rows, width, c, cTile, ldc);
            }
            if (rowsDone != null) {
                rowsDone.rows(row0 + ir, rows);
            }
        }
    }

    /**
     * Copies an edge tile of C into the scratch tile, so the kernel continues each element's FMA chain exactly as in
     * a full tile (adding a separately accumulated partial sum would round differently). β = 0: C is not read.
     */
    private void loadEdge(int rows, int cols, float beta, float[] c, int cOff, int ldc) {
        if (beta == 0f) {
            return; // the kernel overwrites the scratch tile without reading it
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(c, cOff + r * ldc, edge, r * nr, cols);
        }
    }

    /** Copies the valid part of the scratch tile back into C. */
    private void storeEdge(int rows, int cols, float[] c, int cOff, int ldc) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(edge, r * nr, c, cOff + r * ldc, cols);
        }
    }

    /**
     * Packs α·A[i0 .. i0+rowsA, p0 .. p0+depth] into MR-row micro-panels: panel {@code ir/MR} holds, for each p, the MR
     * values of column p contiguously. Rows past m are zero. {@code transA}: A is stored k×m (the TN case).
     */
    private void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rowsA, int p0, int depth, float alpha) {
        for (int ir = 0; ir < rowsA; ir += mr) {
            int rows = Math.min(mr, rowsA - ir);
            int base = ir * depth;
            if (transA) {
                for (int p = 0; p < depth; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + ir;
                    int dst = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        aPack[dst + r] = alpha * a[src + r];
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (i0 + ir + r) * lda + p0;
                    int dst = base + r;
                    for (int p = 0; p < depth; p++) {
                        aPack[dst + p * mr] = alpha * a[src + p];
                    }
                }
            }
            if (rows < mr) {
                for (int p = 0; p < depth; p++) {
                    Arrays.fill(aPack, base + p * mr + rows, base + (p + 1) * mr, 0f);
                }
            }
        }
    }

    /**
     * Packs B[p0 .. p0+depth, j0 .. j0+cols] into NR-column micro-panels: panel {@code jr/NR} holds, for each p, NR
     * values of row p contiguously. Columns past n are zero. {@code transB}: B is stored n×k (the NT case). With
     * {@code sums} (TN only), B's column sums are added while its values pass through ({@link #gemmTNColumnSums}).
     */
    private void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int depth, int j0, int cols,
                       float[] bPack, int packOff, float[] sums, int sumsOff) {
        for (int jr = 0; jr < cols; jr += nr) {
            int width = Math.min(nr, cols - jr);
            int base = packOff + jr * depth;
            if (transB) {
                for (int j = 0; j < width; j++) {
                    int src = bOff + (j0 + jr + j) * ldb + p0;
                    int dst = base + j;
                    for (int p = 0; p < depth; p++) {
                        bPack[dst + p * nr] = b[src + p];
                    }
                }
                if (width < nr) {
                    for (int p = 0; p < depth; p++) {
                        Arrays.fill(bPack, base + p * nr + width, base + (p + 1) * nr, 0f);
                    }
                }
            } else {
                for (int p = 0; p < depth; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + jr;
                    int dst = base + p * nr;
                    if (sums == null) {
                        System.arraycopy(b, src, bPack, dst, width);
                    } else { // B's rows come in order across the depth blocks: the sums' chains are addColumnSums'
                        int sum = sumsOff + j0 + jr;
                        for (int j = 0; j < width; j++) {
                            float v = b[src + j];
                            bPack[dst + j] = v;
                            sums[sum + j] += v;
                        }
                    }
                    if (width < nr) {
                        Arrays.fill(bPack, dst + width, dst + nr, 0f);
                    }
                }
            }
        }
    }

    /**
     * The bias-and-activation epilogue of the {@link #gemmNNBiasActivate} call in progress: one per instance, like
     * the packing buffers, so a call allocates nothing; cleared afterwards so it holds no arrays.
     */
    private static final class Epilogue {
        private VectorOps ops;
        private Pointwise function;
        private int n;
        private float[] z;
        private int zOff;
        private float[] bias;
        private int biasOff;
        private float[] out;
        private int outOff;
        private float[] deriv;
        private int derivOff;

        void set(VectorOps ops, Pointwise function, int n, float[] z, int zOff, float[] bias, int biasOff,
                 float[] out, int outOff, float[] deriv, int derivOff) {
            this.ops = ops;
            this.function = function;
            this.n = n;
            this.z = z;
            this.zOff = zOff;
            this.bias = bias;
            this.biasOff = biasOff;
            this.out = out;
            this.outOff = outOff;
            this.deriv = deriv;
            this.derivOff = derivOff;
        }

        /** Rows {@code r0 .. r0+rows} of z are final: bias, activation and derivative for them. */
        void rows(int r0, int rows) {
            int shift = r0 * n;
            ops.biasActivate(function, rows, n, z, zOff + shift, bias, biasOff, out, outOff + shift, deriv,
                    deriv == null ? derivOff : derivOff + shift);
        }

        void clear() {
            set(null, null, 0, null, 0, null, 0, null, 0, null, 0);
        }
    }

    /** {@code value} rounded up to a multiple of {@code multiple}. */
    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
