package org.vecmlp.kernel.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.vecmlp.Mlp;
import org.vecmlp.SteadyAllocation;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.Gemm;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.ParallelPolicy;
import org.vecmlp.train.Trainer;
import org.vecmlp.train.TrainingConfig;

/** The parallel backend gives the same bits for any thread count, and fails and stops cleanly. */
class ParallelDeterminismTest {
    private Backend SIMD;

    @org.junit.jupiter.api.BeforeEach
    void simdOrSkip() {
        SIMD = org.vecmlp.kernel.SimdOrSkip.simd();
    }

    @Test
    void parallelGemmEqualsSingleThreadSimdBitForBit() {
        int[][] shapes = {{200, 530, 300}, {97, 1000, 64}, {1024, 64, 300}, {128, 784, 256}, {31, 2000, 40},
                {600, 37, 129}};
        for (int threads = 1; threads <= 4; threads++) {
            try (ParallelBackend parallel = new ParallelBackend(SIMD, threads)) {
                Gemm p = parallel.newKernels().gemm();
                Gemm s = SIMD.newKernels().gemm();
                for (int[] shape : shapes) {
                    int m = shape[0], k = shape[1], n = shape[2];
                    SplittableRandom random = new SplittableRandom(m * 31L + n);
                    float[] a = random(random, m * k);
                    float[] b = random(random, k * n);
                    float[] c0 = random(random, m * n);
                    for (String op : new String[] {"NN", "TN", "NT"}) {
                        for (float beta : new float[] {0f, 1f}) {
                            float[] expected = c0.clone();
                            float[] actual = c0.clone();
                            run(s, op, m, n, k, a, b, beta, expected);
                            run(p, op, m, n, k, a, b, beta, actual);
                            assertArrayEquals(expected, actual, threads + " threads, " + op + " " + m + "x" + k + "x"
                                    + n + " β=" + beta);
                        }
                    }
                }
            }
        }
    }

    private static void run(Gemm g, String op, int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
        switch (op) {
            case "NN" -> g.gemmNN(m, n, k, 1f, a, 0, k, b, 0, n, beta, c, 0, n);
            case "TN" -> g.gemmTN(m, n, k, 1f, a, 0, m, b, 0, n, beta, c, 0, n);
            default -> g.gemmNT(m, n, k, 1f, a, 0, k, b, 0, k, beta, c, 0, n);
        }
    }

    private static final MlpSpec NET = MlpSpec.builder(2).hidden(300, Activation.RELU).hidden(200, Activation.TANH)
            .output(3, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);

    private static Dataset data() {
        Dataset d = Generators.spiral(640, 0.1, 2);
        int[] labels = new int[d.rows()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = d.features()[2 * i] > 2 ? 2 : d.labels()[i];
        }
        return Dataset.classification("spiral3", d.features(), d.rows(), 2, labels, 3);
    }

    private static float[] train(Backend backend) {
        return train(backend, ParallelPolicy.DEFAULT);
    }

    private static float[] train(Backend backend, ParallelPolicy policy) {
        Mlp model = Mlp.initialize(NET, Initializer.HE, 3);
        model.trainer(TrainingConfig.builder().batchSize(160).epochs(3).learningRate(0.01)
                .optimizer(OptimizerSpec.adam()).l2(1e-4).seed(3).parallel(policy).build(), backend).fit(data());
        return model.parameters();
    }

    @Test
    void dataParallelTrainingIsIdenticalForOneToFourThreads() {
        float[] reference = null;
        for (int threads = 1; threads <= 4; threads++) {
            try (ParallelBackend backend = new ParallelBackend(SIMD, threads)) {
                ParallelPolicy data = new ParallelPolicy(ParallelPolicy.Mode.DATA, 32);
                assertTrue(data.dataParallel(160, 1000));
                float[] once = train(backend, data);
                float[] again = train(backend, data);
                assertArrayEquals(once, again, "repeated runs are identical");
                if (reference == null) {
                    reference = once;
                } else {
                    assertArrayEquals(reference, once, threads + " threads vs 1");
                }
            }
        }
        assertFalse(java.util.Arrays.equals(reference, train(SIMD)),
                "sharding changes the summation order, so it is a different (deterministic) result from one batch");
    }

    /**
     * The shards read each layer's weights packed once per step (here the 300→200 layer, forward and transposed);
     * shards that pack for themselves (an inner GEMM that is no BlockedGemm, over the same SIMD kernels) give the
     * same weights bit for bit.
     */
    @Test
    void sharedPackedWeightsGiveTheBitsOfShardsThatPackThemselves() {
        Backend packsItself = new Backend() {
            @Override
            public String name() {
                return "simd, packing in every call";
            }

            @Override
            public org.vecmlp.kernel.Kernels newKernels() {
                org.vecmlp.kernel.Kernels k = SIMD.newKernels();
                return new org.vecmlp.kernel.Kernels(name(), new DelegatingGemm(k.gemm()), k.ops(), k.packed());
            }
        };
        ParallelPolicy data = new ParallelPolicy(ParallelPolicy.Mode.DATA, 32);
        try (ParallelBackend shared = new ParallelBackend(SIMD, 2);
             ParallelBackend own = new ParallelBackend(packsItself, 2)) {
            assertArrayEquals(train(own, data), train(shared, data));
        }
    }

