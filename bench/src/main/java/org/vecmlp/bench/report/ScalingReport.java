package org.vecmlp.bench.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report of one scaling run ({@code scripts/bench-scaling.sh}): reads {@code jmh-scaling-*.json}, and when
 * present {@code pytorch.json}, {@code pytorch-gemm.json}, {@code environment.txt} and a hand-written {@code notes.md},
 * and writes {@code README.md}
 * (per thread count: median ± JMH's 99.9% error, throughput, speedup over SIMD on one thread and over the parallel
 * backend on one thread, parallel efficiency) and {@code scaling.png} (speedup against threads).
 *
 * <pre>java -cp bench/target/benchmarks.jar org.vecmlp.bench.report.ScalingReport reports/DIR</pre>
 */
public final class ScalingReport {
    private static final Map<String, Integer> BATCHES = Map.of("mnist", 128, "wide", 256);

    private final Path dir;
    private final List<JmhResult> results = new ArrayList<>();
    private final Map<String, Double> torchSteps = new TreeMap<>(); // workload/threads → samples/s
    private final Map<String, Double> torchGemm = new TreeMap<>();  // shape/threads → GFLOP/s
    private final StringBuilder md = new StringBuilder();
    private final XYSeriesCollection speedups = new XYSeriesCollection();
    private int maxThreads = 1;

