package org.vecmlp.kernel.simd;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vecmlp.kernel.Pointwise;

/**
 * Keeps vector code off the hot paths until C2 has compiled it. Until then Vector API calls run an allocating Java
 * fallback, hundreds of times slower than plain loops: a short CLI run would spend its first second there (the
 * digits example took 1.7× the scalar backend's wall time). So once callers have asked vector-sized kernels for
 * {@link #START_AFTER_WORK} of work, one low-priority daemon thread starts that runs every vector path on small buffers, while the callers run the scalar twins
 * (the same bits). The thread times the vector micro-kernel against its scalar twin on the same panels; once vectors
 * win clearly three rounds in a row, C2 has compiled them and {@link #ready()} turns true for good.
 *
 * <p>The system property {@value #PROPERTY} = {@code off} makes vectors ready from the start (for measuring the
 * cold vector path, or where a thread must not be started).
 */
final class Warmup {
    static final String PROPERTY = "vecmlp.simd.warmup";
    /** Vectors must take at most this share of the scalar loops' time, three rounds in a row. */
    static final double WIN_RATIO = 0.6;
    /**
     * Work (multiply-adds, or elements for element-wise passes) that callers ask of vector-sized kernels before the
     * warm-up starts: about a second on the scalar twins. The warm-up costs a second or two of CPU (compiling
     * Vector API code is C2's heaviest job) and pays back only on a run that goes on; a short run stays entirely on
     * the twins, as fast as the scalar backend (2³⁰ still started it in the 30-epoch digits example, 1.10× the scalar
     * wall time).
     */
    static final long START_AFTER_WORK = 1L << 31;
    /** Past this the warm-up gives up waiting for a clear win and lets vectors run anyway. */
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(20);

    private static volatile boolean ready = System.getProperty(PROPERTY, "").trim().equalsIgnoreCase("off");
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final java.util.concurrent.CountDownLatch DONE = new java.util.concurrent.CountDownLatch(ready ? 0 : 1);
    private static long work; // racy on purpose: a lost update only delays the start a little

    private Warmup() {
    }

