package org.vecmlp.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecmlp.Mlp;
import org.vecmlp.SteadyAllocation;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.kernel.parallel.ParallelBackend;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.tensor.Workspace;
import org.vecmlp.train.Initializer;

/**
 * A row's outputs are bitwise the same alone or inside any batch, on every backend and thread count; the packed path
 * equals the training path's forward bit for bit on the same backend and the scalar reference within a stated bound;
 * a call allocates nothing; many threads at once get the single-thread bits.
 */
class BatchInvarianceTest {
    /** Layers that exercise every path: k past one KC block (300), n past one NC block (530) with an edge panel, a
     *  GEMV with four-panel groups and a tail, a layer small enough for the unpacked path (12→10), and each
     *  activation. */
    private static final MlpSpec SPEC = MlpSpec.builder(300).hidden(530, Activation.RELU)
            .hidden(70, Activation.TANH).hidden(12, Activation.leakyRelu(0.1f)).hidden(40, Activation.SIGMOID)
            .output(10, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);
    private static final Mlp MODEL = Mlp.initialize(SPEC, Initializer.XAVIER, 17);
    private static final List<ParallelBackend> POOLS = new ArrayList<>();

    @AfterAll
    static void closePools() {
        POOLS.forEach(ParallelBackend::close);
    }

    static Stream<Arguments> backends() {
        List<Arguments> list = new ArrayList<>();
        list.add(Arguments.of("scalar", Backend.scalar()));
        list.add(Arguments.of("best serial", BackendProvider.bestSerial()));
        for (int t = 1; t <= 4; t++) {
            ParallelBackend p = BackendProvider.parallel(t);
            POOLS.add(p);
            list.add(Arguments.of("parallel " + t, p));
        }
        return list.stream();
    }

