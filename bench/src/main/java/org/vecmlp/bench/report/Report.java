package org.vecmlp.bench.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Turns one benchmark run's raw data into the published report: {@code jmh*.json} (JMH), and when present
 * {@code openblas.json}, {@code pytorch.json} and {@code inference.json} (bench/baselines/baselines.py, measured in
 * the same run), {@code wall.json} (bench/baselines/wall.py), plus {@code environment.txt}. Writes {@code README.md} with tables (medians with JMH's error, derived GFLOP/s and
 * samples/s, ratios) and PNG charts next to them.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.vecmlp.bench.report.Report reports/2026-11-26</pre>
 */
public final class Report {

    private final Path dir;
    private final List<JmhResult> jmh;
    private final Map<String, Double> openblas = new LinkedHashMap<>();
    private final Map<String, Double> pytorch = new LinkedHashMap<>();
    private final StringBuilder md = new StringBuilder();
    private final List<JmhResult> contention = new java.util.ArrayList<>();
    private final Map<String, JFreeChart> charts = new LinkedHashMap<>();
    private String torchPeer = "";

    Report(Path dir) throws IOException {
        this.dir = dir;
        List<JmhResult> all = new java.util.ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("jmh.*\\.json")).sorted().toList()) {
                (p.getFileName().toString().contains("contention") ? contention : all).addAll(JmhResult.read(p));
            }
        }
        this.jmh = all;
        openblas.putAll(readOpenblas(dir.resolve("openblas.json")));
        Path torch = dir.resolve("pytorch.json");
        if (Files.exists(torch)) {
            JsonObject torchRun = JsonParser.parseString(Files.readString(torch)).getAsJsonObject();
            torchPeer = torchRun.has("library") ? torchRun.get("library").getAsString() : "PyTorch";
            if (torchRun.has("blas_loaded")) {
                List<String> libs = new ArrayList<>();
                torchRun.getAsJsonArray("blas_loaded").forEach(l -> libs.add(Path.of(l.getAsString())
                        .getFileName().toString()));
                torchPeer += " on " + String.join(", ", libs) + " (the libraries its process loaded)";
            }
            ScalingReport.readTorch(torch, "train_steps", "workload", "samples_per_second", pytorch);
        }
    }

    /** OpenBLAS's GFLOP/s by {@code "OP MxKxN"} from a baselines.py {@code gemm} file; empty when it is absent. */
    static Map<String, Double> readOpenblas(Path file) throws IOException {
        Map<String, Double> gflops = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (JsonElement e : JsonParser.parseString(Files.readString(file)).getAsJsonObject().getAsJsonArray("gemm")) {
                JsonObject o = e.getAsJsonObject();
                gflops.put(o.get("op").getAsString() + " " + o.get("shape").getAsString(), o.get("gflops").getAsDouble());
            }
        }
        return gflops;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report REPORT_DIR (holding jmh-*.json and optionally openblas.json, pytorch.json)");
            System.exit(2);
        }
        new Report(Path.of(args[0])).write();
    }

    void write() throws IOException {
        md.append("# Benchmark run ").append(dir.getFileName()).append("\n\n");
        Path env = dir.resolve("environment.txt");
        if (Files.exists(env)) {
            md.append("## Environment\n\n```\n").append(Files.readString(env).strip()).append("\n```\n\n");
        }
        md.append("Scores are JMH medians over the measured iterations with JMH's 99.9% confidence error (±), "
                + "from one run; ratios compare variants measured in that same run. Raw data: "
                + String.join(", ", rawFiles()))
                .append(openblas.isEmpty() ? "" : ", `openblas.json`").append(pytorch.isEmpty() ? "" : ", `pytorch.json`")
                .append(".\n\n");
        load();
        limits();
        gemm();
        gemmBySize();
        roofline();
        trainSteps();
        speedup();
        JFreeChart interleaved = new InterleavedSection(dir).append(md);
        if (interleaved != null) {
            save(interleaved, "interleaved.png");
        }
        contention();
        activations();
        new InferenceSection(dir, jmh).append(md);
        new ProfilesSection(dir).append(md);
        Files.writeString(dir.resolve("README.md"), md);
        Files.writeString(dir.resolve("bench-summary.md"), summary());
        System.out.println("wrote " + dir.resolve("README.md"));
    }

    /** Rows per step of each TrainStepBench workload (bench's Workload enum), for samples/s. */
    static final Map<String, Integer> BATCHES = Map.of("playground", 16, "mnist", 128, "wide", 256,
            "deepSigmoid", 64);

    /** The share of its score a figure's 99.9% error may reach and still be quoted. */
    static final double QUOTABLE_ERROR = 0.05;

    /** " ⚠" when JMH's 99.9% error is more than {@link #QUOTABLE_ERROR} of the score (or unknown). */
    static String noisy(JmhResult r) {
        return Double.isFinite(r.error()) && r.error() <= QUOTABLE_ERROR * r.median() ? "" : " ⚠";
    }

    /** How busy the machine was during each benchmark ({@code load.txt}, written by scripts/bench-report.sh). */
    private void load() throws IOException {
        Path load = dir.resolve("load.txt");
        md.append("Rows marked ⚠ have a 99.9% error above ").append(Math.round(100 * QUOTABLE_ERROR))
                .append("% of their score (or none): do not quote them alone.\n\n");
        if (Files.exists(load)) {
            md.append("## Machine load during the run\n\nPer benchmark file: the 1-minute load average before and "
                    + "after, and the share of CPU time the hypervisor gave to others (steal) meanwhile.\n\n```\n")
                    .append(Files.readString(load).strip()).append("\n```\n\n");
        }
    }

    /**
     * This run's single-thread FMA peak in GFLOP/s ({@code MachineLimitsBench.fmaPeak1}), or NaN when the run did not
     * measure it: the yardstick of every "% of peak", never a constant.
     */
    double peakGflops() {
        return of("MachineLimitsBench").stream().filter(r -> r.benchmark().endsWith(".fmaPeak1")).findFirst()
                .map(r -> r.secondary().getOrDefault("flops", Double.NaN) / 1e9).orElse(Double.NaN);
    }

    /** The machine's limits as this run measured them: the FMA peak on 1 and 2 threads, copy and triad bandwidth. */
    private void limits() {
        List<JmhResult> results = of("MachineLimitsBench");
        if (results.isEmpty()) {
            return;
        }
        md.append("## The machine's limits (`MachineLimitsBench`)\n\nMeasured in Java in this run: the vector FMA "
                + "peak (independent chains), and STREAM's copy (`a = b`) and triad (`a = b + s·c`) over arrays that "
                + "fit each cache level; from the benchmarks' flop and byte counters. Medians with JMH's 99.9% error "
                + "(the ops' error, scaled).\n\n| limit | value |\n|---|---:|\n");
        for (JmhResult r : results) {
            String method = r.benchmark().substring(r.benchmark().lastIndexOf('.') + 1);
            double flops = r.secondary().getOrDefault("flops", Double.NaN) / 1e9;
            if (method.startsWith("fmaPeak")) {
                md.append(String.format(Locale.ROOT, "| FMA peak, %s thread%s | %.1f ± %.1f GFLOP/s |%n",
                        method.substring(7), method.endsWith("1") ? "" : "s", flops, r.error() / r.median() * flops));
            }
        }
        for (JmhResult r : results) {
            String method = r.benchmark().substring(r.benchmark().lastIndexOf('.') + 1);
            if (method.equals("copy") || method.equals("triad")) {
                String size = r.param("size");
                double gb = r.secondary().getOrDefault("bytes", Double.NaN) / 1e9;
                md.append(String.format(Locale.ROOT, "| %s, %s (%s floats per array), 1 thread | %.1f ± %.1f GB/s |%n",
                        method, size.substring(0, size.indexOf(':')), size.substring(size.indexOf(':') + 1),
                        gb, r.error() / r.median() * gb));
            }
        }
        md.append('\n');
    }

    /**
     * The answers the project README shows (scripts/bench-report.sh --update-readme copies this between its
     * bench-summary markers; ReadmeFiguresTest holds them equal): each computed here from this run's data, with the
     * report and commit it comes from. Rows whose data the run lacks are left out.
     */
    String summary() throws IOException {
        StringBuilder t = new StringBuilder();
        String commit = "unknown";
        Path env = dir.resolve("environment.txt");
        if (Files.exists(env)) {
            commit = Files.readAllLines(env).stream().filter(l -> l.startsWith("commit:")).findFirst()
                    .map(l -> l.substring(7).trim()).orElse(commit);
        }
        t.append("From [`reports/").append(dir.getFileName()).append("/`](reports/").append(dir.getFileName())
                .append("/README.md) (commit ").append(commit).append("): medians with JMH's 99.9% error, ratios of "
                        + "one run.\n\n| question | result |\n|---|---|\n");
        InterleavedSection interleaved = new InterleavedSection(dir);
        for (Map.Entry<String, List<Double>> e : interleaved.ratios().entrySet()) {
            List<Double> v = e.getValue();
            t.append(String.format(Locale.ROOT, "| %s, one thread, interleaved with the peer (%d rounds) | median %.2f× "
                    + "(rounds %.2f–%.2f×) |%n", e.getKey(), v.size(), InterleavedSection.median(v),
                    java.util.Collections.min(v), java.util.Collections.max(v)));
        }
        List<JmhResult> gemm = of("GemmBench");
        Map<String, JmhResult> simd = new LinkedHashMap<>(), scalar = new LinkedHashMap<>(), ejml = new LinkedHashMap<>();
        for (JmhResult r : gemm) {
            String key = r.param("op") + " " + r.param("shape");
            switch (r.param("variant")) {
                case "simd" -> simd.put(key, r);
                case "scalar" -> scalar.put(key, r);
                case "ejml" -> ejml.put(key, r);
                default -> { }
            }
        }
        List<Double> blas = new ArrayList<>();
        for (Map.Entry<String, JmhResult> e : simd.entrySet()) {
            Double b = openblas.get(e.getKey());
            if (b != null && flops(e.getKey().split(" ")[1]) >= 2.0 * 256 * 256 * 256) { // the target's shapes
                blas.add(gflops(e.getKey().split(" ")[1], e.getValue()) / b);
            }
        }
        if (!blas.isEmpty()) {
            t.append(String.format(Locale.ROOT, "| SIMD GEMM vs OpenBLAS sgemm (numpy), one thread, the %d products "
                    + "of at least 256³ multiply-adds (256³–2048³ and the training shapes, NN/TN/NT) | geometric mean "
                    + "%.2f× (%.2f–%.2f×) |%n", blas.size(), geomean(blas),
                    java.util.Collections.min(blas), java.util.Collections.max(blas)));
        }
        List<Double> overScalar = ratios(scalar, simd), overEjml = ratios(ejml, simd);
        if (!overEjml.isEmpty()) {
            t.append(String.format(Locale.ROOT, "| SIMD GEMM vs EJML, one thread | geometric mean %.1f× (%.1f–%.1f×) |%n",
                    geomean(overEjml), java.util.Collections.min(overEjml), java.util.Collections.max(overEjml)));
        }
        if (!overScalar.isEmpty()) {
            t.append(String.format(Locale.ROOT, "| SIMD GEMM vs scalar | %.0f–%.0f× |%n",
                    java.util.Collections.min(overScalar), java.util.Collections.max(overScalar)));
        }
        double peak = peakGflops();
        if (!Double.isNaN(peak) && !simd.isEmpty()) {
            List<Double> ofPeak = simd.entrySet().stream()
                    .map(e -> gflops(e.getKey().split(" ")[1], e.getValue()) / peak).toList();
            t.append(String.format(Locale.ROOT, "| SIMD GEMM, share of this run's FMA peak (%.1f GFLOP/s) | %.0f–%.0f%% |%n",
                    peak, 100 * java.util.Collections.min(ofPeak), 100 * java.util.Collections.max(ofPeak)));
        }
        StringBuilder one = new StringBuilder(), two = new StringBuilder(), scaling = new StringBuilder();
        double maxAlloc = -1;
        Map<String, JmhResult> simdSteps = new LinkedHashMap<>();
        for (JmhResult r : of("TrainStepBench")) { // the one-thread steps first: the parallel rows compare with them
            if (r.param("variant").equals("simd")) {
                simdSteps.put(r.param("workload"), r);
            }
        }
        for (JmhResult r : of("TrainStepBench")) {
            String w = r.param("workload");
            boolean auto = r.param("mode").isEmpty() || r.param("mode").equals("auto");
            double sps = BATCHES.getOrDefault(w, 1) / (r.median() * 1e-6);
            if (r.param("variant").equals("simd")) {
                Double p = pytorch.get(w + "/1");
                if (p != null) {
                    one.append(one.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f×", w, sps / p));
                }
                Double alloc = r.secondary().get("gc.alloc.rate.norm");
                maxAlloc = alloc == null ? maxAlloc : Math.max(maxAlloc, alloc);
            } else if (r.param("variant").equals("parallel") && r.param("threads").equals("2") && auto) {
                Double p = pytorch.get(w + "/2");
                if (p != null) {
                    two.append(two.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f×", w, sps / p));
                }
                JmhResult s1 = simdSteps.get(w);
                if (s1 != null) {
                    scaling.append(scaling.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT,
                            "%s %.2f× (%s ± %s vs %s ± %s µs)", w, s1.median() / r.median(), num(r.median()),
                            num(r.error()), num(s1.median()), num(s1.error())));
                }
            }
        }
        if (!one.isEmpty()) {
            t.append("| training step vs PyTorch, one thread each (`simd`) | ").append(one).append(" |\n");
        }
        if (!two.isEmpty()) {
            t.append("| training step vs PyTorch, two threads each (`parallel`, auto) | ").append(two).append(" |\n");
        }
        if (!scaling.isEmpty()) {
            t.append("| parallel on 2 threads vs simd on 1 | ").append(scaling).append(" |\n");
        }
        StringBuilder busy = new StringBuilder();
        Map<String, Double> times = contentionTimes();
        for (String w : new LinkedHashSet<>(contention.stream().map(r -> r.param("workload")).toList())) {
            Double one1 = times.get(w + " 1 busy"), two2 = times.get(w + " 2 busy");
            if (one1 != null && two2 != null) {
                busy.append(busy.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f×", w, one1 / two2));
            }
        }
        if (!busy.isEmpty()) {
            t.append("| parallel on 2 threads vs 1 with another process busy on one core (`ContentionBench`) | ")
                    .append(busy).append(" |\n");
        }
        if (maxAlloc >= 0) {
            t.append(String.format(Locale.ROOT, "| allocation per training step (`-prof gc`, JMH's own bookkeeping "
                    + "included) | at most %.1f B/op; `AllocationTest`: 0 |%n", maxAlloc));
        }
        return t.toString();
    }

    /** {@code base / ours} per key both have. */
    private static List<Double> ratios(Map<String, JmhResult> base, Map<String, JmhResult> ours) {
        List<Double> out = new ArrayList<>();
        for (Map.Entry<String, JmhResult> e : ours.entrySet()) {
            JmhResult b = base.get(e.getKey());
            if (b != null) {
                out.add(b.median() / e.getValue().median());
            }
        }
        return out;
    }

    private static double geomean(List<Double> values) {
        return Math.exp(values.stream().mapToDouble(Math::log).average().orElse(Double.NaN));
    }

    /** The JMH JSON files this report read, as the README lists them. */
    private List<String> rawFiles() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("jmh.*\\.json")).sorted()
                    .map(n -> "`" + n + "`").toList();
        }
    }

    /** This run's triad bandwidth in GB/s at one level ({@code L1}, {@code L2}, {@code L3}, {@code DRAM}), or NaN. */
    double triadGBs(String level) {
        return of("MachineLimitsBench").stream().filter(r -> r.benchmark().endsWith(".triad")
                        && r.param("size").startsWith(level + ":")).findFirst()
                .map(r -> r.secondary().getOrDefault("bytes", Double.NaN) / 1e9).orElse(Double.NaN);
    }

    /**
     * A roofline of this run: each one-thread GEMM (simd, and OpenBLAS where measured) at its arithmetic intensity
     * (2·M·N·K flops over the 4·(MK + KN + MN) bytes of its operands, the least any kernel moves), under the FMA peak
     * and the DRAM and L2 triad bandwidths this run measured. Only when the run measured its limits.
     */
    private void roofline() throws IOException {
        double peak = peakGflops(), dram = triadGBs("DRAM"), l2 = triadGBs("L2");
        List<JmhResult> simd = of("GemmBench").stream().filter(r -> r.param("variant").equals("simd")).toList();
        if (Double.isNaN(peak) || Double.isNaN(dram) || simd.isEmpty()) {
            return;
        }
        org.jfree.data.xy.XYSeries ours = new org.jfree.data.xy.XYSeries("vecmlp simd", false);
        org.jfree.data.xy.XYSeries blas = new org.jfree.data.xy.XYSeries("OpenBLAS", false);
        double lo = Double.MAX_VALUE, hi = 0;
        for (JmhResult r : simd) {
            String shape = r.param("shape");
            double intensity = intensity(shape);
            lo = Math.min(lo, intensity);
            hi = Math.max(hi, intensity);
            ours.add(intensity, gflops(shape, r));
            Double b = openblas.get(r.param("op") + " " + shape);
            if (b != null) {
                blas.add(intensity, b.doubleValue());
            }
        }
        org.jfree.data.xy.XYSeriesCollection data = new org.jfree.data.xy.XYSeriesCollection();
        data.addSeries(ours);
        if (!blas.isEmpty()) {
            data.addSeries(blas);
        }
        data.addSeries(roof(String.format(Locale.ROOT, "roof: FMA peak %.0f GFLOP/s, DRAM %.1f GB/s", peak, dram),
                peak, dram, lo / 2, hi * 2));
        if (!Double.isNaN(l2)) {
            data.addSeries(roof(String.format(Locale.ROOT, "roof: L2 %.0f GB/s", l2), peak, l2, lo / 2, hi * 2));
        }
        JFreeChart c = ChartFactory.createXYLineChart("Roofline, one thread: GEMM GFLOP/s against arithmetic "
                + "intensity, under this run's limits", "flops per byte of the operands (log)", "GFLOP/s (log)", data,
                PlotOrientation.VERTICAL, true, false, false);
        org.jfree.chart.plot.XYPlot plot = c.getXYPlot();
        org.jfree.chart.axis.LogAxis x = new org.jfree.chart.axis.LogAxis("flops per byte of the operands (log)");
        org.jfree.chart.axis.LogAxis y = new org.jfree.chart.axis.LogAxis("GFLOP/s (log)");
        for (org.jfree.chart.axis.LogAxis axis : List.of(x, y)) {
            axis.setNumberFormatOverride(new java.text.DecimalFormat("0.##")); // 0.5, 8, 120, not 10^0.9
        }
        y.setRange(0.5, peak * 2);
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer renderer =
                new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            boolean isRoof = data.getSeriesKey(i).toString().startsWith("roof");
            renderer.setSeriesLinesVisible(i, isRoof);
            renderer.setSeriesShapesVisible(i, !isRoof);
        }
        plot.setRenderer(renderer);
        md.append("## Roofline\n\nEach one-thread GEMM of the run at its arithmetic intensity (flops over the bytes "
                + "of A, B and C), under the FMA peak and the triad bandwidths measured above.\n\n"
                + "![roofline](roofline.png)\n\n");
        save(c, "roofline.png");
    }

    /** {@code min(peak, bandwidth·intensity)} from {@code from} to {@code to}, enough points for a log axis. */
    private static org.jfree.data.xy.XYSeries roof(String name, double peak, double gbs, double from, double to) {
        org.jfree.data.xy.XYSeries roof = new org.jfree.data.xy.XYSeries(name, false);
        for (double x = from; x <= to * 1.0001; x *= Math.pow(to / from, 1.0 / 64)) {
            roof.add(x, Math.min(peak, gbs * x));
        }
        return roof;
    }

    /** 2·M·N·K flops over the 4·(MK + KN + MN) bytes of the operands of an {@code MxKxN} product. */
    static double intensity(String shape) {
        String[] d = shape.split("x");
        double m = Double.parseDouble(d[0]), k = Double.parseDouble(d[1]), n = Double.parseDouble(d[2]);
        return 2 * m * n * k / (4 * (m * k + k * n + m * n));
    }

    private List<JmhResult> of(String benchClass) {
        return jmh.stream().filter(r -> r.benchClass().equals(benchClass)).toList();
    }

    private static String variantLabel(JmhResult r) {
        if (!r.param("variant").equals("parallel")) {
            return r.param("variant");
        }
        String mode = r.param("mode");
        return "parallel/" + r.param("threads") + (mode.isEmpty() || mode.equals("auto") ? "" : " " + mode);
    }

    private void gemm() throws IOException {
        List<JmhResult> results = of("GemmBench");
        if (results.isEmpty()) {
            return;
        }
        Set<String> variants = new LinkedHashSet<>();
        Map<String, Map<String, JmhResult>> rows = new LinkedHashMap<>();
        for (JmhResult r : results) {
            variants.add(variantLabel(r));
            rows.computeIfAbsent(r.param("op") + " " + r.param("shape"), k -> new LinkedHashMap<>())
                    .put(variantLabel(r), r);
        }
        double peak = peakGflops();
        md.append("## GEMM (`GemmBench`)\n\nGFLOP/s = 2·M·N·K / median time; shape is M×K×N. ")
                .append(Double.isNaN(peak) ? "The FMA peak was not measured in this run (no `MachineLimitsBench`), so "
                        + "there is no % of peak."
                        : String.format(Locale.ROOT, "Peak: %.1f GFLOP/s per core (FMA, `MachineLimitsBench.fmaPeak1` "
                        + "in this run); simd %% of peak is against it.", peak))
                .append("\n\n| op | shape |");
        for (String v : variants) {
            md.append(' ').append(v).append(" µs/op | ").append(v).append(" GFLOP/s |");
        }
        boolean blas = !openblas.isEmpty();
        boolean ofPeak = !Double.isNaN(peak);
        md.append(blas ? " OpenBLAS GFLOP/s | simd / OpenBLAS |" : "").append(ofPeak ? " simd % of peak |" : "")
                .append(" simd / scalar |\n|---|---|");
        md.append("---:|---:|".repeat(variants.size())).append(blas ? "---:|---:|" : "").append(ofPeak ? "---:|" : "")
                .append("---:|\n");
        DefaultCategoryDataset chart = new DefaultCategoryDataset();
        for (Map.Entry<String, Map<String, JmhResult>> row : rows.entrySet()) {
            String[] key = row.getKey().split(" ");
            md.append("| ").append(key[0]).append(" | ").append(key[1]).append(" |");
            for (String v : variants) {
                JmhResult r = row.getValue().get(v);
                if (r == null) {
                    md.append(" | |");
                    continue;
                }
                double gflops = gflops(key[1], r);
                md.append(String.format(Locale.ROOT, " %s ± %s%s | %.1f |", num(r.median()), num(r.error()),
                        noisy(r), gflops));
                boolean oneThread = !v.startsWith("parallel/") || v.equals("parallel/1");
                if (key[0].equals("NN") && oneThread) {
                    chart.addValue(gflops, v, key[1]); // one thread only, as the chart's title says
                }
            }
            JmhResult simd = row.getValue().get("simd");
            JmhResult scalar = row.getValue().get("scalar");
            if (blas) {
                Double b = openblas.get(row.getKey());
                md.append(b == null ? " | |" : String.format(Locale.ROOT, " %.1f | %s |", b,
                        simd == null ? "" : String.format(Locale.ROOT, "%.2f×", gflops(key[1], simd) / b)));
                if (b != null && key[0].equals("NN")) {
                    chart.addValue(b, "OpenBLAS", key[1]);
                }
            }
            if (ofPeak) {
                md.append(simd == null ? " |" : String.format(Locale.ROOT, " %.0f%% |",
                        100 * gflops(key[1], simd) / peak));
            }
            md.append(simd != null && scalar != null
                    ? String.format(Locale.ROOT, " %.1f× |", scalar.median() / simd.median()) : " |").append('\n');
        }
        md.append("\n![GEMM NN GFLOP/s, one thread](gemm-nn.png)\n\n");
        JFreeChart c = ChartFactory.createBarChart("GEMM NN, one thread: GFLOP/s by shape"
                + (ofPeak ? String.format(Locale.ROOT, " (line: this run's FMA peak, %.1f)", peak) : ""), "M×K×N",
                "GFLOP/s", chart, PlotOrientation.VERTICAL, true, false, false);
        if (ofPeak) {
            c.getCategoryPlot().addRangeMarker(new org.jfree.chart.plot.ValueMarker(peak, Color.RED,
                    new java.awt.BasicStroke(2f)));
            org.jfree.chart.axis.ValueAxis axis = c.getCategoryPlot().getRangeAxis();
            axis.setRange(0, Math.max(peak, axis.getUpperBound()) * 1.05);
        }
        save(c, "gemm-nn.png");
    }

    /** Square NN products, GFLOP/s against the side for every one-thread variant and OpenBLAS, the peak drawn in. */
    private void gemmBySize() throws IOException {
        Map<String, org.jfree.data.xy.XYSeries> series = new LinkedHashMap<>();
        for (JmhResult r : of("GemmBench")) {
            String[] d = r.param("shape").split("x");
            String v = variantLabel(r);
            boolean oneThread = !v.startsWith("parallel/") || v.equals("parallel/1");
            if (r.param("op").equals("NN") && d[0].equals(d[1]) && d[1].equals(d[2]) && oneThread) {
                series.computeIfAbsent(v, k -> new org.jfree.data.xy.XYSeries(k, true, false))
                        .add(Double.parseDouble(d[0]), gflops(r.param("shape"), r));
            }
        }
        for (Map.Entry<String, Double> b : openblas.entrySet()) {
            String[] key = b.getKey().split(" ");
            String[] d = key[1].split("x");
            if (key[0].equals("NN") && d[0].equals(d[1]) && d[1].equals(d[2])) {
                series.computeIfAbsent("OpenBLAS", k -> new org.jfree.data.xy.XYSeries(k, true, false))
                        .add(Double.parseDouble(d[0]), b.getValue());
            }
        }
        series.values().removeIf(s -> s.getItemCount() == 0);
        if (series.isEmpty()) {
            return;
        }
        org.jfree.data.xy.XYSeriesCollection data = new org.jfree.data.xy.XYSeriesCollection();
        series.values().forEach(data::addSeries);
        double peak = peakGflops();
        double lo = data.getDomainLowerBound(false);
        double hi = data.getDomainUpperBound(false);
        if (!Double.isNaN(peak)) {
            org.jfree.data.xy.XYSeries p = new org.jfree.data.xy.XYSeries(String.format(Locale.ROOT,
                    "FMA peak, one core (%.1f)", peak));
            p.add(lo, peak);
            p.add(Math.max(hi, lo * 2), peak);
            data.addSeries(p);
        }
        org.jfree.chart.axis.LogAxis x = new org.jfree.chart.axis.LogAxis("M = K = N (log)");
        x.setBase(2);
        x.setNumberFormatOverride(new java.text.DecimalFormat("0"));
        x.setSmallestValue(1);
        org.jfree.chart.axis.NumberAxis y = new org.jfree.chart.axis.NumberAxis("GFLOP/s");
        y.setAutoRangeIncludesZero(true);
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer renderer =
                new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, true);
        org.jfree.chart.plot.XYPlot plot = new org.jfree.chart.plot.XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        if (!Double.isNaN(peak)) {
            y.setRange(0, Math.max(peak, y.getUpperBound()) * 1.05);
        }
        md.append("![GEMM NN GFLOP/s against size, one thread](gemm-size.png)\n\n");
        save(new JFreeChart("GEMM NN on square matrices, one thread: GFLOP/s against size",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true), "gemm-size.png");
    }

    /** Speedup of the parallel backend over its own one-thread run, against threads, with the ideal drawn in. */
    private void speedup() throws IOException {
        Map<String, Map<Integer, Double>> times = new LinkedHashMap<>();
        for (JmhResult r : jmh) {
            if (!r.param("variant").equals("parallel") || r.param("threads").isEmpty()) {
                continue;
            }
            String key = r.benchClass().equals("GemmBench") ? "GEMM " + r.param("op") + " " + r.param("shape")
                    : r.benchClass().equals("TrainStepBench") && (r.param("mode").isEmpty()
                    || r.param("mode").equals("auto")) ? "step " + r.param("workload") : null;
            if (key != null) {
                times.computeIfAbsent(key, k -> new java.util.TreeMap<>()).put(Integer.parseInt(r.param("threads")),
                        r.median());
            }
        }
        org.jfree.data.xy.XYSeriesCollection data = new org.jfree.data.xy.XYSeriesCollection();
        int maxThreads = 1;
        for (Map.Entry<String, Map<Integer, Double>> e : times.entrySet()) {
            Double one = e.getValue().get(1);
            if (one == null || e.getValue().size() < 2) {
                continue;
            }
            org.jfree.data.xy.XYSeries s = new org.jfree.data.xy.XYSeries(e.getKey());
            for (Map.Entry<Integer, Double> t : e.getValue().entrySet()) {
                s.add((double) t.getKey(), one / t.getValue());
                maxThreads = Math.max(maxThreads, t.getKey());
            }
            data.addSeries(s);
        }
        if (data.getSeriesCount() == 0) {
            return;
        }
        org.jfree.data.xy.XYSeries ideal = new org.jfree.data.xy.XYSeries("ideal (speedup = threads)");
        ideal.add(1, 1);
        ideal.add(maxThreads, maxThreads);
        data.addSeries(ideal);
        org.jfree.chart.axis.NumberAxis x = new org.jfree.chart.axis.NumberAxis("threads");
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
        x.setRange(0.9, maxThreads + 0.1);
        org.jfree.chart.axis.NumberAxis y = new org.jfree.chart.axis.NumberAxis("speedup over parallel/1");
        y.setRange(0, maxThreads * 1.1);
        org.jfree.chart.plot.XYPlot plot = new org.jfree.chart.plot.XYPlot(data, x, y,
                new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, true));
        plot.setBackgroundPaint(Color.WHITE);
        md.append("![parallel speedup against threads](speedup.png)\n\n");
        save(new JFreeChart("Parallel backend: speedup over its one-thread run against threads",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true), "speedup.png");
    }

    private void trainSteps() throws IOException {
        List<JmhResult> results = of("TrainStepBench");
        if (results.isEmpty()) {
            return;
        }
        md.append("## Training step (`TrainStepBench`)\n\nOne op = one full step (forward, loss, backward, SGD update) "
                + "on one mini-batch; samples/s = batch / median time.")
                .append(pytorch.isEmpty() ? "" : " PyTorch: the same networks, loss, batch and plain SGD, "
                        + "`zero_grad; forward; loss; backward; step`, same thread count, measured in the same run; "
                        + "the peer: " + torchPeer + ".")
                .append("\n\n| workload | variant | µs/op | samples/s |")
                .append(pytorch.isEmpty() ? "" : " PyTorch samples/s | vs PyTorch |").append(" alloc B/op |\n|---|---|---:|---:|")
                .append(pytorch.isEmpty() ? "" : "---:|---:|").append("---:|\n");
        DefaultCategoryDataset ratios = new DefaultCategoryDataset();
        for (JmhResult r : results) {
            String w = r.param("workload");
            int threads = r.param("threads").isEmpty() || !r.param("variant").equals("parallel") ? 1
                    : Integer.parseInt(r.param("threads"));
            double sps = BATCHES.getOrDefault(w, 1) / (r.median() * 1e-6);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s ± %s%s | %s |", w, variantLabel(r),
                    num(r.median()), num(r.error()), noisy(r), num(sps)));
            if (!pytorch.isEmpty()) {
                Double p = pytorch.get(w + "/" + threads);
                md.append(p == null ? " | |" : String.format(Locale.ROOT, " %s | %.2f× |", num(p), sps / p));
                // Playground ratios (50-100×) would flatten every other bar: the table has them.
                if (p != null && !w.equals("playground")) {
                    ratios.addValue(sps / p, variantLabel(r), w);
                }
            }
            Double alloc = r.secondary().get("gc.alloc.rate.norm");
            md.append(alloc == null ? " |" : String.format(Locale.ROOT, " %.1f |", alloc)).append('\n');
        }
        md.append("\nAllocation per op as JMH's `-prof gc` reports it; JMH's own per-iteration bookkeeping is divided by "
                + "the ops of an iteration, so slow ops show a few bytes. `AllocationTest` shows a step itself "
                + "allocates nothing.\n\n");
        if (ratios.getRowCount() > 0) {
            md.append("![training step, vecmlp relative to PyTorch](train-step.png)\n\n");
            JFreeChart c = ChartFactory.createBarChart("Training step: vecmlp samples/s over PyTorch's, same threads "
                    + "(above 1: vecmlp faster)", "workload", "× PyTorch", ratios, PlotOrientation.VERTICAL, true,
                    false, false);
            c.getCategoryPlot().addRangeMarker(new org.jfree.chart.plot.ValueMarker(1.0, Color.BLACK,
                    new java.awt.BasicStroke(2f)));
            org.jfree.chart.axis.ValueAxis axis = c.getCategoryPlot().getRangeAxis();
            axis.setRange(0, Math.max(1.5, axis.getUpperBound() * 1.05));
            save(c, "train-step.png");
        }
    }

    /** ContentionBench's median µs per op by {@code "workload threads load"}. */
    private Map<String, Double> contentionTimes() {
        Map<String, Double> times = new LinkedHashMap<>();
        for (JmhResult r : contention) {
            times.put(r.param("workload") + " " + r.param("threads") + " " + r.param("load"), r.median());
        }
        return times;
    }

    /** The same steps with and without a busy loop on one core (scripts/bench-report.sh runs both). */
    private void contention() {
        if (contention.isEmpty()) {
            return;
        }
        Map<String, Double> times = contentionTimes();
        md.append("## Under contention (`ContentionBench`)\n\nThe parallel step while another process keeps one core "
                + "busy (`load=busy`) and without it (`load=idle`). Target: 2 threads under load ≥ 0.9× 1 thread "
                + "under load.\n\n| workload | load | 1 thread µs/op | 2 threads µs/op | 2 threads vs 1 |\n"
                + "|---|---|---:|---:|---:|\n");
        Set<String> seen = new LinkedHashSet<>();
        for (JmhResult r : contention) {
            String key = r.param("workload") + " " + r.param("load");
            if (!seen.add(key)) {
                continue;
            }
            Double one = times.get(r.param("workload") + " 1 " + r.param("load"));
            Double two = times.get(r.param("workload") + " 2 " + r.param("load"));
            if (one != null && two != null) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f× |%n", r.param("workload"),
                        r.param("load"), num(one), num(two), one / two));
            }
        }
        md.append('\n');
    }

    private void activations() throws IOException {
        List<JmhResult> results = of("ActivationBench");
        if (results.isEmpty()) {
            return;
        }
        Map<String, Map<String, JmhResult>> rows = new LinkedHashMap<>();
        for (JmhResult r : results) {
            rows.computeIfAbsent(r.param("activation") + " " + r.param("size"), k -> new LinkedHashMap<>())
                    .put(r.param("variant"), r);
        }
        md.append("## Fused activation and derivative (`ActivationBench`)\n\n| activation | floats | recompute µs | "
                + "twoPass µs | fused µs | fused vs recompute | fused vs twoPass |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Map<String, JmhResult>> row : rows.entrySet()) {
            String[] key = row.getKey().split(" ");
            JmhResult re = row.getValue().get("recompute");
            JmhResult two = row.getValue().get("twoPass");
            JmhResult fused = row.getValue().get("fused");
            md.append("| ").append(key[0]).append(" | ").append(key[1]).append(" | ").append(cell(re)).append(" | ")
                    .append(cell(two)).append(" | ").append(cell(fused)).append(" | ").append(ratio(re, fused))
                    .append(" | ").append(ratio(two, fused)).append(" |\n");
        }
        md.append('\n');
    }

    static String cell(JmhResult r) {
        return r == null ? "" : num(r.median()) + " ± " + num(r.error());
    }

    static String ratio(JmhResult slow, JmhResult fast) {
        return slow == null || fast == null ? "" : String.format(Locale.ROOT, "%.2f×", slow.median() / fast.median());
    }

    /** GFLOP/s of a GemmBench result (µs per op) of shape {@code MxKxN}. */
    static double gflops(String shape, JmhResult r) {
        return flops(shape) / (r.median() * 1e-6) / 1e9;
    }

    private static double flops(String shape) {
        String[] d = shape.split("x");
        return 2.0 * Double.parseDouble(d[0]) * Double.parseDouble(d[1]) * Double.parseDouble(d[2]);
    }

    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** The charts written, by file name (the tests check their series and axes). */
    Map<String, JFreeChart> charts() {
        return charts;
    }

    private void save(JFreeChart chart, String name) throws IOException {
        charts.put(name, chart);
        chart.setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof org.jfree.chart.plot.CategoryPlot plot) {
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        ChartUtils.saveChartAsPNG(dir.resolve(name).toFile(), chart, 1000, 560);
    }
}
