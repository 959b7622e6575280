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
 * (its {@code train.ParallelPolicy}, part of the training configuration). Both are deterministic: the same inputs
 * give the same bits for any thread count.
 *
 * <p>The pool is the caller's ({@link #ParallelBackend(Backend, ForkJoinPool)}) or the backend's own, made
 * from a thread count and shut down by {@link #close()}. The common pool is never used: an embedding application's
 * common pool is not taken over. Threads are created once, with the pool, never per step.
 */
public final class ParallelBackend implements Backend {
    private final Backend inner;
    private final ForkJoinPool pool;
    private final boolean ownsPool;
    // Each thread's single-thread GEMM (its packing buffers), shared by this backend's kernels: a piece never runs
    // inside another on one thread, so one set per thread is enough.
    private final ThreadLocal<Gemm> threadGemms;
    private final ParallelCutoffs cutoffs;

    /**
     * A backend with its own pool of {@code threads} daemon threads.
     *
     * @param inner   the single-thread backend each worker runs
     * @param threads the number of threads
     */
    public ParallelBackend(Backend inner, int threads) {
        this(inner, threads, ParallelCutoffs.DEFAULT);
    }

    /** For tests: a backend whose kernels split work at other sizes (the same bits, other speed). */
    ParallelBackend(Backend inner, int threads, ParallelCutoffs cutoffs) {
        this(inner, newPool(threads), true, cutoffs);
        prestartWorkers();
    }

    /**
     * A backend on the caller's pool, which the caller keeps and shuts down.
     *
     * @param inner the single-thread backend each worker runs
     * @param pool   the caller's pool
     */
    public ParallelBackend(Backend inner, ForkJoinPool pool) {
        this(inner, pool, false, ParallelCutoffs.DEFAULT);
    }

    private ParallelBackend(Backend inner, ForkJoinPool pool, boolean ownsPool, ParallelCutoffs cutoffs) {
        if (pool == ForkJoinPool.commonPool()) {
            throw new IllegalArgumentException("pass a pool of your own, not the common pool");
        }
        this.inner = inner;
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.threadGemms = ThreadLocal.withInitial(() -> inner.newKernels().gemm());
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
     * @param threads the number of threads
     * @return the pool
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

    /** {@return whether this backend's pool has been shut down (by closing it, or by its caller)} */
    public boolean isClosed() {
        return pool.isShutdown();
    }

    /** {@return the number of threads it runs on} */
    public int threads() {
        return pool.getParallelism();
    }

    /** {@return the single-thread backend each worker runs} */
    public Backend inner() {
        return inner;
    }

    /** {@return a runner on this backend's pool, for one calling thread} */
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

    /**
     * Kernels that run their pieces through {@code runner}, so they take part in its sessions.
     *
     * @param runner the runner of a step's session
     * @return the kernels
     */
    public Kernels newKernels(ForkJoinRunner runner) {
        Kernels serial = inner.newKernels();
        // The packed (inference) path stays serial: a predictor splits a batch's rows across the pool itself.
        return new Kernels(name(), new ParallelGemm(inner, threadGemms, runner, threads(), cutoffs),
                new ParallelVectorOps(serial.ops(), runner, cutoffs), serial.packed());
    }

    @Override
    public void close() {
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
        return "parallel(" + inner.name() + ", " + threads() + " threads)";
    }
}
