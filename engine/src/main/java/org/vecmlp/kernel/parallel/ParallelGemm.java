package org.vecmlp.kernel.parallel;

import static org.vecmlp.kernel.KernelParameters.PARALLEL_GEMM_COLUMN_GRAIN;
import static org.vecmlp.kernel.KernelParameters.PARALLEL_GEMM_MIN_PIECE_FLOPS;

import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BlockedGemm;
import org.vecmlp.kernel.Gemm;

/**
 * Operation parallelism for GEMM. Over a {@link BlockedGemm} (the SIMD kernel) it runs BLIS's loops with the ic loop
 * in parallel: for each KC×NC block the calling thread packs B once and the workers each pack and multiply their own
 * rows of A against it. Otherwise C is cut into blocks of whole rows (or whole columns, when C is wide and short),
 * one task per block, each computed by the wrapped single-thread GEMM of the worker that runs it. Every element of C
 * has one owner and is one FMA chain over k whichever piece computes it, so results equal the single-thread GEMM's bit
 * for bit at any thread count; block edges fall on the micro-kernel's tile grid (multiples of MR rows or NR
 * columns) only so that no piece computes padding. Products under
 * {@link org.vecmlp.kernel.KernelParameters#PARALLEL_GEMM_MIN_FLOPS} run on the calling thread.
 */
final class ParallelGemm implements Gemm, ForkJoinRunner.Body {
    private final Gemm serial;
    private final ThreadLocal<Gemm> workers;
    private final ForkJoinRunner runner;
    private final int maxTasks;
    private final Runnable runShared = this::runShared;
    private final int tileRows;
    private final int blockDepth;   // the serial GEMM's KC and NC (1 << 30 when it is not blocked)
    private final int blockColumns;
    private final int columnGrain;  // column pieces: multiples of the register tile's width

    // The call being run; set before the fork, read by the pieces.
    private int layout;
    private int m;
    private int n;
    private int k;
    private float alpha;
    private float beta;
    private float[] a;
    private float[] b;
    private float[] c;
    private int aOff;
    private int bOff;
    private int cOff;
    private int lda;
    private int ldb;
    private int ldc;
    private boolean byRows;
    private int block;
    private int tasks;
    private int panels; // the shared path's MR-row panels of C
    private boolean sharing;
    private boolean packing;
    private float[] sharedB;
    private float[] sharedBuffer; // one packed KC×NC block of B, allocated on first use
    private int j0;
    private int width;
    private int p0;
    private int depth;

    private static final int NN = 0;
    private static final int TN = 1;
    private static final int NT = 2;

    private final ParallelCutoffs cutoffs;

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

    /** Decides the split; false when the product is too small to share. */
    private boolean plan(int rows, int cols, int depth) {
        long flops = (long) rows * cols * depth;
        if (flops < cutoffs.gemmMinFlops() || maxTasks <= 1) {
            return false;
        }
        if (serial instanceof BlockedGemm && rows >= 2 * tileRows) {
            // Share one packed B block and split the rows: the threads pack no more than one thread would. The
            // MR-row panels are dealt out evenly (piece sizes differ by one panel at most), a few pieces per thread
            // so that threads claiming them finish together.
            panels = Math.ceilDiv(rows, tileRows);
            long perPanelPerBlock = (long) tileRows * Math.min(cols, blockColumns) * Math.min(depth, blockDepth);
            long minPanels = Math.ceilDiv(cutoffs.gemmSharedTaskFlops(), perPanelPerBlock);
            tasks = (int) Math.max(1, Math.min(maxTasks, panels / minPanels));
            sharing = tasks > 1;
            if (sharing) {
                return true;
            }
        }
        sharing = false;
        // Each task packs the whole of the operand it does not split: row blocks repack B (k×n), column blocks
        // repack A (m×k). Split the side whose other operand is cheaper to pack again.
        byRows = rows >= cols;
        int dim = byRows ? rows : cols;
        int grain = byRows ? tileRows : columnGrain;
        long perUnit = flops / dim;
        int wanted = (int) Math.max(1, Math.min(maxTasks, flops / cutoffs.gemmTaskFlops()));
        block = Math.ceilDiv(Math.ceilDiv(dim, wanted), grain) * grain;
        tasks = (dim + block - 1) / block;
        // A last block small enough for the unpacked path: fold it into the one before (the bits would be the same,
        // the packing overhead would not).
        if (tasks > 1 && (long) (dim - (tasks - 1) * block) * perUnit <= PARALLEL_GEMM_MIN_PIECE_FLOPS) {
            tasks--;
        }
        return tasks > 1;
    }