    private ScalingReport(Path dir) throws IOException {
        this.dir = dir;
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("jmh-scaling.*\\.json")).sorted().toList()) {
                results.addAll(JmhResult.read(p));
            }
        }
        if (results.isEmpty()) {
            throw new IOException("no jmh-scaling-*.json in " + dir);
        }
        readTorch(dir.resolve("pytorch.json"), "train_steps", "workload", "samples_per_second", torchSteps);
        readTorch(dir.resolve("pytorch-gemm.json"), "gemm", "shape", "gflops", torchGemm);
    }

    /** Reads a baselines.py result list into {@code into}, keyed {@code "KEY/threads"}; nothing when the file is absent. */
    static void readTorch(Path file, String array, String key, String value, Map<String, Double> into)
            throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (JsonElement e : JsonParser.parseString(Files.readString(file)).getAsJsonObject().getAsJsonArray(array)) {
            JsonObject o = e.getAsJsonObject();
            into.put(o.get(key).getAsString() + "/" + o.get("threads").getAsInt(), o.get(value).getAsDouble());
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ScalingReport DIR (holding jmh-scaling-*.json from scripts/bench-scaling.sh)");
            System.exit(2);
        }
        new ScalingReport(Path.of(args[0])).write();
    }

    private void write() throws IOException {
        md.append("# Parallel scaling\n\nMade by `scripts/bench-scaling.sh` (raw JMH JSON and PyTorch JSON beside this "
                + "file; `org.vecmlp.bench.report.ScalingReport` wrote this page). Every figure is a median with JMH's "
                + "99.9% error; speedups are ratios of medians measured in the same run. *Efficiency* = speedup over "
                + "the parallel backend on one thread ÷ threads.\n\n");
        Path notes = dir.resolve("notes.md"); // written by hand: the machine and the code, in words
        if (Files.exists(notes)) {
            md.append(Files.readString(notes).strip()).append("\n\n");
        }
        Path env = dir.resolve("environment.txt");
        if (Files.exists(env)) {
            md.append("```\n").append(Files.readString(env).strip()).append("\n```\n\n");
        }
        trainSteps("auto", "the engine's rule");
        trainSteps("operation", "operation parallelism forced");
        gemm();
        chart();
        Files.writeString(dir.resolve("README.md"), md.toString());
    }

    private JmhResult find(String bench, String variant, String threads, String key, String value, String mode) {
        for (JmhResult r : results) {
            if (r.benchClass().equals(bench) && r.param("variant").equals(variant) && r.param("threads").equals(threads)
                    && r.param(key).equals(value) && (mode == null || r.param("mode").equals(mode))) {
                return r;
            }
        }
        return null;
    }

    private TreeSet<Integer> threadCounts(String bench, String key, String value, String mode) {
        TreeSet<Integer> counts = new TreeSet<>();
        for (JmhResult r : results) {
            if (r.benchClass().equals(bench) && r.param("variant").equals("parallel") && r.param(key).equals(value)
                    && (mode == null || r.param("mode").equals(mode))) {
                counts.add(Integer.parseInt(r.param("threads")));
            }
        }
        maxThreads = Math.max(maxThreads, counts.isEmpty() ? 1 : counts.last());
        return counts;
    }

    private void trainSteps(String mode, String title) {
        for (String w : BATCHES.keySet().stream().sorted().toList()) {
            TreeSet<Integer> counts = threadCounts("TrainStepBench", "workload", w, mode);
            if (counts.isEmpty()) {
                continue;
            }
            JmhResult simd = find("TrainStepBench", "simd", "1", "workload", w, null);
            JmhResult one = find("TrainStepBench", "parallel", "1", "workload", w, mode);
            int batch = BATCHES.get(w);
            md.append("## Training step: ").append(w).append(" (").append(title).append(")\n\n")
                    .append("| threads | µs/op | samples/s | vs simd/1 | vs parallel/1 | efficiency |")
                    .append(torchSteps.isEmpty() ? "" : " PyTorch samples/s | PyTorch vs its 1 thread |")
                    .append("\n|---:|---:|---:|---:|---:|---:|").append(torchSteps.isEmpty() ? "" : "---:|---:|")
                    .append('\n');
            baselineRow(simd, simd == null ? 0 : batch / (simd.median() * 1e-6), !torchSteps.isEmpty());
            XYSeries series = new XYSeries(w + " (" + mode + ") vs simd/1");
            for (int t : counts) {
                JmhResult r = find("TrainStepBench", "parallel", String.valueOf(t), "workload", w, mode);
                md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |", t, Report.cell(r),
                        Report.num(batch / (r.median() * 1e-6)), Report.ratio(simd, r), Report.ratio(one, r),
                        efficiency(one, r, t)));
                if (!torchSteps.isEmpty()) {
                    Double p = torchSteps.get(w + "/" + t);
                    Double p1 = torchSteps.get(w + "/1");
                    md.append(p == null ? " | |" : String.format(Locale.ROOT, " %s | %s |", Report.num(p),
                            p1 == null ? "" : String.format(Locale.ROOT, "%.2f×", p / p1)));
                }
                md.append('\n');
                if (simd != null) {
                    series.add(t, simd.median() / r.median());
                }
            }
            md.append('\n');
            if (!series.isEmpty()) {
                speedups.addSeries(series);
            }
            if (mode.equals("auto")) {
                addTorchSeries("PyTorch " + w, torchSteps, w);
            }
        }
    }

    private void gemm() {
        for (String shape : List.of("1024x1024x1024", "2048x2048x2048")) {
            TreeSet<Integer> counts = threadCounts("GemmBench", "shape", shape, null);
            if (counts.isEmpty()) {
                continue;
            }
            double flops = 2.0 * Math.pow(Double.parseDouble(shape.split("x")[0]), 3);
            JmhResult simd = find("GemmBench", "simd", "1", "shape", shape, null);
            JmhResult one = find("GemmBench", "parallel", "1", "shape", shape, null);
            md.append("## GEMM ").append(shape.replace("x", "×")).append(" NN\n\n")
                    .append("| threads | µs/op | GFLOP/s | vs simd/1 | vs parallel/1 | efficiency |")
                    .append(torchGemm.isEmpty() ? "" : " PyTorch GFLOP/s | vecmlp vs PyTorch |")
                    .append("\n|---:|---:|---:|---:|---:|---:|").append(torchGemm.isEmpty() ? "" : "---:|---:|")
                    .append('\n');
            baselineRow(simd, simd == null ? 0 : flops / simd.median() / 1e3, !torchGemm.isEmpty());
            XYSeries series = new XYSeries("GEMM " + shape.split("x")[0] + "³ vs simd/1");
            for (int t : counts) {
                JmhResult r = find("GemmBench", "parallel", String.valueOf(t), "shape", shape, null);
                double gflops = flops / r.median() / 1e3;
                md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |", t, Report.cell(r),
                        Report.num(gflops), Report.ratio(simd, r), Report.ratio(one, r), efficiency(one, r, t)));
                if (!torchGemm.isEmpty()) {
                    Double p = torchGemm.get(shape + "/" + t);
                    md.append(p == null ? " | |"
                            : String.format(Locale.ROOT, " %s | %.2f× |", Report.num(p), gflops / p));
                }
                md.append('\n');
                if (simd != null) {
                    series.add(t, simd.median() / r.median());
                }
            }
            md.append('\n');
            speedups.addSeries(series);
            addTorchSeries("PyTorch sgemm " + shape.split("x")[0] + "³", torchGemm, shape);
        }
    }

    /** PyTorch's speedup over its own one-thread figure, when it was measured. */
    private void addTorchSeries(String name, Map<String, Double> source, String key) {
        Double one = source.get(key + "/1");
        if (one == null) {
            return;
        }
        XYSeries series = new XYSeries(name + " vs its 1 thread");
        for (Map.Entry<String, Double> e : source.entrySet()) {
            if (e.getKey().startsWith(key + "/")) {
                int t = Integer.parseInt(e.getKey().substring(key.length() + 1));
                series.add(t, e.getValue() / one); // throughputs: higher is faster
            }
        }
        speedups.addSeries(series);
    }

    private void chart() throws IOException {
        XYSeries ideal = new XYSeries("ideal");
        for (int t = 1; t <= maxThreads; t *= 2) {
            ideal.add(t, t);
        }
        speedups.addSeries(ideal);
        JFreeChart chart = ChartFactory.createXYLineChart("Speedup against threads", "threads", "speedup", speedups,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("threads");
        x.setBase(2);
        x.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        LogAxis y = new LogAxis("speedup (log)");
        y.setBase(2);
        y.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        java.text.DecimalFormat plain = new java.text.DecimalFormat("0.##");
        x.setNumberFormatOverride(plain);
        y.setNumberFormatOverride(plain);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        // vecmlp solid, PyTorch dashed, each workload one colour; the ideal line grey and dotted.
        Color[] palette = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
                new Color(0xff7f0e), new Color(0x8c564b)};
        BasicStroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                new float[] {6f, 4f}, 0f);
        Map<String, Color> colours = new java.util.HashMap<>();
        for (int i = 0; i < speedups.getSeriesCount(); i++) {
            String name = speedups.getSeriesKey(i).toString();
            String subject = name.replace("PyTorch sgemm", "GEMM").replace("PyTorch ", "").split(" ")[0]
                    + (name.contains("1024") ? "1024" : name.contains("2048") ? "2048" : "")
                    + (name.contains("operation") ? "op" : "");
            Color colour = colours.computeIfAbsent(subject, k -> palette[colours.size() % palette.length]);
            renderer.setSeriesPaint(i, name.equals("ideal") ? Color.GRAY : colour);
            renderer.setSeriesStroke(i, name.equals("ideal") ? new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[] {2f, 3f}, 0f)
                    : name.startsWith("PyTorch") ? dashed : new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(dir.resolve("scaling.png").toFile(), chart, 1000, 600);
        md.append("![speedup against threads](scaling.png)\n");
    }

    /** The table's first row: SIMD on one thread, the baseline of every ratio below it (none when not measured). */
    private void baselineRow(JmhResult simd, double throughput, boolean torchColumns) {
        if (simd != null) {
            md.append(String.format(Locale.ROOT, "| simd, 1 | %s | %s | 1.00× | | |%s\n", Report.cell(simd),
                    Report.num(throughput), torchColumns ? " | |" : ""));
        }
    }

    private static String efficiency(JmhResult one, JmhResult r, int threads) {
        return one == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * one.median() / r.median() / threads);
    }
}
