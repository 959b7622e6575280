package org.vecmlp.bench;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vecmlp.Mlp;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.spark.DistributedOptions;
import org.vecmlp.spark.DistributedTrainer;
import org.vecmlp.spark.InProcessPartitionRunner;
import org.vecmlp.spark.Masters;
import org.vecmlp.spark.Partitions;
import org.vecmlp.spark.Recipe;
import org.vecmlp.spark.SparkPartitionRunner;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.TrainingConfig;

/**
 * What distribution costs: the distributed trainer on Spark in local mode against its in-process reference (the
 * same partitions one after another in this JVM, the same bits), alternately in one JVM (reference, Spark,
 * reference, Spark …) so that drift lands on both. Three questions: the synchronous step against partitions and
 * global batch; the step against the model's size (what broadcast and collect add per byte); local SGD's round
 * against its local steps k. From the medians it fits the model of a step written in the summary: a fixed cost per
 * step, a cost per partition (task), a cost per byte moved, and the compute, and it gives the batch from which each
 * mode pays.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar:$(cat spark/target/spark-classpath.txt) \
 *     org.vecmlp.bench.SparkCostBench OUT_DIR [MASTER, default local[2]] [ROUNDS, default 5]</pre>
 */
public final class SparkCostBench {
    private SparkCostBench() {
    }

    /** One measured configuration: its question, partitions, global batch, hidden width, mode and local steps. */
    record Case(String question, int partitions, int batch, int width, DistributedOptions.Mode mode, int k) {
        DistributedOptions options() {
            return mode == DistributedOptions.Mode.SYNC ? DistributedOptions.sync(partitions)
                    : DistributedOptions.localSgd(partitions, k);
        }

        MlpSpec spec() {
            return MlpSpec.builder(2).hidden(width, Activation.RELU).hidden(width, Activation.RELU)
                    .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
        }
    }

    /** A case's rounds: milliseconds per update (a step, or a local-SGD round) of the reference and of Spark. */
    record Measured(Case c, long parameters, long updates, double[] referenceMs, double[] sparkMs,
                    double[] sparkCpuMs) {
        double reference() {
            return median(referenceMs);
        }

        double spark() {
            return median(sparkMs);
        }

        double[] overheads() {
            double[] d = new double[sparkMs.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = sparkMs[i] - referenceMs[i];
            }
            return d;
        }
    }

    static final int ROWS = 8192;

