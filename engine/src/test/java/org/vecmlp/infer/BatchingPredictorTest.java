package org.vecmlp.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vecmlp.Mlp;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.kernel.parallel.ParallelBackend;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.train.Initializer;

/**
 * Concurrent callers batched together get, bit for bit, what a single prediction gives them; a full queue refuses at
 * once; a request that waits past its timeout fails; close answers what it accepted and refuses what comes after.
 */
class BatchingPredictorTest {
    private static final MlpSpec SPEC = MlpSpec.builder(40).hidden(300, Activation.RELU).hidden(50, Activation.TANH)
            .output(7, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);
    private static final Mlp MODEL = Mlp.initialize(SPEC, Initializer.XAVIER, 29);

    private static float[] row(SplittableRandom random) {
        float[] x = new float[SPEC.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-2, 2);
        }
        return x;
    }

    private static void concurrentCallersGetTheSingleRowBits(Backend backend) throws Exception {
        Predictor predictor = MODEL.predictor(backend);
        List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
        try (BatchingPredictor batching = new BatchingPredictor(predictor,
                new BatchingPredictor.Options(32, Duration.ofMillis(2), 10_000, Duration.ofSeconds(60)),
                (requests, rows, nanos) -> batchSizes.add(rows))) {
            ExecutorService callers = Executors.newFixedThreadPool(24);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < 24; t++) {
                    long seed = t;
                    done.add(callers.submit(() -> {
                        SplittableRandom random = new SplittableRandom(seed);
                        int checked = 0;
                        for (int i = 0; i < 150; i++) {
                            if (i % 10 == 3) { // several rows in one request now and then
                                float[] x = new float[3 * SPEC.inputs()];
                                for (int r = 0; r < 3; r++) {
                                    System.arraycopy(row(random), 0, x, r * SPEC.inputs(), SPEC.inputs());
                                }
                                float[] got = batching.submit(x, 3, null).get();
                                float[] want = new float[3 * SPEC.outputs()];
                                predictor.predict(x, 3, want);
                                assertArrayEquals(want, got);
                            } else {
                                float[] x = row(random);
                                float[] got = batching.predict(x);
                                assertArrayEquals(predictor.predict(x), got, "bitwise the single-row answer");
                            }
                            checked++;
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : done) {
                    total += f.get(120, TimeUnit.SECONDS);
                }
                assertEquals(24 * 150, total);
            } finally {
                callers.shutdownNow();
            }
            assertEquals(0, batching.rejected());
            assertEquals(0, batching.timedOut());
            assertTrue(batchSizes.stream().anyMatch(s -> s > 1), "concurrent rows were batched: " + batchSizes.size()
                    + " batches");
            assertTrue(batchSizes.stream().allMatch(s -> s <= 32), "no batch over 32 rows");
        }
    }

    @Test
    void concurrentCallersGetTheSingleRowBitsOnTheBestSerialBackend() throws Exception {
        concurrentCallersGetTheSingleRowBits(BackendProvider.bestSerial());
    }

    @Test
    void concurrentCallersGetTheSingleRowBitsOnAParallelBackend() throws Exception {
        try (ParallelBackend backend = BackendProvider.parallel(3)) {
            concurrentCallersGetTheSingleRowBits(backend);
        }
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        Predictor predictor = MODEL.predictor(Backend.scalar());
        // A batch waits up to 2 s for more rows, so the first two requests stay unanswered while the third comes.
        try (BatchingPredictor batching = new BatchingPredictor(predictor,
                new BatchingPredictor.Options(100, Duration.ofSeconds(2), 2, Duration.ofSeconds(30)))) {
            SplittableRandom random = new SplittableRandom(1);
            CompletableFuture<float[]> a = batching.submit(row(random));
            CompletableFuture<float[]> b = batching.submit(row(random));
            CompletableFuture<float[]> c = batching.submit(row(random));
            assertTrue(c.isCompletedExceptionally(), "refused at once");
            ExecutionException e = assertThrows(ExecutionException.class, c::get);
            assertInstanceOf(RejectedExecutionException.class, e.getCause());
            assertEquals("the queue is full (2 requests waiting)", e.getCause().getMessage());
            assertEquals(SPEC.outputs(), a.get(10, TimeUnit.SECONDS).length);
            assertEquals(SPEC.outputs(), b.get(10, TimeUnit.SECONDS).length);
            assertEquals(1, batching.rejected());
            assertEquals(SPEC.outputs(), batching.submit(row(random)).get(10, TimeUnit.SECONDS).length,
                    "room again once answered");
        }
    }

    @Test
    void aRequestThatWaitsPastItsTimeoutFails() throws Exception {
        Predictor predictor = MODEL.predictor(Backend.scalar());
        try (BatchingPredictor batching = new BatchingPredictor(predictor,
                new BatchingPredictor.Options(100, Duration.ofMillis(1), 10, Duration.ofMillis(100)))) {
            // 60,000 rows on the scalar backend (1.6·10⁹ multiply-adds) run on their own for a second or more; the
            // request behind them waits past its 100 ms.
            SplittableRandom random = new SplittableRandom(2);
            int big = 60_000;
            float[] x = new float[big * SPEC.inputs()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextDouble(-2, 2);
            }
            CompletableFuture<float[]> long_ = batching.submit(x, big, null);
            CompletableFuture<float[]> late = batching.submit(row(random));
            ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(60, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertEquals("the request waited longer than its timeout (100 ms) to be run", e.getCause().getMessage());
            assertEquals(big * SPEC.outputs(), long_.get(60, TimeUnit.SECONDS).length, "the long one was answered");
            assertEquals(1, batching.timedOut());
        }
    }

    @Test
    void aBatchRunsBeforeItsEarliestDeadline() throws Exception {
        Predictor predictor = MODEL.predictor(Backend.scalar());
        // The batch would wait 5 s for company; the requests' 300 ms timeout cuts the wait short.
        try (BatchingPredictor batching = new BatchingPredictor(predictor,
                new BatchingPredictor.Options(100, Duration.ofSeconds(5), 10, Duration.ofMillis(300)))) {
            float[] x = row(new SplittableRandom(5));
            assertArrayEquals(predictor.predict(x), batching.submit(x).get(10, TimeUnit.SECONDS));
            assertEquals(0, batching.timedOut());
        }
    }

    @Test
    void closeAnswersWhatItAcceptedAndRefusesTheRest() throws Exception {
        Predictor predictor = MODEL.predictor(BackendProvider.bestSerial());
        BatchingPredictor batching = new BatchingPredictor(predictor,
                new BatchingPredictor.Options(16, Duration.ofMillis(1), 100_000, Duration.ofSeconds(60)));
        SplittableRandom random = new SplittableRandom(3);
        List<float[]> rows = new ArrayList<>();
        List<CompletableFuture<float[]>> answers = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.add(row(random));
            answers.add(batching.submit(rows.get(i)));
        }
        batching.close(); // while most are still queued
        for (int i = 0; i < answers.size(); i++) {
            assertArrayEquals(predictor.predict(rows.get(i)), answers.get(i).get(), "request " + i);
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> batching.submit(row(random)).get());
        assertEquals("the batching predictor is closed", e.getCause().getMessage());
        assertEquals(0, batching.queued());
    }

    @Test
    void aRequestLargerThanABatchRunsOnItsOwn() throws Exception {
        Predictor predictor = MODEL.predictor(Backend.scalar());
        AtomicInteger largest = new AtomicInteger();
        try (BatchingPredictor batching = new BatchingPredictor(predictor,
                new BatchingPredictor.Options(4, Duration.ofMillis(1), 10, Duration.ofSeconds(10)),
                (requests, rows, nanos) -> largest.accumulateAndGet(rows, Math::max))) {
            SplittableRandom random = new SplittableRandom(4);
            float[] x = new float[9 * SPEC.inputs()];
            for (int r = 0; r < 9; r++) {
                System.arraycopy(row(random), 0, x, r * SPEC.inputs(), SPEC.inputs());
            }
            float[] out = new float[9 * SPEC.outputs()];
            assertEquals(out, batching.submit(x, 9, out).get(10, TimeUnit.SECONDS), "the caller's array, filled");
            float[] want = new float[9 * SPEC.outputs()];
            predictor.predict(x, 9, want);
            assertArrayEquals(want, out);
            assertEquals(9, largest.get());
        }
    }

    @Test
    void badArgumentsAreRefusedByName() {
        Predictor predictor = MODEL.predictor(Backend.scalar());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new BatchingPredictor.Options(0, Duration.ZERO, 1, Duration.ofSeconds(1)));
        assertEquals("maxBatch must be 1 to 1048576 rows, got 0", e.getMessage());
        try (BatchingPredictor batching = new BatchingPredictor(predictor, BatchingPredictor.Options.DEFAULT)) {
            e = assertThrows(IllegalArgumentException.class, () -> batching.submit(new float[3]));
            assertEquals("the input holds 3 values; 1 rows of 40 need 40", e.getMessage());
        }
    }
}
