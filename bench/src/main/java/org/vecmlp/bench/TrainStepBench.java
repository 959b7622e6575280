package org.vecmlp.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vecmlp.Mlp;
import org.vecmlp.kernel.Backend;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.ParallelPolicy;
import org.vecmlp.train.Trainer;
import org.vecmlp.train.TrainingConfig;

/**
 * How long does one full training step take? One operation is one step on one mini-batch: zero gradients, forward,
 * loss, backward, plain SGD update — what a PyTorch {@code zero_grad; forward; loss; backward; step} does. The batch
 * is loaded once in setup (data loading is not part of the step, as in the PyTorch comparison); samples/s =
 * batch / (time per op). The learning rate is tiny so that thousands of steps on one batch stay finite.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar TrainStepBench -p workload=mnist -p variant=simd -p threads=1 -prof gc
 * java -jar bench/target/benchmarks.jar TrainStepBench -p variant=parallel -p threads=1,2 -p mode=auto,data,operation
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class TrainStepBench {

    @Param({"scalar", "simd", "parallel"})
    public String variant;

    /** Threads of the parallel variant; the others ignore it (run them with {@code -p threads=1}). */
    @Param({"1", "2"})
    public int threads;

    @Param({"playground", "mnist", "wide", "deepSigmoid"})
    public String workload;

    /** The SIMD GEMM's tuning: {@code default} (the one in force) or {@code SHAPE:MC:KC:NC}, e.g. {@code 8x2v:72:320:768}. */
    @Param({"default"})
    public String tuning;

    /** How the parallel variant splits a step: auto (the engine's rule), data (shards) or operation. */
    @Param({"auto"})
    public String mode;

    private Backend backend;
    private Trainer trainer;
    private int batch;

    @Setup(Level.Trial)
    public void setUp() {
        Workload w = Workload.valueOf(workload);
        batch = w.batch;
        Mlp model = Mlp.initialize(w.spec, Initializer.XAVIER, 1);
        trainer = model.trainer(TrainingConfig.builder().batchSize(batch).learningRate(1e-5)
                .optimizer(OptimizerSpec.sgd()).parallel(new ParallelPolicy(ParallelPolicy.parseMode(mode),
                        ParallelPolicy.DEFAULT_SHARD_ROWS)).build(), backend = Variants.backend(variant, threads, tuning));
        int[] order = new int[batch];
        for (int i = 0; i < batch; i++) {
            order[i] = i;
        }
        trainer.loadBatch(w.inputs(batch, 1), w.targets(batch, 1), order, 0, batch);
        double loss = trainer.step(batch, 1e-5f);
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException(workload + " on " + variant + ": first step loss " + loss);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Variants.close(backend);
    }

    @Benchmark
    public double step() {
        return trainer.step(batch, 1e-5f);
    }
}
