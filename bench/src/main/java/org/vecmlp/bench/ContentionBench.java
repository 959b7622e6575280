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
import org.vecmlp.train.Trainer;
import org.vecmlp.train.TrainingConfig;

/**
 * Does the parallel step hold up when another process keeps a core busy? With {@code load=busy} a separate OS
 * process (a shell busy loop, started in setup and killed in teardown) competes for one core while the parallel
 * training step runs on 1 or 2 threads. Static thread teams stall waiting for the descheduled thread; work stealing
 * over shards and blocks should let the free thread take over.
 *
 * <pre>java -jar bench/target/benchmarks.jar ContentionBench</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class ContentionBench {

    @Param({"mnist", "wide"})
    public String workload;

    @Param({"1", "2"})
    public int threads;

    @Param({"idle", "busy"})
    public String load;

    private Backend backend;
    private Trainer trainer;
    private int batch;
    private Process busy;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Workload w = Workload.valueOf(workload);
        batch = w.batch;
        backend = Variants.backend("parallel", threads, "default");
        Mlp model = Mlp.initialize(w.spec, Initializer.XAVIER, 1);
        trainer = model.trainer(TrainingConfig.builder().batchSize(batch).learningRate(1e-5)
                .optimizer(OptimizerSpec.sgd()).build(), backend);
        int[] order = new int[batch];
        for (int i = 0; i < batch; i++) {
            order[i] = i;
        }
        trainer.loadBatch(w.inputs(batch, 1), w.targets(batch, 1), order, 0, batch);
        if (load.equals("busy")) {
            busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (busy != null) {
            busy.destroyForcibly();
        }
        Variants.close(backend);
    }

    @Benchmark
    public double step() {
        return trainer.step(batch, 1e-5f);
    }
}
