package org.vecmlp.kernel.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs {@code count} numbered pieces of work on a Fork/Join pool and waits for all of them, without allocating:
 * the tasks are created once and {@link RecursiveAction#reinitialize() reinitialised} for every run.
 *
 * <p>Outside a {@link #session session} a run is a plain fork/join: the pieces are forked into the pool and the
 * caller waits. Inside one (a training step is one session) the pool's other threads already stand by and every
 * participant claims pieces from one shared counter; a fork to an idle vCPU costs 20 µs or more on a VM, a claim
 * well under one. Either way a thread held back by a busy core only delays the piece it holds. One runner serves one
 * calling thread at a time.
 */
public final class ForkJoinRunner {
    /** One piece of work, identified by its index; each index owns its output, so pieces never race. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs one piece.
         *
         * @param index the piece, 0 … count − 1
         */
        void run(int index);
    }

    /**
     * How long a waiting thread spins before it parks. Phases follow each other within microseconds, so spinning
     * catches the next one at once; a longer wait parks, because when another process keeps a core busy a spinning
     * thread stays runnable and takes CPU time from the thread holding the piece it waits for (the contention
     * benchmark fell to 0.7× of one thread with pure spinning). Parked threads are unparked when their wait ends.
     */
    static final long SPIN_NANOS = 20_000;
    private static final long PARK_NANOS = 1_000_000; // a bound on any missed wake-up, not the normal path

    private final ForkJoinPool pool;
    private Piece[] pieces = new Piece[0];
    private final Root root = new Root();
    private final Helper[] helpers;

    // A session: its owner thread, whether helpers stay, and the current phase's pieces.
    private volatile boolean sessionOpen;
    private volatile Thread owner;
    private volatile Body phaseBody;
    private volatile int phaseCount;
    private volatile Throwable phaseFailure;
    // phase << 32 | next index; a finished phase holds index MAX. It starts as phase 0, closed: a plain 0 would read
    // as an open phase whose piece 0 a helper could claim before the first real phase is published.
    private final AtomicLong claims = new AtomicLong(Integer.MAX_VALUE);
    private final AtomicInteger finished = new AtomicInteger();
    private volatile boolean ownerParked;
    private int phase;
    private Body body;
    private int count;

    /**
     * A runner over {@code pool}'s threads.
     *
     * @param pool the pool (its parallelism is the number of threads a phase uses)
     */
    public ForkJoinRunner(ForkJoinPool pool) {
        this.pool = pool;
        this.helpers = new Helper[Math.max(0, pool.getParallelism() - 1)];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper();
        }
    }

    /**
     * Runs {@code work} on the calling thread while the pool's other threads stand by (spinning, then parked) for
     * its {@link #run}s: every participant, the caller included, claims the next piece from one counter until none are
     * left. No thread is woken per piece (waking an idle vCPU is what a plain fork pays), and a thread the OS
     * deschedules only delays the piece it holds: the others claim the rest. The helpers are released when
     * {@code work} returns. With a one-thread pool, or inside a session already, it just runs.
     *
     * @param work the code whose parallel pieces the session's threads take
     */
    public void session(Runnable work) {
        // A worker of this pool runs the work plainly: its helpers could sit in its own queue and be run inside a
        // join on its stack, spinning for a session that can then never end.
        if (helpers.length == 0 || sessionOpen || ForkJoinTask.getPool() == pool) {
            work.run();
            return;
        }
        owner = Thread.currentThread();
        sessionOpen = true;
        for (Helper h : helpers) {
            h.enlist();
        }
        try {
            work.run();
        } finally {
            sessionOpen = false;
            owner = null;
            for (Helper h : helpers) {
                h.wake(); // a parked helper leaves now instead of at its park timeout
            }
        }
    }

    private void runInSession(Body work, int pieceCount) {
        phase++;
        phaseBody = work;
        phaseCount = pieceCount;
        phaseFailure = null;
        finished.set(0);
        claims.set((long) phase << 32); // publishes the phase
        for (Helper h : helpers) {
            h.wake();
        }
        claimAndRun(phase, work, pieceCount);
        long since = System.nanoTime();
        while (finished.get() < pieceCount) {
            if (System.nanoTime() - since < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                ownerParked = true;
                if (finished.get() < pieceCount) { // re-read after announcing: the last piece's finisher unparks
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
                ownerParked = false;
            }
        }
        claims.set((long) phase << 32 | Integer.MAX_VALUE); // closed: nobody claims from this phase any more
        phaseBody = null;
        Throwable failed = phaseFailure;
        if (failed != null) {
            throw new ParallelExecutionException("a parallel worker failed: " + failed, failed);
        }
    }

    /** Claims pieces of phase {@code p} until none are left (or the phase is over) and runs them. */
    private void claimAndRun(int p, Body work, int pieceCount) {
        while (true) {
            long v = claims.get();
            if ((int) (v >>> 32) != p) {
                return;
            }
            int index = (int) v;
            if (index >= pieceCount) {
                return;
            }
            if (!claims.compareAndSet(v, v + 1)) {
                continue;
            }
            try {
                work.run(index);
            } catch (RuntimeException | Error e) { // reported by the owner once the phase is over
                phaseFailure = e;
            } finally {
                if (finished.incrementAndGet() == pieceCount && ownerParked) {
                    LockSupport.unpark(owner);
                }
            }
        }
    }

    /**
     * Holds one pool thread for a session: spins, joining each phase's claiming, until the session closes. Between
     * back-to-back sessions a helper may still be running; the owner then keeps it (it must not leave on the close
     * it saw) rather than submit it again, which only a task the pool has marked done allows.
     */
    private final class Helper extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private static final int IDLE = 0;    // never submitted, or done
        private static final int QUEUED = 1;  // submitted, not started: will see the session when it starts
        private static final int ACTIVE = 2;  // in its loop
        private static final int KEPT = 3;    // in its loop, told by an owner to stay for the session just opened
        private static final int LEAVING = 4; // left its loop; the pool has yet to mark it done
        private final AtomicInteger state = new AtomicInteger(IDLE);
        private volatile Thread thread; // the pool thread running it, while it runs
        private volatile boolean parked;

        /** Unparks this helper if it is parked (called after publishing a phase or closing the session). */
        void wake() {
            if (parked) {
                Thread t = thread;
                if (t != null) {
                    LockSupport.unpark(t);
                }
            }
        }

        /** Called by the owner once the session is open: makes sure this helper takes part in it. */
        void enlist() {
            while (true) {
                int s = state.get();
                if (s == QUEUED || s == KEPT || s == ACTIVE && state.compareAndSet(ACTIVE, KEPT)) {
                    return;
                }
                if (s == LEAVING) {
                    while (!isDone()) { // a few instructions away, unless its thread was just descheduled
                        Thread.onSpinWait();
                    }
                    state.set(IDLE);
                } else if (s == IDLE) {
                    state.set(QUEUED);
                    reinitialize();
                    pool.execute(this);
                    return;
                }
            }
        }

        @Override
        protected void compute() {
            thread = Thread.currentThread();
            try {
                serve();
            } finally {
                thread = null;
            }
        }

        private void serve() {
            state.set(ACTIVE);
            int seen = -1;
            long idleSince = System.nanoTime();
            while (true) {
                if (!sessionOpen) {
                    if (state.compareAndSet(ACTIVE, LEAVING)) {
                        return;
                    }
                    state.set(ACTIVE); // kept for a session opened since: look again
                    continue;
                }
                long v = claims.get();
                int p = (int) (v >>> 32);
                Body work = phaseBody;
                if (p != seen && work != null && (int) v < phaseCount) {
                    seen = p;
                    claimAndRun(p, work, phaseCount);
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (sessionOpen && claims.get() == v) { // nothing new since announcing: the owner will unpark
                        LockSupport.parkNanos(this, PARK_NANOS);
                    }
                    parked = false;
                }
            }
        }
    }

    /**
     * Runs {@code body.run(0 .. count-1)} in parallel; a failure in any piece is rethrown here as one error.
     *
     * @param work             the pieces
     * @param pieceCount how many
     */
    public void run(Body work, int pieceCount) {
        if (pieceCount <= 1 || pool.getParallelism() <= 1) {
            for (int i = 0; i < pieceCount; i++) {
                work.run(i);
            }
            return;
        }
        if (sessionOpen && Thread.currentThread() == owner) {
            runInSession(work, pieceCount);
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
            // Wait for every piece even when one fails, errors included, so none is still running when the next
            // run reuses them.
            Throwable failure = null;
            try {
                body.run(0);
            } catch (Throwable e) {
                failure = e;
            }
            for (int i = count - 1; i >= 1; i--) {
                try {
                    pieces[i].join();
                } catch (Throwable e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
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
