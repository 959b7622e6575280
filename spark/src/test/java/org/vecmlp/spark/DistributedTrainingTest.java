package org.vecmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vecmlp.Mlp;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.TrainingConfig;

/**
 * Spark adds nothing but speed: synchronous SGD and local SGD on Spark in local mode give, bit for bit, the weights
 * of the in-process reference over the same partitions, for 1, 2 and 4 cores, with random task delays, and when a
 * task fails once and is retried; a task that always fails stops the job naming its step and partition, keeping the
 * last good model.
 */
class DistributedTrainingTest {
    static final Dataset DATA = Generators.spiral(203, 0.1, 7); // 203 rows: partitions of unequal sizes
    static final MlpSpec SPEC = MlpSpec.builder(2).hidden(12, Activation.TANH).hidden(8, Activation.RELU)
            .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
    static final float[] INITIAL = Mlp.initialize(SPEC, Initializer.XAVIER, 3).parameters();
    static final Map<String, SparkPartitionRunner> SPARKS = new LinkedHashMap<>();

    static Recipe recipe(String optimizer) {
        TrainingConfig config = TrainingConfig.builder().batchSize(24).epochs(1).learningRate(0.05)
                .optimizer(OptimizerSpec.parse(optimizer, 0.9)).l2(1e-4).seed(11).build();
        return Recipe.of(SPEC, config, BackendProvider.available().contains("simd") ? "simd" : "scalar");
    }

    static synchronized SparkPartitionRunner spark(String master) {
        SparkPartitionRunner runner = SPARKS.get(master);
        if (runner == null) {
            SPARKS.values().forEach(SparkPartitionRunner::close); // one SparkContext per JVM at a time
            SPARKS.clear();
            runner = SparkPartitionRunner.embedded(master);
            SPARKS.put(master, runner);
        }
        return runner;
    }

    @AfterAll
    static void stopSpark() {
        SPARKS.values().forEach(SparkPartitionRunner::close);
        SPARKS.clear();
    }

    private static DistributedTrainer.Result reference(Recipe r, DistributedOptions o, int epochs) {
        try (InProcessPartitionRunner runner = new InProcessPartitionRunner()) {
            return new DistributedTrainer(r, o).fit(DATA, INITIAL, epochs, runner);
        }
    }

    private static DistributedTrainer.Result onSpark(String master, Recipe r, DistributedOptions o, int epochs) {
        return new DistributedTrainer(r, o).fit(DATA, INITIAL, epochs, spark(master));
    }

    @Test
    void synchronousSgdOnSparkIsTheReferenceBitForBitOnAnyCores() {
        Recipe r = recipe("adam");
        DistributedOptions o = DistributedOptions.sync(4);
        DistributedTrainer.Result ref = reference(r, o, 3);
        assertTrue(ref.epochLosses().get(2) < ref.epochLosses().get(0), "it learns: " + ref.epochLosses());
        for (String master : List.of("local[1]", "local[2]", "local[4]")) {
            DistributedTrainer.Result got = onSpark(master, r, o, 3);
            assertArrayEquals(ref.parameters(), got.parameters(), master);
            assertEquals(ref.epochLosses(), got.epochLosses(), master);
        }
        DistributedTrainer.Result delayed = onSpark("local[4]", r, o.withHooks(new TaskHooks(-1, -1, -1, 15, 5)), 3);
        assertArrayEquals(ref.parameters(), delayed.parameters(), "tasks finishing in another order");
    }

    @Test
    void synchronousSgdOnOnePartitionIsTheEnginesOwnMiniBatchSgd() {
        Recipe r = recipe("sgd");
        DistributedTrainer.Result ref = reference(r, DistributedOptions.sync(1), 2);
        // One machine, one partition: the steps of the engine's trainer on the same batches and rows.
        org.vecmlp.nn.Network network = new org.vecmlp.nn.Network(SPEC);
        float[] params = INITIAL.clone();
        org.vecmlp.train.Trainer t = new org.vecmlp.train.Trainer(network, params, r.config(24), r.kernels());
        PartitionRows all = Partitions.split(DATA, 1, 1).get(0);
        int steps = Partitions.stepsPerEpoch(DATA.rows(), 24);
        for (int e = 0; e < 2; e++) {
            int[] order = StepWork.order(r.seed(), e, all);
            for (int s = 0; s < steps; s++) {
                int[] share = Partitions.share(all.rows(), steps, s);
                t.loadBatch(all.features(), all.targets(), order, share[0], share[1] - share[0]);
                t.step(share[1] - share[0], (float) r.learningRate());
            }
        }
        assertArrayEquals(params, ref.parameters());
    }