    /** Whether vector code is compiled, counting {@code amount} of work towards starting the warm-up thread. */
    static boolean ready(long amount) {
        if (!ready && (work += amount) >= START_AFTER_WORK && STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(Warmup::run, "vecmlp-simd-warmup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
        return ready;
    }

    /** Waits up to {@code millis} for the warm-up (starting it if needed); true when vectors are ready. */
    static boolean awaitReady(long millis) throws InterruptedException {
        if (!ready(START_AFTER_WORK)) {
            DONE.await(millis, TimeUnit.MILLISECONDS);
        }
        return ready;
    }

    /**
     * How the warm-up ended, for tests and diagnostics: whether vectors won {@code wins} rounds in a row (else the
     * time bound or a failure ended it), the vector-to-twin time ratio of the last round, and the rounds run.
     *
     * @param compiled whether the vector kernel won three rounds in a row
     * @param lastRatio the last round's vector time over its scalar twin's
     * @param rounds the rounds run
     * @param failure what stopped the warm-up, or null
     */
    record Outcome(boolean compiled, double lastRatio, int rounds, Throwable failure) {
    }

    private static volatile Outcome outcome;

    /** How the warm-up ended, or null while it has not (or when {@value #PROPERTY} = off skipped it). */
    static Outcome outcome() {
        return outcome;
    }

    private static void run() {
        Exercise exercise = new Exercise();
        Throwable failure = null;
        try {
            exercise.untilCompiled();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            outcome = new Outcome(exercise.wins >= 3, exercise.lastRatio, exercise.round, failure);
            ready = true; // whatever happened, never leave callers on the twins forever
            DONE.countDown();
        }
    }

    /**
     * Small buffers (interpreted vector code allocates per operation, so small calls reach the compile thresholds
     * sooner and cheaper) and one kernel of each kind, always on their vector paths.
     */
    private static final class Exercise {
        private static final int KC = 64, N = 64, LEN = 256;
        private final SimdGemm gemm = new SimdGemm(VectorUse.ALWAYS); // the tuning in force: its kernel
        private final MicroKernel kernel = gemm.kernel();
        private final int mr = gemm.tileRows(), nr = gemm.tileColumns();
        private final SimdVectorOps ops = new SimdVectorOps(0, 0, VectorUse.ALWAYS);
        private final SmallGemm small = new SmallGemm(N * 8);
        private final SimdPackedGemm packed = new SimdPackedGemm(gemm, ops, VectorUse.ALWAYS);
        private final float[] aPanel = filled(mr * KC, 0.01f), bPanel = filled(KC * nr, 0.02f);
        private final float[] tile = new float[mr * nr];
        private final float[] a = filled(12 * N, 0.01f), b = filled(N * N, 0.02f), c = new float[12 * N];
        private final float[] x = filled(LEN, 0.001f), y = filled(LEN, 0.002f), z = filled(LEN, 0.003f);
        private final float[] w = filled(LEN, 0.004f), bias = filled(N, 0.1f);
        private final Pointwise[] activations = {Pointwise.IDENTITY, Pointwise.RELU, Pointwise.leakyRelu(0.01f),
                Pointwise.TANH, Pointwise.SIGMOID, Pointwise.SOFTMAX, Pointwise.THRESHOLD};

        private int wins;
        private int round;
        private double lastRatio = Double.NaN;

        void untilCompiled() {
            var weights = packed.pack(b, 0, N, N);
            long start = System.nanoTime();
            while (wins < 3 && System.nanoTime() - start < MAX_NANOS) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 32; i++) {
                    kernel.compute(KC, aPanel, 0, bPanel, 0, tile, 0, nr, i & 1); // both starts: β = 0 and β·C
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < 32; i++) {
                    MicroKernelLanes.compute(mr, nr, KC, aPanel, 0, bPanel, 0, tile, 0, nr, 0f);
                }
                long t2 = System.nanoTime();
                gemm.gemmNN(12, N, N / 2, 1f, a, 0, N, b, 0, N, 0f, c, 0, N); // the blocked loops around the kernel
                small.multiply((round++ & 1) == 1, 12, N, 8, 1f, a, 0, N, b, 0, N, 0f, c, 0, N); // unpacked small products
                small.multiplyNT(12, N, 8, 1f, a, 0, N, b, 0, 8, 1f, c, 0, N);
                packed.forward(1, a, 0, weights, bias, 0, Pointwise.RELU, c, 0);
                elementwise();
                lastRatio = (double) (t1 - t0) / Math.max(1, t2 - t1);
                wins = lastRatio <= WIN_RATIO ? wins + 1 : 0;
            }
        }

        private void elementwise() {
            for (Pointwise f : activations) {
                ops.biasActivate(f, 2, N, c, 0, bias, 0, z, 0, f.storesDerivative() ? w : null, 0);
                if (f.storesDerivative()) {
                    ops.derivativeFromOutput(f, z, 0, w, 0, LEN);
                }
            }
            ops.multiplyInPlace(z, 0, y, 0, LEN);
            ops.addColumnSums(LEN / N, N, x, 0, bias, 0);
            ops.axpy(1e-3f, x, 0, y, 0, LEN);
            ops.addScaledSign(1e-3f, x, 0, y, 0, LEN);
            ops.sgdUpdate(1e-3f, w, x, 0, LEN);
            ops.momentumUpdate(1e-3f, 0.9f, false, w, x, y, 0, LEN);
            ops.momentumUpdate(1e-3f, 0.9f, true, w, x, y, 0, LEN);
            ops.adamUpdate(1e-3f, 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f, w, x, y, z, 0, LEN);
            ops.sumOfSquares(x, 0, LEN);
            ops.sumOfAbs(x, 0, LEN);
            java.util.Arrays.fill(bias, 0.1f); // keep the values small and finite round after round
            java.util.Arrays.fill(w, 0.004f);
            java.util.Arrays.fill(y, 0.002f);
            java.util.Arrays.fill(z, 0.003f);
        }

        private static float[] filled(int n, float step) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (i % 17 - 8) * step;
            }
            return v;
        }
    }
}
