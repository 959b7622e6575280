package org.vecmlp.kernel.parallel;

import static org.vecmlp.kernel.KernelParameters.PARALLEL_GEMM_COLUMN_GRAIN;
import static org.vecmlp.kernel.KernelParameters.PARALLEL_GEMM_MIN_PIECE_FLOPS;

import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BlockedGemm;
import org.vecmlp.kernel.Gemm;
import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.VectorOps;

/**
 * Operation parallelism for GEMM. Over a {@link BlockedGemm} (the SIMD kernel) it runs BLIS's loops with the ic loop
 * in parallel: for each KC×NC block the workers first pack B into one shared buffer, each a range of its NR-column
 * panels, then each packs and multiplies its own rows of A against it. Otherwise C is cut into blocks of whole rows (or whole columns, when C is wide and short),
 * one task per block, each computed by the wrapped single-thread GEMM of the worker that runs it. Every element of C
 * has one owner and is one FMA chain over k whichever piece computes it, so results equal the single-thread GEMM's bit
 * for bit at any thread count; block edges fall on the micro-kernel's tile grid (multiples of MR rows or NR
 * columns) only so that no piece computes padding. Products under
 * {@link org.vecmlp.kernel.KernelParameters#PARALLEL_GEMM_MIN_FLOPS} run on the calling thread.
 *
 * <p>A call's operands live in one {@link Product}, its split in one {@link Plan}, and each kind of piece is a job
 * object made once ({@link Blocks}, {@link PackColumns}, {@link MultiplyRows}): nothing is allocated per call, and
 * no field serves two purposes.
 */
final class ParallelGemm implements Gemm {
    private final Gemm serial;
    private final ThreadLocal<Gemm> workers;
    private final ForkJoinRunner runner;
    private final int maxTasks;
    private final int tileRows;
    private final int blockDepth;   // the serial GEMM's KC and NC (1 << 30 when it is not blocked)
    private final int blockColumns;
    private final int columnGrain;  // column pieces: multiples of the register tile's width
    private final ParallelCutoffs cutoffs;

    private final Product product = new Product();
    private final Plan plan = new Plan();
    private final Blocks blocks = new Blocks();
    private final PackColumns packColumns = new PackColumns();
    private final MultiplyRows multiplyRows = new MultiplyRows();
    private final Runnable shared = this::runShared;
    private float[] sharedBuffer; // one packed KC×NC block of B, allocated on first use

    private static final int NN = 0;
    private static final int TN = 1;
    private static final int NT = 2;

    /** The operands of the call being run: set before the fork, read by the pieces, cleared after. */
    private static final class Product {
        int layout;
        int m;
        int n;
        int k;
        float alpha;
        float beta;
        float[] a;
        int aOff;
        int lda;
        float[] b;
        int bOff;
        int ldb;
        float[] c;
        int cOff;
        int ldc;
    }

    /** How the call is split: row or column blocks, or row pieces sharing each packed B block. */
    private static final class Plan {
        boolean sharing;
        boolean byRows;
        int block;
        int tasks;
        int panels; // the shared path's MR-row panels of C
    }

    ParallelGemm(Backend inner, ThreadLocal<Gemm> threadGemms, ForkJoinRunner runner, int threads,
                 ParallelCutoffs cutoffs) {
        this.cutoffs = cutoffs;
        this.serial = inner.newKernels().gemm();
        BlockedGemm blocked = serial instanceof BlockedGemm b ? b : null;
        this.tileRows = blocked != null ? blocked.tileRows() : 1;
        this.blockDepth = blocked != null ? blocked.blockDepth() : 1 << 30;
        this.blockColumns = blocked != null ? blocked.blockColumns() : 1 << 30;
        int tileColumns = blocked != null ? blocked.tileColumns() : 1;
        this.columnGrain = Math.ceilDiv(PARALLEL_GEMM_COLUMN_GRAIN, tileColumns) * tileColumns;
        this.workers = threadGemms;
        this.runner = runner;
        this.maxTasks = threads == 1 ? 1 : 4 * threads; // one thread: the serial kernel, same bits, no overhead
    }

