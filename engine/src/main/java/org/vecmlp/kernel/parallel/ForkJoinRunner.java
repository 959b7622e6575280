package org.vecmlp.kernel.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Runs {@code count} numbered pieces of work on a Fork/Join pool and waits for all of them, without allocating:
 * the tasks are created once and {@link RecursiveAction#reinitialize() reinitialised} for every run. The calling
 * thread hands the work to the pool and waits; pool threads run the pieces and steal from each other, so a busy core
 * only slows the pieces it holds. One runner serves one calling thread at a time.
 */
public final class ForkJoinRunner {
    /** One piece of work, identified by its index; each index owns its output, so pieces never race. */
    @FunctionalInterface
    public interface Body {
        void run(int index);
    }

    private final ForkJoinPool pool;
    private Piece[] pieces = new Piece[0];
    private final Root root = new Root();
    private final Outer outer = new Outer();
    private Body body;
    private int count;

    public ForkJoinRunner(ForkJoinPool pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code work} on a thread of the pool and waits for it. Work that forks many times should start this way:
     * a fork from inside the pool costs about 2 µs, one handed in from outside about 20 µs (the caller parks and a
     * worker wakes). Already on a thread of this pool, or with a pool of one thread (where every run is inline
     * anyway), it just runs on the calling thread.
     */
    public void runInPool(Runnable work) {
        if (ForkJoinTask.getPool() == pool || pool.getParallelism() <= 1) {
            work.run();
            return;
        }
        outer.work = work;
        outer.reinitialize();
        try {
            pool.invoke(outer);
        } catch (RuntimeException | Error e) {
            Throwable cause = e.getCause() != null && e.getClass() == e.getCause().getClass() ? e.getCause() : e;
            if (cause instanceof java.util.concurrent.CancellationException ce) {
                throw ce;
            }
            throw new ParallelExecutionException("a parallel worker failed: " + cause, cause);
        } finally {
            outer.work = null;
        }
    }

    /** Runs {@code body.run(0 .. count-1)} in parallel; a failure in any piece is rethrown here as one error. */
    public void run(Body work, int pieceCount) {
        if (pieceCount <= 1 || pool.getParallelism() <= 1) {
            for (int i = 0; i < pieceCount; i++) {
                work.run(i);
            }
            return;
        }
        if (pieces.length < pieceCount) {
            Piece[] grown = new Piece[pieceCount];
            for (int i = 0; i < pieceCount; i++) {
                grown[i] = i < pieces.length ? pieces[i] : new Piece(i);
            }
            pieces = grown;
        }
        body = work;
        count = pieceCount;
        root.reinitialize();
        try {
            pool.invoke(root);
        } catch (ParallelExecutionException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            Throwable cause = e.getCause() != null && e.getClass() == e.getCause().getClass() ? e.getCause() : e;
            throw new ParallelExecutionException("a parallel worker failed: " + cause, cause);
        } finally {
            body = null;
        }
    }

    private final class Root extends RecursiveAction {
        private static final long serialVersionUID = 1L;

        @Override
        protected void compute() {
            for (int i = 1; i < count; i++) {
                pieces[i].reinitialize();
                pieces[i].fork();
            }
            // Wait for every piece even when one fails, so none is still running when the next run reuses them.
            RuntimeException failure = null;
            try {
                body.run(0);
            } catch (RuntimeException e) {
                failure = e;
            }
            for (int i = count - 1; i >= 1; i--) {
                try {
                    pieces[i].join();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static final class Outer extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private transient Runnable work;

        @Override
        protected void compute() {
            work.run();
        }
    }

    private final class Piece extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final int index;

        Piece(int index) {
            this.index = index;
        }

        @Override
        protected void compute() {
            body.run(index);
        }
    }
}
