package org.vecmlp.kernel.parallel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.Gemm;
import org.vecmlp.kernel.Kernels;

/**
 * Fork/Join parallelism over a single-thread backend (SIMD when available). Its kernels split large GEMMs by output
 * blocks and large element-wise passes by ranges; the trainer adds data parallelism over fixed-size batch shards
 * ({@link #shardRows()}). Both are deterministic: the same inputs give the same bits for any thread count.
 *
 * <p>The pool is the caller's ({@link #ParallelBackend(Backend, ForkJoinPool, int)}) or the backend's own, made
 * from a thread count and shut down by {@link #close()}. The common pool is never used: an embedding application's
 * common pool is not taken over. Threads are created once, with the pool, never per step.
 */
public final class ParallelBackend implements Backend, AutoCloseable {
    /** Default rows per data-parallel shard. Per-shard costs (packing the weights, writing a gradient copy) grow with
     *  the parameters and the useful work with parameters × rows, so larger shards waste less: 64 rows measured
     *  1.4× faster than 32 on the mnist workload (reports/). */
    public static final int DEFAULT_SHARD_ROWS = 64;

    /** How a training step is split across threads. */
    public enum Mode {
        /** The engine's rule: {@link #dataParallel(int, int)}. */
        AUTO,
        /** Shards of the batch, one gradient copy each, reduced in a fixed tree order. */
        DATA,
        /** One batch; the GEMMs and element-wise passes inside the step are split by output blocks. */
        OPERATION
    }

    private final Backend inner;
    private final ForkJoinPool pool;
    private final boolean ownsPool;
    private final int shardRows;
    private final Mode mode;
    // Each thread's single-thread GEMM (its packing buffers), shared by this backend's kernels: a piece never runs
    // inside another on one thread, so one set per thread is enough.
    private final ThreadLocal<Gemm> threadGemms;
    // The backend whose pool a view (withShardRows, withMode) runs on: closing the view closes it.
    private final ParallelBackend owner;
    private final ParallelCutoffs cutoffs;

    /** A backend with its own pool of {@code threads} daemon threads. */
    public ParallelBackend(Backend inner, int threads) {
        this(inner, threads, ParallelCutoffs.DEFAULT);
    }

    /** For tests: a backend whose kernels split work at other sizes (the same bits, other speed). */
    ParallelBackend(Backend inner, int threads, ParallelCutoffs cutoffs) {
        this(inner, newPool(threads), true, DEFAULT_SHARD_ROWS, Mode.AUTO, null, null, cutoffs);
        prestartWorkers();
    }

    /** A backend on the caller's pool, which the caller keeps and shuts down. */
    public ParallelBackend(Backend inner, ForkJoinPool pool, int shardRows) {
        this(inner, pool, false, shardRows, Mode.AUTO, null);
    }

    private ParallelBackend(Backend inner, ForkJoinPool pool, boolean ownsPool, int shardRows, Mode mode,
                            ThreadLocal<Gemm> threadGemms) {
        this(inner, pool, ownsPool, shardRows, mode, threadGemms, null, ParallelCutoffs.DEFAULT);
    }

    private ParallelBackend(Backend inner, ForkJoinPool pool, boolean ownsPool, int shardRows, Mode mode,
                            ThreadLocal<Gemm> threadGemms, ParallelBackend owner, ParallelCutoffs cutoffs) {
        if (shardRows < 1) {
            throw new IllegalArgumentException("shard rows must be at least 1, got " + shardRows);
        }
        if (pool == ForkJoinPool.commonPool()) {
            throw new IllegalArgumentException("pass a pool of your own, not the common pool");
        }
        this.inner = inner;
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.shardRows = shardRows;
        this.mode = mode;
        this.threadGemms = threadGemms != null ? threadGemms : ThreadLocal.withInitial(() -> inner.newKernels().gemm());
        this.owner = owner;
        this.cutoffs = cutoffs;
    }

