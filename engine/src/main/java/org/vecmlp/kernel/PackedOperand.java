package org.vecmlp.kernel;

/**
 * A whole B operand ({@code k×n} as the product reads it) packed once, block by block and panel by panel exactly as
 * a {@link BlockedGemm} packs it inside a call, for products that several threads run against the same B: the
 * data-parallel shards of a training step share each layer's packed weights (for the forward product, and
 * transposed for the input gradient) instead of each packing them again. Packing is split into tasks (a block's
 * range of panels each) that any threads may run at once; products then read it through
 * {@link BlockedGemm#multiplyPacked} and {@link BlockedGemm#forwardPacked}. Allocated once, for one shape.
 */
public final class PackedOperand {
    /** Columns of one packing task: a few panels, so that even one block makes tasks for several threads. */
    private static final int TASK_COLUMNS = 128;

    private final boolean transB;
    private final int k;
    private final int n;
    private final int tileColumns;
    private final int blockDepth;
    private final int blockColumns;
    private final int depthBlocks;
    private final int columnBlocks;
    private final int taskColumns;
    private final int tasksPerBlock;
    private final int[] blockOffsets; // (column block, depth block) → start in data
    private final float[] data;

    /**
     * Room for B packed by {@code gemm}'s blocking. {@code transB}: B is stored {@code n×k} (the NT product's
     * {@code Wᵀ}); otherwise {@code k×n}.
     * @param gemm   the GEMM whose blocking the operand follows
     * @param transB B is stored n×k (the NT layout)
     * @param k      the depth of the product (columns of op(A), rows of op(B))
     * @param n      columns of C
     */
    public PackedOperand(BlockedGemm gemm, boolean transB, int k, int n) {
        if (k < 1 || n < 1) {
            throw new IllegalArgumentException("a " + k + "×" + n + " operand");
        }
        this.transB = transB;
        this.k = k;
        this.n = n;
        this.tileColumns = gemm.tileColumns();
        this.blockDepth = gemm.blockDepth();
        this.blockColumns = gemm.blockColumns();
        this.depthBlocks = Math.ceilDiv(k, blockDepth);
        this.columnBlocks = Math.ceilDiv(n, blockColumns);
        this.taskColumns = Math.ceilDiv(TASK_COLUMNS, tileColumns) * tileColumns;
        this.tasksPerBlock = Math.ceilDiv(Math.min(n, blockColumns), taskColumns);
        this.blockOffsets = new int[depthBlocks * columnBlocks];
        long size = 0;
        for (int jb = 0; jb < columnBlocks; jb++) {
            for (int pb = 0; pb < depthBlocks; pb++) {
                blockOffsets[jb * depthBlocks + pb] = Math.toIntExact(size);
                size += gemm.packedBlockSize(depthHere(pb), columnsHere(jb));
            }
        }
        this.data = new float[Math.toIntExact(size)];
    }

    /**
     * Whether {@code gemm} lays out blocks as this operand was sized for (so it may read it).
     *
     * @param gemm the GEMM whose blocking the operand follows
     * @return whether it may
     */
    public boolean readableBy(BlockedGemm gemm) {
        return gemm.tileColumns() == tileColumns && gemm.blockDepth() == blockDepth
                && gemm.blockColumns() == blockColumns;
    }

    /** {@return how many {@link #packTask} calls pack the whole operand} */
    public int packTasks() {
        return columnBlocks * depthBlocks * tasksPerBlock;
    }

    /**
     * Packs one range of panels of one block from B at {@code b[bOff]} (leading dimension {@code ldb}). Tasks write
     * disjoint ranges, so they may run on any threads at once; {@code gemm}'s {@link BlockedGemm#packBlockB} uses
     * no scratch of its own.
     * @param gemm the GEMM whose blocking the operand follows
     * @param task which task, 0 … packTasks() − 1
     * @param b    the array holding B
     * @param bOff where B starts in {@code b}
     * @param ldb  B's leading dimension (row stride as stored)
     */
    public void packTask(BlockedGemm gemm, int task, float[] b, int bOff, int ldb) {
        int block = task / tasksPerBlock;
        int jb = block / depthBlocks;
        int pb = block % depthBlocks;
        int from = task % tasksPerBlock * taskColumns;
        int cols = columnsHere(jb) - from;
        if (cols <= 0) {
            return; // the last column block has fewer panels than the first
        }
        int depth = depthHere(pb);
        gemm.packBlockB(transB, b, bOff, ldb, pb * blockDepth, depth, jb * blockColumns + from,
                Math.min(taskColumns, cols), data, blockOffsets[block] + from * depth);
    }

    /**
     * Packs every task on the calling thread.
     *
     * @param gemm the GEMM whose blocking the operand follows
     * @param b    the array holding B
     * @param bOff where B starts in {@code b}
     * @param ldb  B's leading dimension (row stride as stored)
     */
    public void pack(BlockedGemm gemm, float[] b, int bOff, int ldb) {
        for (int t = 0; t < packTasks(); t++) {
            packTask(gemm, t, b, bOff, ldb);
        }
    }

    /** {@return rows of B as the product reads it (the depth of the product)} */
    public int depth() {
        return k;
    }

    /** {@return columns of B as the product reads it (the columns of C)} */
    public int columns() {
        return n;
    }

    /** {@return the packed values, for the GEMM that reads them} */
    public float[] data() {
        return data;
    }

    /**
     * Where the block of columns {@code j0..} and depth {@code p0..} starts in {@link #data()}.
     *
     * @param j0 the first column of B in the block
     * @param p0 the first row of B (depth) in the block
     * @return the offset
     */
    public int blockOffset(int j0, int p0) {
        return blockOffsets[j0 / blockColumns * depthBlocks + p0 / blockDepth];
    }

    private int depthHere(int pb) {
        return Math.min(blockDepth, k - pb * blockDepth);
    }

    private int columnsHere(int jb) {
        return Math.min(blockColumns, n - jb * blockColumns);
    }
}
