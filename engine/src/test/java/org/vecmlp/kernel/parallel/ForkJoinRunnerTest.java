package org.vecmlp.kernel.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The runner's two ways of running pieces: plain fork/join, and claiming inside a session. */
class ForkJoinRunnerTest {

    /**
     * Each piece of each phase runs exactly once, on fresh runners (whose helpers start while the first phase is
     * being published) and across many phases of one session, for pools of 2 to 4 threads.
     */
    @Test
    void everyPieceOfEveryPhaseRunsExactlyOnce() {
        for (int threads = 2; threads <= 4; threads++) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                for (int fresh = 0; fresh < 300; fresh++) {
                    ForkJoinRunner runner = new ForkJoinRunner(pool);
                    int phases = fresh % 50 == 0 ? 2_000 : 3;
                    int[] failures = new int[1];
                    runner.session(() -> {
                        for (int p = 0; p < phases; p++) {
                            int pieces = 2 + p % 7;
                            AtomicIntegerArray runs = new AtomicIntegerArray(pieces);
                            runner.run(runs::incrementAndGet, pieces);
                            for (int i = 0; i < pieces; i++) {
                                if (runs.get(i) != 1) {
                                    failures[0]++;
                                }
                            }
                        }
                    });
                    assertEquals(0, failures[0], threads + " threads, runner " + fresh + ": pieces run other than once");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Back-to-back sessions each get all their helpers: the pieces meet at a barrier, which only opens when every
     * pool thread takes part. A helper still leaving the previous session must be kept or resubmitted, not skipped.
     */
    @Test
    void everyBackToBackSessionHasAllItsHelpers() {
        for (int threads = 2; threads <= 3; threads++) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                ForkJoinRunner runner = new ForkJoinRunner(pool);
                int parties = threads;
                for (int session = 0; session < 1_000; session++) {
                    CyclicBarrier everyone = new CyclicBarrier(parties);
                    int current = session;
                    runner.session(() -> runner.run(i -> {
                        try {
                            everyone.await(20, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException("session " + current + ": not every helper took part", e);
                        }
                    }, parties));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aFailingPieceInASessionReachesTheOwnerAfterItsPhaseHasFinished() {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            ForkJoinRunner runner = new ForkJoinRunner(pool);
            AtomicIntegerArray runs = new AtomicIntegerArray(8);
            AtomicIntegerArray after = new AtomicIntegerArray(4);
            runner.session(() -> {
                ParallelExecutionException e = assertThrows(ParallelExecutionException.class, () -> runner.run(i -> {
                    runs.incrementAndGet(i);
                    if (i == 3) {
                        throw new IllegalStateException("piece 3 is broken");
                    }
                }, 8));
                assertTrue(e.getMessage().contains("piece 3 is broken"), e.getMessage());
                for (int i = 0; i < 8; i++) {
                    assertEquals(1, runs.get(i), "piece " + i + " ran once although piece 3 failed");
                }
                runner.run(after::incrementAndGet, 4);
            });
            for (int i = 0; i < 4; i++) {
                assertEquals(1, after.get(i), "the session goes on after a failed phase");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anErrorOutsideASessionStillWaitsForEveryPiece() {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            ForkJoinRunner runner = new ForkJoinRunner(pool);
            AtomicIntegerArray done = new AtomicIntegerArray(6);
            ParallelExecutionException e = assertThrows(ParallelExecutionException.class, () -> runner.run(i -> {
                if (i == 0) {
                    throw new AssertionError("piece 0 is broken"); // an Error on the calling thread's own piece
                }
                spin(2_000_000);
                done.incrementAndGet(i);
            }, 6));
            assertTrue(e.getCause() instanceof AssertionError, String.valueOf(e.getCause()));
            for (int i = 1; i < 6; i++) {
                assertEquals(1, done.get(i), "piece " + i + " finished before the failure was reported");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anErrorInAHelpersPieceIsReportedToo() {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            ForkJoinRunner runner = new ForkJoinRunner(pool);
            Thread owner = Thread.currentThread();
            runner.session(() -> {
                // Only pieces not run by the owner fail, so the error has to travel from a helper.
                ParallelExecutionException e = assertThrows(ParallelExecutionException.class, () -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (System.nanoTime() < deadline) {
                        runner.run(i -> {
                            if (Thread.currentThread() != owner) {
                                throw new AssertionError("helper failed");
                            }
                            spin(20_000);
                        }, 16);
                    }
                });
                assertTrue(e.getCause() instanceof AssertionError, String.valueOf(e.getCause()));
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSessionStartedOnAWorkerOfThePoolRunsWithoutHoldingIt() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            ForkJoinRunner runner = new ForkJoinRunner(pool);
            AtomicIntegerArray runs = new AtomicIntegerArray(6);
            Future<?> done = pool.submit(() -> runner.session(() -> runner.run(runs::incrementAndGet, 6)));
            done.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 6; i++) {
                assertEquals(1, runs.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void helpersLeaveThePoolWhenTheSessionEnds() {
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            ForkJoinRunner runner = new ForkJoinRunner(pool);
            for (int s = 0; s < 20; s++) {
                runner.session(() -> runner.run(i -> spin(1_000), 12));
            }
            assertTrue(pool.awaitQuiescence(30, TimeUnit.SECONDS), "no helper still spins after its session");
            assertEquals(0, pool.getActiveThreadCount());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void spin(int nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