    @Override
    public void gemmNN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        if (!plan(m, n, k)) {
            serial.gemmNN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        start(NN, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * A product too small to split runs the serial GEMM's fused epilogue (the element-wise passes given are this
     * backend's, which keep small sweeps on the calling thread); a split one runs the product, then one sweep.
     */
    @Override
    public void gemmNNBiasActivate(VectorOps ops, Pointwise f, int m, int n, int k, float[] a, int aOff, int lda,
                                   float[] b, int bOff, int ldb, float[] z, int zOff, float[] bias, int biasOff,
                                   float[] out, int outOff, float[] deriv, int derivOff) {
        if (!plan(m, n, k)) {
            serial.gemmNNBiasActivate(ops, f, m, n, k, a, aOff, lda, b, bOff, ldb, z, zOff, bias, biasOff, out,
                    outOff, deriv, derivOff);
            return;
        }
        start(NN, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, z, zOff, n);
        ops.biasActivate(f, m, n, z, zOff, bias, biasOff, out, outOff, deriv, derivOff);
    }

    @Override
    public void gemmTN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        if (!plan(m, n, k)) {
            serial.gemmTN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        start(TN, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void gemmNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        if (!plan(m, n, k)) {
            serial.gemmNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        start(NT, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Decides the split into {@link #plan}; false when the product is too small to share. */
    private boolean plan(int rows, int cols, int depth) {
        Plan p = plan;
        long flops = (long) rows * cols * depth;
        if (flops < cutoffs.gemmMinFlops() || maxTasks <= 1) {
            return false;
        }
        if (serial instanceof BlockedGemm && rows >= 2 * tileRows) {
            // Share one packed B block and split the rows: the threads pack no more than one thread would. The
            // MR-row panels are dealt out evenly (piece sizes differ by one panel at most), a few pieces per thread
            // so that threads claiming them finish together.
            p.panels = Math.ceilDiv(rows, tileRows);
            long perPanelPerBlock = (long) tileRows * Math.min(cols, blockColumns) * Math.min(depth, blockDepth);
            long minPanels = Math.ceilDiv(cutoffs.gemmSharedTaskFlops(), perPanelPerBlock);
            p.tasks = (int) Math.max(1, Math.min(maxTasks, p.panels / minPanels));
            p.sharing = p.tasks > 1;
            if (p.sharing) {
                return true;
            }
        }
        p.sharing = false;
        // Each task packs the whole of the operand it does not split: row blocks repack B (k×n), column blocks
        // repack A (m×k). Split the side whose other operand is cheaper to pack again.
        p.byRows = rows >= cols;
        int dim = p.byRows ? rows : cols;
        int grain = p.byRows ? tileRows : columnGrain;
        long perUnit = flops / dim;
        int wanted = (int) Math.max(1, Math.min(maxTasks, flops / cutoffs.gemmTaskFlops()));
        p.block = Math.ceilDiv(Math.ceilDiv(dim, wanted), grain) * grain;
        p.tasks = (dim + p.block - 1) / p.block;
        // A last block small enough for the unpacked path: fold it into the one before (the bits would be the same,
        // the packing overhead would not).
        if (p.tasks > 1 && (long) (dim - (p.tasks - 1) * p.block) * perUnit <= PARALLEL_GEMM_MIN_PIECE_FLOPS) {
            p.tasks--;
        }
        return p.tasks > 1;
    }

    private void start(int layout, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        Product p = product;
        p.layout = layout;
        p.m = m;
        p.n = n;
        p.k = k;
        p.alpha = alpha;
        p.a = a;
        p.aOff = aOff;
        p.lda = lda;
        p.b = b;
        p.bOff = bOff;
        p.ldb = ldb;
        p.beta = beta;
        p.c = c;
        p.cOff = cOff;
        p.ldc = ldc;
        try {
            if (plan.sharing) {
                // Two phases per B block: one session for them all, unless the caller's step is one already.
                runner.session(shared);
            } else {
                runner.run(blocks, plan.tasks);
            }
        } finally {
            p.a = null;
            p.b = null;
            p.c = null;
        }
    }

    /**
     * BLIS's loops with the ic loop in parallel: for each KC×NC block of B, the workers pack it into one shared
     * buffer (a range of NR-column panels each), then multiply their own rows of A against it, in the serial order
     * (jc, then pc, β on the first pc only), so every element of C sees the single-thread arithmetic. Each block
     * stays in cache while all rows use it.
     */
    private void runShared() {
        Product p = product;
        BlockedGemm owner = (BlockedGemm) serial;
        int size = owner.packedBlockSize(Math.min(p.k, blockDepth), Math.min(p.n, blockColumns));
        if (sharedBuffer == null || sharedBuffer.length < size) {
            sharedBuffer = new float[size];
        }
        for (int j0 = 0; j0 < p.n; j0 += blockColumns) {
            int width = Math.min(blockColumns, p.n - j0);
            for (int p0 = 0; p0 < p.k; p0 += blockDepth) {
                int depth = Math.min(blockDepth, p.k - p0);
                packColumns.block(j0, width, p0, depth);
                runner.run(packColumns, Math.ceilDiv(width, columnGrain));
                multiplyRows.block(j0, width, p0, depth);
                runner.run(multiplyRows, plan.tasks);
            }
        }
    }

    /** The B block (columns j0.., depth p0..) the shared pieces work on. */
    private abstract class SharedBlock implements ForkJoinRunner.Body {
        int j0;
        int width;
        int p0;
        int depth;

        final void block(int firstColumn, int columns, int firstDepth, int blockDepthHere) {
            j0 = firstColumn;
            width = columns;
            p0 = firstDepth;
            depth = blockDepthHere;
        }
    }

    /** Packs a range of the block's NR-column panels into the shared buffer. */
    private final class PackColumns extends SharedBlock {
        @Override
        public void run(int index) {
            Product p = product;
            int from = index * columnGrain; // a multiple of NR, so panels land where a serial pack puts them
            int cols = Math.min(columnGrain, width - from);
            ((BlockedGemm) workers.get()).packBlockB(p.layout == NT, p.b, p.bOff, p.ldb, p0, depth, j0 + from, cols,
                    sharedBuffer, from * depth);
        }
    }

    /** Multiplies one piece of MR-row panels of A by the shared packed block. */
    private final class MultiplyRows extends SharedBlock {
        @Override
        public void run(int index) {
            Product p = product;
            int from = (int) ((long) index * plan.panels / plan.tasks) * tileRows;
            int to = Math.min(p.m, (int) ((long) (index + 1) * plan.panels / plan.tasks) * tileRows);
            ((BlockedGemm) workers.get()).multiplyPackedB(sharedBuffer, 0, p.layout == TN, p.a, p.aOff, p.lda, from,
                    to - from, p0, depth, width, p.alpha, p0 == 0 ? p.beta : 1f, p.c, p.cOff + j0, p.ldc);
        }
    }

    /** One block of whole rows (or whole columns) of C, computed by the worker's own single-thread GEMM. */
    private final class Blocks implements ForkJoinRunner.Body {
        @Override
        public void run(int index) {
            Product p = product;
            Gemm g = workers.get();
            int dim = plan.byRows ? p.m : p.n;
            int from = index * plan.block;
            int to = index == plan.tasks - 1 ? dim : from + plan.block;
            int size = to - from;
            if (plan.byRows) {
                int cSub = p.cOff + from * p.ldc;
                switch (p.layout) {
                    case NN -> g.gemmNN(size, p.n, p.k, p.alpha, p.a, p.aOff + from * p.lda, p.lda, p.b, p.bOff,
                            p.ldb, p.beta, p.c, cSub, p.ldc);
                    case TN -> g.gemmTN(size, p.n, p.k, p.alpha, p.a, p.aOff + from, p.lda, p.b, p.bOff, p.ldb,
                            p.beta, p.c, cSub, p.ldc);
                    default -> g.gemmNT(size, p.n, p.k, p.alpha, p.a, p.aOff + from * p.lda, p.lda, p.b, p.bOff,
                            p.ldb, p.beta, p.c, cSub, p.ldc);
                }
            } else {
                int cSub = p.cOff + from;
                switch (p.layout) {
                    case NN -> g.gemmNN(p.m, size, p.k, p.alpha, p.a, p.aOff, p.lda, p.b, p.bOff + from, p.ldb,
                            p.beta, p.c, cSub, p.ldc);
                    case TN -> g.gemmTN(p.m, size, p.k, p.alpha, p.a, p.aOff, p.lda, p.b, p.bOff + from, p.ldb,
                            p.beta, p.c, cSub, p.ldc);
                    default -> g.gemmNT(p.m, size, p.k, p.alpha, p.a, p.aOff, p.lda, p.b, p.bOff + from * p.ldb,
                            p.ldb, p.beta, p.c, cSub, p.ldc);
                }
            }
        }
    }
}
