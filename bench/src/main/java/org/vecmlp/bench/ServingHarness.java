package org.vecmlp.bench;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vecmlp.Mlp;
import org.vecmlp.infer.BatchingPredictor;
import org.vecmlp.infer.Predictor;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.train.Initializer;

/**
 * The library-level serving question, without HTTP: C caller threads each predicting one row after another, either
 * straight on a shared {@link Predictor} or through a {@link BatchingPredictor}; rows per second over all callers and
 * each call's latency (p50, p99), in alternating rounds of the two so that the machine's noise falls on both. Every
 * answer through the batching predictor is checked bitwise against the direct prediction of its row.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.vecmlp.bench.ServingHarness OUT.json [rounds] [seconds] [callers]}
 * (defaults 3, 4 and 64); workloads {@code mnist} (the W5) and {@code wide}, batching with the default
 * options and with the waits {@code 0, 50, 200, 1000} µs.
 */
public final class ServingHarness {
    private ServingHarness() {
    }

    /** One timed run: rows a second and the latency quantiles in microseconds. */
    record Run(String workload, String mode, int round, int callers, double rowsPerSecond, double p50Micros,
               double p99Micros, long batches) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "serving.json");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 4;
        int callers = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        BackendProvider.warmUp(Duration.ofSeconds(60));
        Backend backend = BackendProvider.defaultBackend();
        int cores = Runtime.getRuntime().availableProcessors();
        org.vecmlp.kernel.parallel.ParallelBackend parallel = BackendProvider.parallel(cores);
        List<Run> runs = new ArrayList<>();
        for (String workload : new String[] {"mnist", "wide"}) {
            Workload w = Workload.valueOf(workload);
            Mlp model = Mlp.initialize(w.spec, Initializer.HE, 42);
            Predictor serial = model.predictor(backend);
            Predictor split = model.predictor(parallel); // a batch split across the cores; the same bits
            float[] rows = w.inputs(1024, 11);
            // direct: every caller on the serial predictor; batching on the serial predictor (one dispatcher,
            // one core) and on the parallel one (the dispatcher's batch split across every core), at four waits.
            List<String> modes = List.of("direct", "batching-200us-parallel", "batching-200us", "batching-0us-parallel",
                    "batching-50us-parallel", "batching-1000us-parallel", "direct-virtual",
                    "batching-0us-parallel-virtual", "batching-0us-virtual");
            for (int round = 0; round < rounds; round++) {
                for (String mode : modes) {
                    Predictor predictor = mode.contains("-parallel") ? split : serial;
                    Run r = run(workload, mode, round, predictor, rows, w.spec.inputs(), callers, seconds);
                    runs.add(r);
                    System.err.printf(Locale.ROOT, "%s %-16s round %d: %10.0f rows/s  p50 %8.1f µs  p99 %9.1f µs"
                                    + "  (%d batches)%n", workload, mode, round, r.rowsPerSecond(), r.p50Micros(),
                            r.p99Micros(), r.batches());
                }
            }
        }
        parallel.close();
        Files.writeString(out, json(runs, backend, callers, seconds));
        Path summary = out.resolveSibling(out.getFileName().toString().replaceAll("\\.json$", "") + "-summary.md");
        Files.writeString(summary, summary(runs, backend, callers, seconds));
        System.err.println("wrote " + out + " and " + summary);
    }

    private static Run run(String workload, String mode, int round, Predictor predictor, float[] rows, int inputs,
                           int callers, double seconds) throws InterruptedException {
        BatchingPredictor batching = mode.startsWith("direct") ? null : new BatchingPredictor(predictor,
                new BatchingPredictor.Options(BatchingPredictor.Options.DEFAULT.maxBatch(),
                        Duration.ofNanos(1000L * Integer.parseInt(mode.replaceAll("^batching-(\\d+)us.*", "$1"))),
                        BatchingPredictor.Options.DEFAULT.capacity(), Duration.ofSeconds(30)));
        int perCaller = 100_000; // latencies kept per caller (a run that reaches it stops that caller early)
        long[][] latencies = new long[callers][];
        int[] counts = new int[callers];
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean wrong = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[callers];
        int rowCount = rows.length / inputs;
        for (int t = 0; t < callers; t++) {
            int id = t;
            Runnable caller = () -> {
                long[] lat = new long[perCaller];
                float[][] mine = new float[rowCount][];
                for (int r = 0; r < rowCount; r++) {
                    mine[r] = Arrays.copyOfRange(rows, r * inputs, (r + 1) * inputs);
                }
                float[] expectedOut = new float[predictor.outputs()];
                float[] out = new float[predictor.outputs()];
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                int n = 0;
                while (!stop.get() && n < perCaller) {
                    float[] x = mine[(id * 31 + n) % rowCount];
                    long t0 = System.nanoTime();
                    if (batching == null) {
                        predictor.predict(x, out);
                    } else {
                        out = batching.predict(x);
                    }
                    lat[n++] = System.nanoTime() - t0;
                    if (batching != null && (n & 63) == 0) { // spot checks, outside the timed call
                        predictor.predict(x, expectedOut); // one row: the same bits on either backend
                        if (!Arrays.equals(expectedOut, out)) {
                            wrong.set(true);
                        }
                    }
                }
                latencies[id] = lat;
                counts[id] = n;
            };
            // Platform threads, as a thread pool gives; or virtual threads, as vecmlp serve and modern servers use.
            threads[t] = mode.endsWith("-virtual") ? Thread.ofVirtual().name("caller-" + t).unstarted(caller)
                    : new Thread(caller, "caller-" + t);
            threads[t].start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long batches = batching == null ? 0 : batching.batches();
        if (batching != null) {
            batching.close();
        }
        if (wrong.get()) {
            throw new IllegalStateException(workload + " " + mode + ": a batched answer differs from the direct one");
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < callers; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Run(workload, mode, round, callers, total / elapsed, all[total / 2] / 1e3,
                all[(int) Math.min(total - 1, Math.ceil(0.99 * total) - 1)] / 1e3, batches);
    }

    /** The direct mode a batching mode is compared with: the same kind of caller thread. */
    private static String baseline(String mode) {
        return mode.endsWith("-virtual") ? "direct-virtual" : "direct";
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The table of a run: per workload and mode, medians over the rounds with their range. */
    private static String summary(List<Run> runs, Backend backend, int callers, double seconds) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d caller threads, one row a call, %s s a "
                + "round, modes alternating round by round; the median over the rounds with the rounds' range. "
                + "Serial predictor: %s; parallel: the same kernels split across %d threads. Every batched answer "
                + "spot-checked bitwise against the direct prediction of its row.%n%n", callers, seconds,
                backend.name(), Runtime.getRuntime().availableProcessors()));
        b.append("Modes ending in -virtual use virtual caller threads (as vecmlp serve does) and are compared with "
                + "direct-virtual; the others use platform threads and are compared with direct.\n\n");
        b.append("| network | mode | rows/s | × direct | p50 µs | p99 µs |\n|---|---|---:|---:|---:|---:|\n");
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        for (Run r : runs) {
            groups.computeIfAbsent(r.workload() + "|" + r.mode(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Run>> e : groups.entrySet()) {
            List<Run> g = e.getValue();
            String[] key = e.getKey().split("\\|");
            List<Double> rate = g.stream().map(Run::rowsPerSecond).toList();
            List<Double> ratio = new ArrayList<>();
            for (Run r : g) {
                runs.stream().filter(d -> d.mode().equals(baseline(r.mode())) && d.round() == r.round()
                        && d.workload().equals(r.workload())).findFirst()
                        .ifPresent(d -> ratio.add(r.rowsPerSecond() / d.rowsPerSecond()));
            }
            b.append(String.format(Locale.ROOT, "| %s | %s | %,.0f (%,.0f–%,.0f) | %.2f× (%.2f–%.2f) | %.0f | %.0f |%n",
                    key[0], key[1], median(rate), rate.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    rate.stream().mapToDouble(Double::doubleValue).max().orElse(0), median(ratio),
                    ratio.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    ratio.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    median(g.stream().map(Run::p50Micros).toList()), median(g.stream().map(Run::p99Micros).toList())));
        }
        return b.toString();
    }

    private static String json(List<Run> runs, Backend backend, int callers, double seconds) {
        StringBuilder b = new StringBuilder("{\n  \"backend\": \"" + backend.name() + "\",\n  \"callers\": " + callers
                + ",\n  \"seconds\": " + seconds + ",\n  \"runs\": [\n");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            b.append(String.format(Locale.ROOT, "    {\"workload\": \"%s\", \"mode\": \"%s\", \"round\": %d, "
                            + "\"rows_per_second\": %.1f, \"p50_us\": %.2f, \"p99_us\": %.2f, \"batches\": %d}%s%n",
                    r.workload(), r.mode(), r.round(), r.rowsPerSecond(), r.p50Micros(), r.p99Micros(), r.batches(),
                    i + 1 < runs.size() ? "," : ""));
        }
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (Run r : runs) {
            if (!r.mode().startsWith("direct")) {
                Run direct = runs.stream().filter(d -> d.mode().equals(baseline(r.mode())) && d.round() == r.round()
                        && d.workload().equals(r.workload())).findFirst().orElseThrow();
                ratios.computeIfAbsent(r.workload() + " " + r.mode(), k -> new ArrayList<>())
                        .add(r.rowsPerSecond() / direct.rowsPerSecond());
            }
        }
        b.append("  ],\n  \"throughput_ratio_to_direct\": {\n");
        int k = 0;
        for (Map.Entry<String, List<Double>> e : ratios.entrySet()) {
            List<Double> v = new ArrayList<>(e.getValue());
            v.sort(null);
            b.append(String.format(Locale.ROOT, "    \"%s\": {\"median\": %.3f, \"min\": %.3f, \"max\": %.3f}%s%n",
                    e.getKey(), v.get(v.size() / 2), v.get(0), v.get(v.size() - 1),
                    ++k < ratios.size() ? "," : ""));
        }
        return b.append("  }\n}\n").toString();
    }
}
