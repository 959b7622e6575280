package org.vecmlp.spark;

import java.util.Locale;
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
 * A first look at the cost of a synchronous step on Spark in local mode against the same step in process: for
 * each partition count and global batch, the median time per step of the two, measured alternately (reference,
 * Spark, reference, Spark …) so that drift lands on both. Not a test: run it with the spark module's test class path,
 * {@code java -cp … org.vecmlp.spark.StepOverheadProbe MASTER ROUNDS}.
 */
public final class StepOverheadProbe {
    private StepOverheadProbe() {
    }

    public static void main(String[] args) {
        String master = args.length > 0 ? args[0] : "local[2]";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Dataset data = Generators.spiral(4096, 0.1, 1);
        MlpSpec spec = MlpSpec.builder(2).hidden(64, Activation.RELU).hidden(64, Activation.RELU)
                .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
        float[] initial = Mlp.initialize(spec, Initializer.HE, 1).parameters();
        String backend = BackendProvider.available().contains("simd") ? "simd" : "scalar";
        BackendProvider.warmUp(java.time.Duration.ofSeconds(20));
        System.out.println("master " + master + ", 4096 rows, 2-64-64-1, " + backend + ", median of " + rounds
                + " alternating rounds of one epoch");
        System.out.println("partitions batch steps  in-process ms/step  spark ms/step  overhead ms/step");
        try (SparkPartitionRunner spark = SparkPartitionRunner.embedded(master);
             InProcessPartitionRunner local = new InProcessPartitionRunner()) {
            for (int partitions : new int[]{1, 2, 4, 8}) {
                for (int batch : new int[]{64, 512, 4096}) {
                    Recipe r = Recipe.of(spec, TrainingConfig.builder().batchSize(batch).epochs(1).learningRate(0.01)
                            .optimizer(OptimizerSpec.sgd()).seed(2).build(), backend);
                    DistributedTrainer t = new DistributedTrainer(r, DistributedOptions.sync(partitions));
                    int steps = Partitions.stepsPerEpoch(data.rows(), batch);
                    double[] ref = new double[rounds];
                    double[] sp = new double[rounds];
                    t.fit(data, initial, 1, spark); // warm-up of both
                    t.fit(data, initial, 1, local);
                    for (int k = 0; k < rounds; k++) {
                        long a = System.nanoTime();
                        t.fit(data, initial, 1, local);
                        long b = System.nanoTime();
                        t.fit(data, initial, 1, spark);
                        long c = System.nanoTime();
                        ref[k] = (b - a) / 1e6 / steps;
                        sp[k] = (c - b) / 1e6 / steps;
                    }
                    java.util.Arrays.sort(ref);
                    java.util.Arrays.sort(sp);
                    System.out.printf(Locale.ROOT, "%10d %5d %5d %19.2f %14.2f %17.2f%n", partitions, batch, steps,
                            ref[rounds / 2], sp[rounds / 2], sp[rounds / 2] - ref[rounds / 2]);
                }
            }
        }
    }
}