    /** A GEMM that hides its blocking, so no caller can hand it pre-packed operands. */
    private record DelegatingGemm(Gemm inner) implements Gemm {
        @Override
        public void gemmNN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                           int ldb, float beta, float[] c, int cOff, int ldc) {
            inner.gemmNN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        @Override
        public void gemmTN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                           int ldb, float beta, float[] c, int cOff, int ldc) {
            inner.gemmTN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        @Override
        public void gemmNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                           int ldb, float beta, float[] c, int cOff, int ldc) {
            inner.gemmNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Test
    void operationParallelTrainingEqualsSingleThreadSimd() {
        float[] serial = train(SIMD);
        for (int threads = 1; threads <= 3; threads++) {
            try (ParallelBackend backend = new ParallelBackend(SIMD, threads)) {
                assertArrayEquals(serial, train(backend, new ParallelPolicy(ParallelPolicy.Mode.OPERATION, 64)), threads + " threads");
            }
        }
    }

    @Test
    void aFailingWorkerReachesTheCallerAsOneError() {
        try (ParallelBackend backend = new ParallelBackend(SIMD, 2)) {
            ForkJoinRunner runner = backend.newRunner();
            ParallelExecutionException e = assertThrows(ParallelExecutionException.class, () -> runner.run(i -> {
                if (i == 5) {
                    throw new IllegalStateException("shard 5 is broken");
                }
            }, 8));
            assertTrue(e.getMessage().contains("shard 5 is broken"), e.getMessage());
            int[] hits = new int[4];
            runner.run(i -> hits[i]++, 4);
            assertArrayEquals(new int[] {1, 1, 1, 1}, hits, "the runner works again after a failure");
        }
    }

    @Test
    void anInterruptedStepLeavesTheModelUnchanged() {
        try (ParallelBackend backend = new ParallelBackend(SIMD, 2)) {
            Mlp model = Mlp.initialize(NET, Initializer.HE, 4);
            Trainer trainer = model.trainer(TrainingConfig.builder().batchSize(128)
                    .parallel(new ParallelPolicy(ParallelPolicy.Mode.AUTO, 32)).build(), backend);
            Dataset d = data();
            int[] order = java.util.stream.IntStream.range(0, 128).toArray();
            trainer.loadBatch(d.features(), d.encodeTargets(3), order, 0, 128);
            float[] before = model.parameters().clone();
            Thread.currentThread().interrupt();
            try {
                CancellationException e = assertThrows(CancellationException.class, () -> trainer.step(128, 0.1f));
                assertEquals("training step interrupted before its update: the model is unchanged", e.getMessage());
            } finally {
                Thread.interrupted();
            }
            assertArrayEquals(before, model.parameters());
            trainer.step(128, 0.1f);
            assertFalse(java.util.Arrays.equals(before, model.parameters()), "an uninterrupted step updates");
        }
    }

    @Test
    void theCallersPoolIsUsedAndTheCommonPoolRefused() {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            ParallelBackend backend = new ParallelBackend(SIMD, pool);
            assertEquals(2, backend.threads());
            backend.close();
            assertFalse(pool.isShutdown(), "closing the backend leaves the caller's pool alone");
            assertThrows(IllegalArgumentException.class, () -> new ParallelBackend(SIMD, ForkJoinPool.commonPool()));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void parallelStepsDoNotAllocate() {
        try (ParallelBackend backend = new ParallelBackend(SIMD, 2)) {
            for (ParallelPolicy.Mode mode : new ParallelPolicy.Mode[] {ParallelPolicy.Mode.DATA,
                    ParallelPolicy.Mode.OPERATION}) {
                Mlp model = Mlp.initialize(NET, Initializer.HE, 5);
                Trainer trainer = model.trainer(TrainingConfig.builder().batchSize(128).learningRate(1e-4)
                        .parallel(new ParallelPolicy(mode, 32)).build(), backend);
                Dataset d = data();
                int[] order = java.util.stream.IntStream.range(0, 128).toArray();
                trainer.loadBatch(d.features(), d.encodeTargets(3), order, 0, 128);
                Runnable hundredSteps = () -> {
                    for (int i = 0; i < 100; i++) {
                        trainer.step(128, 1e-4f);
                    }
                };
                // The caller and the pool's workers: the threads a step runs on (not the warm-up thread, nor the
                // test harness's and the JIT's, which a count over all threads would include).
                LongSupplier allocated = SteadyAllocation.currentThreadAnd("vecmlp-worker-");
                SteadyAllocation.Wait wait = SteadyAllocation.await(allocated, hundredSteps, 4 * 1024,
                        Duration.ofSeconds(120));
                assertTrue(wait.quiet(), mode + ": steady state (compiled vector code) " + wait);
                long longRun = SteadyAllocation.during(allocated, () -> {
                    for (int i = 0; i < 10; i++) {
                        hundredSteps.run();
                    }
                });
                assertTrue(longRun < 16 * 1024, mode + ": after " + wait + ", 1,000 steps allocated " + longRun
                        + " bytes");
            }
        }
    }

    private static float[] random(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }
}