    private void start(int layoutCode, int rows, int cols, int depth, float al, float[] aa, int ao, int la,
                       float[] bb, int bo, int lb, float be, float[] cc, int co, int lc) {
        layout = layoutCode;
        m = rows;
        n = cols;
        k = depth;
        alpha = al;
        a = aa;
        aOff = ao;
        lda = la;
        b = bb;
        bOff = bo;
        ldb = lb;
        beta = be;
        c = cc;
        cOff = co;
        ldc = lc;
        try {
            if (sharing) {
                // Two phases per B block: one session for them all, unless the caller's step is one already.
                runner.session(runShared);
            } else {
                runner.run(this, tasks);
            }
        } finally {
            a = null;
            b = null;
            c = null;
        }
    }

    /**
     * BLIS's loops with the ic loop in parallel: for each KC×NC block of B, the workers pack it into one shared
     * buffer (a range of NR-column panels each), then multiply their own rows of A against it, in the serial order
     * (jc, then pc, β on the first pc only), so every element of C sees the single-thread arithmetic. Each block
     * stays in cache while all rows use it.
     */
    private void runShared() {
        BlockedGemm owner = (BlockedGemm) serial;
        int size = owner.packedBlockSize(Math.min(k, blockDepth), Math.min(n, blockColumns));
        if (sharedBuffer == null || sharedBuffer.length < size) {
            sharedBuffer = new float[size];
        }
        sharedB = sharedBuffer;
        for (j0 = 0; j0 < n; j0 += blockColumns) {
            width = Math.min(blockColumns, n - j0);
            for (p0 = 0; p0 < k; p0 += blockDepth) {
                depth = Math.min(blockDepth, k - p0);
                packing = true;
                runner.run(this, Math.ceilDiv(width, columnGrain));
                packing = false;
                runner.run(this, tasks);
            }
        }
    }

    private void packColumns(BlockedGemm g, int index) {
        int from = index * columnGrain; // a multiple of NR, so panels land where a serial pack puts them
        int cols = Math.min(columnGrain, width - from);
        g.packBlockB(layout == NT, b, bOff, ldb, p0, depth, j0 + from, cols, sharedB, from * depth);
    }

    private void multiplyRows(BlockedGemm g, int index) {
        int from = (int) ((long) index * panels / tasks) * tileRows;
        int to = Math.min(m, (int) ((long) (index + 1) * panels / tasks) * tileRows);
        int rows = to - from;
        g.multiplyPackedB(sharedB, 0, layout == TN, a, aOff, lda, from, rows, p0, depth, width, alpha,
                p0 == 0 ? beta : 1f, c, cOff + j0, ldc);
    }

    @Override
    public void run(int index) {
        Gemm g = workers.get();
        if (sharing) {
            if (packing) {
                packColumns((BlockedGemm) g, index);
            } else {
                multiplyRows((BlockedGemm) g, index);
            }
            return;
        }
        int dim = byRows ? m : n;
        int from = index * block;
        int to = index == tasks - 1 ? dim : from + block;
        int size = to - from;
        if (byRows) {
            int cSub = cOff + from * ldc;
            switch (layout) {
                case NN -> g.gemmNN(size, n, k, alpha, a, aOff + from * lda, lda, b, bOff, ldb, beta, c, cSub, ldc);
                case TN -> g.gemmTN(size, n, k, alpha, a, aOff + from, lda, b, bOff, ldb, beta, c, cSub, ldc);
                default -> g.gemmNT(size, n, k, alpha, a, aOff + from * lda, lda, b, bOff, ldb, beta, c, cSub, ldc);
            }
        } else {
            int cSub = cOff + from;
            switch (layout) {
                case NN -> g.gemmNN(m, size, k, alpha, a, aOff, lda, b, bOff + from, ldb, beta, c, cSub, ldc);
                case TN -> g.gemmTN(m, size, k, alpha, a, aOff, lda, b, bOff + from, ldb, beta, c, cSub, ldc);
                default -> g.gemmNT(m, size, k, alpha, a, aOff, lda, b, bOff + from * ldb, ldb, beta, c, cSub, ldc);
            }
        }
    }
}