    @Test
    void localSgdOnSparkIsTheReferenceBitForBit() {
        Recipe r = recipe("momentum");
        DistributedOptions o = DistributedOptions.localSgd(3, 4);
        DistributedTrainer.Result ref = reference(r, o, 3);
        for (String master : List.of("local[1]", "local[2]")) {
            assertArrayEquals(ref.parameters(), onSpark(master, r, o, 3).parameters(), master);
        }
        assertArrayEquals(ref.parameters(), onSpark("local[2]", r, o.withHooks(new TaskHooks(-1, -1, -1, 20, 9)), 3)
                .parameters(), "with random delays");
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndChangesNothing() {
        Recipe r = recipe("adam");
        DistributedOptions o = DistributedOptions.sync(4);
        DistributedTrainer.Result ref = reference(r, o, 2);
        DistributedTrainer.Result retried = onSpark("local[2,3]", r, o.withHooks(new TaskHooks(5, -1, 2, 0, 0)), 2);
        assertArrayEquals(ref.parameters(), retried.parameters());
    }

    @Test
    void aTaskThatAlwaysFailsNamesItsStepAndPartitionAndKeepsTheLastGoodModel() {
        Recipe r = recipe("sgd");
        DistributedOptions o = DistributedOptions.sync(4);
        DistributedTrainingException e = assertThrows(DistributedTrainingException.class,
                () -> onSpark("local[2,2]", r, o.withHooks(new TaskHooks(-1, 3, 1, 0, 0)), 2));
        assertEquals(3, e.step());
        assertEquals(1, e.partition());
        assertTrue(e.getMessage().startsWith("step 3, partition 1 failed on Spark local[2,2], 4 partitions: "),
                e.getMessage());
        // The reference stopped after three steps: the same model.
        DistributedTrainingException inProcess = assertThrows(DistributedTrainingException.class,
                () -> reference(r, o.withHooks(new TaskHooks(-1, 3, 1, 0, 0)), 2));
        assertEquals(1, inProcess.partition());
        assertArrayEquals(inProcess.lastGoodParameters(), e.lastGoodParameters());
        assertTrue(e.lastGoodParameters().length == INITIAL.length);
    }

    @Test
    void badOptionsAreRefused() {
        assertEquals("partitions must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> DistributedOptions.sync(0)).getMessage());
        assertEquals("partitions (204) cannot exceed the training rows (203): a partition would have no rows",
                assertThrows(IllegalArgumentException.class, () -> reference(recipe("sgd"),
                        DistributedOptions.sync(204), 1)).getMessage());
        assertEquals("local steps must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> DistributedOptions.localSgd(2, 0)).getMessage());
        assertEquals("unknown distributed mode 'async' (expected sync or local-sgd)",
                assertThrows(IllegalArgumentException.class, () -> DistributedOptions.Mode.parse("async"))
                        .getMessage());
    }

    @Test
    void aLargeSharedValueTravelsInItsOwnBroadcastWithTheSameResults() {
        float[] small = new float[1000];
        float[] large = new float[400_000]; // 1.6 MB serialised: above the inline limit
        for (int i = 0; i < large.length; i++) {
            large[i] = (i % 97) * 0.25f;
        }
        System.arraycopy(large, 0, small, 0, small.length);
        assertTrue(SparkPartitionRunner.serializedSizeBelow(small, SparkPartitionRunner.INLINE_LIMIT));
        assertTrue(!SparkPartitionRunner.serializedSizeBelow(large, SparkPartitionRunner.INLINE_LIMIT));
        PartitionRunner.Task<float[], double[]> task = (shared, part, attempt) -> {
            double sum = 0;
            for (int i = part.index(); i < shared.length; i += part.rows()) {
                sum += shared[i] * part.features()[0];
            }
            return new double[] {part.index(), sum};
        };
        List<PartitionRows> parts = Partitions.split(DATA, 1, 3);
        try (InProcessPartitionRunner reference = new InProcessPartitionRunner()) {
            reference.load(parts);
            SparkPartitionRunner spark = spark("local[2]");
            spark.load(parts);
            for (float[] shared : List.of(small, large)) {
                List<double[]> want = reference.run(shared, task);
                List<double[]> got = spark.run(shared, task);
                assertEquals(want.size(), got.size());
                for (int p = 0; p < want.size(); p++) {
                    assertArrayEquals(want.get(p), got.get(p), "partition " + p + ", " + shared.length + " values");
                }
            }
        }
    }
}