    /**
     * Starts every thread of the backend's own pool and gives each its GEMM buffers now, so that no step allocates
     * them later. The pool keeps its threads (see {@link #newPool}), so none appears afterwards. A caller's pool may
     * start or replace threads at any time; each new one allocates its buffers on its first GEMM piece.
     */
    private void prestartWorkers() {
        int threads = pool.getParallelism();
        CountDownLatch all = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                threadGemms.get();
                all.countDown();
                try {
                    all.await(10, TimeUnit.SECONDS); // holds this thread so the next task needs another one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            all.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A pool as this backend makes its own: exactly {@code threads} daemon threads named {@code vecmlp-worker-N},
     * kept while idle. For callers that share one pool between backends, and shut it down themselves.
     */
    public static ForkJoinPool newPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        // Exactly `threads` threads, kept however long they idle: threads are made once, with their buffers.
        return new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("vecmlp-worker-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false, threads, threads, 1, p -> true, 365, TimeUnit.DAYS);
    }

    /**
     * The same backend with another shard size, on the same pool. Closing the view closes this backend (and its
     * pool, when it owns one), so a caller may keep only the view.
     */
    public ParallelBackend withShardRows(int rows) {
        return new ParallelBackend(inner, pool, false, rows, mode, threadGemms, root(), cutoffs);
    }

    /** The same backend with another step mode, on the same pool; closing the view closes this backend. */
    public ParallelBackend withMode(Mode stepMode) {
        return new ParallelBackend(inner, pool, false, shardRows, stepMode, threadGemms, root(), cutoffs);
    }

    private ParallelBackend root() {
        return owner != null ? owner : this;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Whether a training step over {@code rows} rows of a network with {@code parameters} parameters runs as data
     * parallel shards. {@link Mode#AUTO}'s rule: when the batch makes at least two shards and a gradient copy per
     * shard stays small ({@link org.vecmlp.kernel.KernelParameters#DATA_PARALLEL_MAX_PARAMETERS}); otherwise the
     * step's own operations are split, which needs no gradient copies (big layers) and costs nothing when they are
     * too small to split (tiny networks run on one thread). The rule ignores the thread count, so the result of a
     * step does not depend on it.
     */
    public boolean dataParallel(int rows, int parameters) {
        return switch (mode) {
            case DATA -> rows >= 2 * shardRows;
            case OPERATION -> false;
            case AUTO -> rows >= 2 * shardRows
                    && parameters <= org.vecmlp.kernel.KernelParameters.DATA_PARALLEL_MAX_PARAMETERS;
        };
    }

    /** Whether this backend's pool has been shut down (by closing it, a view of it, or its caller's pool). */
    public boolean isClosed() {
        return pool.isShutdown();
    }

    public int threads() {
        return pool.getParallelism();
    }

    public int shardRows() {
        return shardRows;
    }

    /** The single-thread backend each worker runs. */
    public Backend inner() {
        return inner;
    }

    /** A runner on this backend's pool, for one calling thread. */
    public ForkJoinRunner newRunner() {
        return new ForkJoinRunner(pool);
    }

    @Override
    public String name() {
        return "parallel";
    }

    @Override
    public Kernels newKernels() {
        return newKernels(newRunner());
    }

    /** Kernels that run their pieces through {@code runner}, so they take part in its sessions. */
    public Kernels newKernels(ForkJoinRunner runner) {
        Kernels serial = inner.newKernels();
        // The packed (inference) path stays serial: a predictor splits a batch's rows across the pool itself.
        return new Kernels(name(), new ParallelGemm(inner, threadGemms, runner, threads(), cutoffs),
                new ParallelVectorOps(serial.ops(), runner, cutoffs), serial.packed());
    }

    @Override
    public void close() {
        if (owner != null) {
            owner.close();
            return;
        }
        if (ownsPool) {
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "parallel(" + inner.name() + ", " + threads() + " threads, " + mode.name().toLowerCase(java.util.Locale.ROOT)
                + ", shards of " + shardRows + ")";
    }
}