    private static float[] rows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[count * SPEC.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aRowHasTheSameBitsAloneAndInAnyBatch(String name, Backend backend) {
        Predictor predictor = MODEL.predictor(backend);
        int in = SPEC.inputs(), out = SPEC.outputs();
        float[] x = rows(300, 5);
        float[] alone = new float[300 * out];
        float[] one = new float[out];
        for (int r = 0; r < 300; r++) {
            predictor.predict(Arrays.copyOfRange(x, r * in, (r + 1) * in), one);
            System.arraycopy(one, 0, alone, r * out, out);
        }
        SplittableRandom random = new SplittableRandom(6);
        int[] sizes = {1, 2, 5, 6, 7, 13, 64, 129, 256, 257, 300};
        for (int trial = 0; trial < sizes.length + 6; trial++) {
            int size = trial < sizes.length ? sizes[trial] : 1 + random.nextInt(300);
            int start = random.nextInt(300 - size + 1);
            float[] batch = new float[size * out];
            predictor.predict(Arrays.copyOfRange(x, start * in, (start + size) * in), size, batch);
            for (int r = 0; r < size; r++) {
                for (int j = 0; j < out; j++) {
                    int e = Float.floatToRawIntBits(alone[(start + r) * out + j]);
                    int g = Float.floatToRawIntBits(batch[r * out + j]);
                    if (e != g) {
                        throw new AssertionError(name + ": row " + (start + r) + " output " + j + " is "
                                + batch[r * out + j] + " in a batch of " + size + ", " + alone[(start + r) * out + j]
                                + " alone");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void packedPathEqualsTheTrainingForwardBitForBit(String name, Backend backend) {
        Backend serial = backend instanceof ParallelBackend p ? p.inner() : backend;
        int rows = 37;
        float[] x = rows(rows, 8);
        Workspace ws = new org.vecmlp.nn.Network(SPEC).newWorkspace(rows, false);
        System.arraycopy(x, 0, ws.input(), 0, x.length);
        float[] expected = MODEL.network().forward(serial.newKernels(), MODEL.parameters(), ws, rows);
        float[] actual = new float[rows * SPEC.outputs()];
        MODEL.predictor(backend).predict(x, rows, actual);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    name + ": output " + i);
        }
    }

    /** The SIMD activations are polynomials (tanh within 1e-7, exp within 1 ulp): outputs in [0, 1] agree with the
     *  scalar reference to 2e-5 after five layers. */
    @Test
    void bestBackendAgreesWithTheScalarReference() {
        int rows = 200;
        float[] x = rows(rows, 9);
        float[] reference = new float[rows * SPEC.outputs()];
        float[] fast = new float[rows * SPEC.outputs()];
        MODEL.predictor(Backend.scalar()).predict(x, rows, reference);
        MODEL.predictor(BackendProvider.bestSerial()).predict(x, rows, fast);
        double worst = 0;
        for (int i = 0; i < fast.length; i++) {
            worst = Math.max(worst, Math.abs(fast[i] - reference[i]));
        }
        assertTrue(worst <= 2e-5, "worst difference " + worst);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aCallAllocatesNothing(String name, Backend backend) {
        // Steady state: the SIMD kernels' switch from their scalar twins to compiled vectors is behind us.
        assertTrue(BackendProvider.warmUp(java.time.Duration.ofSeconds(60)));
        // A smaller network on the same paths (a packed GEMV, the packed GEMM, a batch the parallel pools split:
        // 200 rows of 44,000 multiply-adds are four pieces of at least 2^21; the scalar backend needs fewer rows).
        MlpSpec spec = MlpSpec.builder(100).hidden(400, Activation.RELU)
                .output(10, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);
        Predictor predictor = Mlp.initialize(spec, Initializer.XAVIER, 3).predictor(backend);
        int rows = backend instanceof ParallelBackend ? 200 : 20;
        SplittableRandom random = new SplittableRandom(10);
        float[] many = new float[rows * 100];
        for (int i = 0; i < many.length; i++) {
            many[i] = (float) random.nextDouble(-1, 1);
        }
        float[] one = Arrays.copyOf(many, 100);
        float[] out = new float[rows * 10];
        Runnable hundredCalls = () -> {
            for (int i = 0; i < 100; i++) {
                predictor.predict(one, out);
                predictor.predict(many, rows, out);
            }
        };
        // The pool's workers run a split batch's pieces: their allocations count as the caller's.
        LongSupplier allocated = SteadyAllocation.currentThreadAnd("vecmlp-worker-");
        SteadyAllocation.Wait wait = SteadyAllocation.await(allocated, hundredCalls, 1024, Duration.ofSeconds(120));
        assertTrue(wait.quiet(), name + ": steady state (compiled vector code) " + wait);
        long longRun = SteadyAllocation.during(allocated, () -> {
            for (int i = 0; i < 10; i++) {
                hundredCalls.run();
            }
        });
        assertTrue(longRun < 16 * 1024, name + ": after " + wait + ", 1,000 calls allocated " + longRun + " bytes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sixteenThreadsAtOnceGetTheSingleThreadBits(String name, Backend backend) throws Exception {
        Predictor predictor = MODEL.predictor(backend);
        int rows = 150;
        float[] x = rows(rows, 12);
        float[] expected = new float[rows * SPEC.outputs()];
        predictor.predict(x, rows, expected);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 48; t++) {
                int size = t % 3 == 1 ? 1 : rows; // single rows and whole batches at once
                results.add(pool.submit(() -> {
                    float[] got = new float[rows * SPEC.outputs()];
                    if (size == 1) {
                        float[] row = new float[SPEC.outputs()];
                        for (int r = 0; r < rows; r++) {
                            predictor.predict(Arrays.copyOfRange(x, r * SPEC.inputs(), (r + 1) * SPEC.inputs()), row);
                            System.arraycopy(row, 0, got, r * SPEC.outputs(), row.length);
                        }
                    } else {
                        predictor.predict(x, rows, got);
                    }
                    return got;
                }));
            }
            for (Future<float[]> f : results) {
                float[] got = f.get();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]), name);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