    /** The process's CPU time, all threads: how much of a Spark step's wall time is work and how much is waiting. */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SparkCostBench OUT_DIR [MASTER, default local[2]] [ROUNDS, default 5]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String master = args.length > 1 ? args[1] : "local[2]";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Files.createDirectories(out);
        String backend = BackendProvider.available().contains("simd") ? "simd" : "scalar";
        BackendProvider.warmUp(Duration.ofSeconds(20));
        Dataset data = Generators.spiral(ROWS, 0.1, 1);
        List<Case> cases = new ArrayList<>();
        for (int p : new int[] {1, 2, 4, 8}) {
            for (int b : new int[] {64, 512, 4096}) {
                cases.add(new Case("steps", p, b, 64, DistributedOptions.Mode.SYNC, 1));
            }
        }
        for (int w : new int[] {256, 1024}) {
            cases.add(new Case("size", 2, 256, w, DistributedOptions.Mode.SYNC, 1));
        }
        for (int k : new int[] {1, 4, 16}) {
            cases.add(new Case("local", 4, 512, 64, DistributedOptions.Mode.LOCAL_SGD, k));
        }
        List<Measured> results = new ArrayList<>();
        try (SparkPartitionRunner spark = SparkPartitionRunner.embedded(master);
             InProcessPartitionRunner reference = new InProcessPartitionRunner()) {
            warmUp(cases.get(0), data, backend, spark);
            for (Case c : cases) {
                Measured m = measure(c, data, backend, rounds, spark, reference);
                results.add(m);
                System.err.printf(Locale.ROOT, "%-5s P=%d B=%4d width %4d %-9s k=%2d: reference %7.2f ms, spark "
                                + "%7.2f ms per update%n", c.question, c.partitions, c.batch, c.width, c.mode, c.k,
                        m.reference(), m.spark());
            }
        }
        int cores = Masters.cores(master);
        Model model = Model.fit(results, cores);
        Files.writeString(out.resolve("spark-cost.json"), json(master, backend, rounds, cores, results, model));
        Files.writeString(out.resolve("spark-summary.md"), summary(master, backend, rounds, cores, results, model));
    }

    /**
     * Spark's own code (scheduler, serialisers, block manager) keeps the JIT compiler busy for its first minute or
     * so: half a minute of small steps first, so that the cases measure the steady state a long run reaches.
     */
    private static void warmUp(Case c, Dataset data, String backend, SparkPartitionRunner spark) {
        MlpSpec spec = c.spec();
        float[] initial = Mlp.initialize(spec, Initializer.HE, 1).parameters();
        TrainingConfig config = TrainingConfig.builder().batchSize(c.batch).epochs(1).learningRate(0.01)
                .optimizer(OptimizerSpec.sgd()).seed(2).build();
        DistributedTrainer trainer = new DistributedTrainer(Recipe.of(spec, config, backend), c.options());
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            trainer.fit(data, initial, 1, spark);
        }
    }

    private static Measured measure(Case c, Dataset data, String backend, int rounds, SparkPartitionRunner spark,
                                    InProcessPartitionRunner reference) {
        MlpSpec spec = c.spec();
        float[] initial = Mlp.initialize(spec, Initializer.HE, 1).parameters();
        TrainingConfig config = TrainingConfig.builder().batchSize(c.batch).epochs(1).learningRate(0.01)
                .optimizer(OptimizerSpec.sgd()).seed(2).build();
        DistributedTrainer trainer = new DistributedTrainer(Recipe.of(spec, config, backend), c.options());
        int steps = Partitions.stepsPerEpoch(ROWS, c.batch);
        // Enough updates a round to average the scheduler's jitter: 16 steps, or 8 local-SGD rounds.
        int epochs = c.mode == DistributedOptions.Mode.SYNC ? Math.ceilDiv(16, steps) : Math.ceilDiv(8 * c.k, steps);
        trainer.fit(data, initial, epochs, spark); // warm-up of both
        DistributedTrainer.Result r = trainer.fit(data, initial, epochs, reference);
        double[] ref = new double[rounds];
        double[] sp = new double[rounds];
        double[] cpu = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long a = System.nanoTime();
            trainer.fit(data, initial, epochs, reference);
            long b = System.nanoTime();
            long cpu0 = PROCESS.getProcessCpuTime();
            trainer.fit(data, initial, epochs, spark);
            long e = System.nanoTime();
            cpu[i] = (PROCESS.getProcessCpuTime() - cpu0) / 1e6 / r.updates();
            ref[i] = (b - a) / 1e6 / r.updates();
            sp[i] = (e - b) / 1e6 / r.updates();
        }
        return new Measured(c, initial.length, r.updates(), ref, sp, cpu);
    }

    /**
     * The model of a synchronous step, fitted to the medians: {@code spark = reference / min(P, cores) + F + f·P +
     * s·bytes·(1 + P)}. F is the fixed cost of a Spark job (schedule, serialise, launch, collect), f a task's own
     * cost, s the cost of a byte broadcast or collected, and {@code c} the compute per sample on one core.
     */
    record Model(double fixedMs, double perTaskMs, double perMegabyteMs, double computeMsPerSample) {
        static Model fit(List<Measured> results, int cores) {
            // F and f: least squares over the small-model steps, where bytes are few.
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            int n = 0;
            for (Measured m : results) {
                if (m.c.question.equals("steps")) {
                    double x = m.c.partitions;
                    double y = m.spark() - m.reference() / Math.min(m.c.partitions, cores);
                    sx += x;
                    sy += y;
                    sxx += x * x;
                    sxy += x * y;
                    n++;
                }
            }
            double f = (n * sxy - sx * sy) / (n * sxx - sx * sx);
            double fixed = (sy - f * sx) / n;
            // s: what the larger models add beyond F + f·P, against the megabytes moved (the broadcast and P
            // partials): least squares through the origin, so the largest model, the clearest signal, weighs most.
            double rx = 0, xx = 0;
            for (Measured m : results) {
                if (m.c.question.equals("size")) {
                    double rest = m.spark() - m.reference() / Math.min(m.c.partitions, cores) - fixed
                            - f * m.c.partitions;
                    double moved = megabytes(m) * (1 + m.c.partitions);
                    rx += rest * moved;
                    xx += moved * moved;
                }
            }
            double s = xx > 0 ? rx / xx : 0;
            // c: the in-process reference at the largest batch on one partition, per sample.
            double c = results.stream().filter(m -> m.c.question.equals("steps") && m.c.partitions == 1)
                    .max((a, b) -> Integer.compare(a.c.batch, b.c.batch))
                    .map(m -> m.reference() / m.c.batch).orElse(Double.NaN);
            return new Model(fixed, f, s, c);
        }

        /** A step (sync) or a round (local SGD): one Spark job either way. */
        double predict(Measured m, int cores) {
            return m.reference() / Math.min(m.c.partitions, cores) + fixedMs + perTaskMs * m.c.partitions
                    + perMegabyteMs * megabytes(m) * (1 + m.c.partitions);
        }

        /**
         * The global batch from which P one-core executors beat one core: where the compute saved, c·B·(1 − 1/P),
         * exceeds the job's costs spread over its k local steps.
         */
        double breakEvenBatch(int p, double mb, int localSteps, double msPerSample) {
            double cost = (fixedMs + perTaskMs * p + perMegabyteMs * mb * (1 + p)) / localSteps;
            return cost / (msPerSample * (1 - 1.0 / p));
        }
    }

    static double megabytes(Measured m) {
        return m.parameters * (double) Float.BYTES / 1e6;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String range(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", median(values), s[0], s[s.length - 1]);
    }

    private static String json(String master, String backend, int rounds, int cores, List<Measured> results,
                               Model model) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("master", master);
        root.put("cores", cores);
        root.put("backend", backend);
        root.put("rows", ROWS);
        root.put("rounds", rounds);
        root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Measured m : results) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("question", m.c.question);
            o.put("partitions", m.c.partitions);
            o.put("batch", m.c.batch);
            o.put("width", m.c.width);
            o.put("mode", m.c.mode.cliName());
            o.put("local_steps", m.c.k);
            o.put("parameters", m.parameters);
            o.put("updates_per_round", m.updates);
            o.put("reference_ms_per_update", m.referenceMs);
            o.put("spark_ms_per_update", m.sparkMs);
            o.put("spark_process_cpu_ms_per_update", m.sparkCpuMs);
            list.add(o);
        }
        root.put("cases", list);
        root.put("model", Map.of("fixed_ms", model.fixedMs, "per_task_ms", model.perTaskMs,
                "per_megabyte_ms", model.perMegabyteMs, "compute_ms_per_sample", model.computeMsPerSample));
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(root) + "\n";
    }

    private static String summary(String master, String backend, int rounds, int cores, List<Measured> results,
                                  Model model) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Spark %s (%d cores) against the in-process reference, alternating in one "
                + "JVM; %s kernels; %d rows of the spiral, network 2-W-W-1 (ReLU, sigmoid, bce), SGD; milliseconds "
                + "per update (a step, or a local-SGD round of k steps), median of %d rounds (the rounds' range); "
                + "Spark CPU ms: the process's CPU time per update, all threads, during the Spark rounds.%n%n", master,
                cores, backend, ROWS, rounds));
        b.append("| question | partitions | global batch | width | parameters | mode | reference ms | Spark ms | "
                + "Spark − reference ms | model ms | Spark CPU ms |\n|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (Measured m : results) {
            String predicted = String.format(Locale.ROOT, "%.2f", model.predict(m, cores));
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %,d | %s | %s | %s | %s | %s | %.1f |%n",
                    m.c.question, m.c.partitions, m.c.batch, m.c.width, m.parameters,
                    m.c.mode == DistributedOptions.Mode.SYNC ? "sync" : "local SGD, k = " + m.c.k,
                    range(m.referenceMs), range(m.sparkMs), range(m.overheads()), predicted, median(m.sparkCpuMs)));
        }
        b.append(String.format(Locale.ROOT, "%nFitted step model (sync): Spark ms ≈ reference / min(P, %d) + **F %.1f "
                        + "ms** + **f %.2f ms** × P + **s %.2f ms/MB** × model MB × (1 + P); compute c = %.4f ms a "
                        + "sample on one core (the in-process reference, P = 1, batch 4096).%n", cores, model.fixedMs,
                model.perTaskMs, model.perMegabyteMs, model.computeMsPerSample));
        // Each width's compute per sample, measured: the reference's update over its global batch.
        Map<Integer, Measured> byWidth = new LinkedHashMap<>();
        for (Measured m : results) {
            boolean widest = m.c.question.equals("steps") && m.c.partitions == 1 && m.c.batch == 4096;
            if (widest || m.c.question.equals("size")) {
                byWidth.put(m.c.width, m);
            }
        }
        b.append("\nGlobal batch from which P one-core executors beat one core, B* = (F + f·P + s·MB·(1 + P)) / k / "
                + "(c·(1 − 1/P)), with this run's constants and each network's measured compute c (a cluster adds its "
                + "network's latency to F and its bandwidth to s):\n\n| P |");
        for (Measured m : byWidth.values()) {
            b.append(String.format(Locale.ROOT, " 2-%d-%d-1 sync |", m.c.width, m.c.width));
        }
        b.append(" 2-64-64-1 local SGD, k = 16 |\n|---:|").append("---:|".repeat(byWidth.size() + 1)).append('\n');
        for (int p : new int[] {2, 4, 8, 16}) {
            b.append("| ").append(p).append(" |");
            for (Measured m : byWidth.values()) {
                b.append(String.format(Locale.ROOT, " %,.0f |", model.breakEvenBatch(p, megabytes(m), 1,
                        m.reference() / m.c.batch)));
            }
            Measured small = byWidth.get(64);
            b.append(String.format(Locale.ROOT, " %,.0f |%n", small == null ? Double.NaN
                    : model.breakEvenBatch(p, megabytes(small), 16, model.computeMsPerSample)));
        }
        return b.toString();
    }
}
