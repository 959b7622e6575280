package org.vecmlp.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The same-run ratios against the peers, measured interleaved: {@code interleaved/round-N/} holds one round of ours
 * then the peer (JMH's {@code jmh-gemm.json} then OpenBLAS's {@code openblas.json}; {@code jmh-train.json} then
 * PyTorch's {@code pytorch.json}), rounds one after another, so slow drift of the machine moves both sides of each
 * round's ratio alike. Each ratio is quoted as the median over the rounds with their range.
 */
final class InterleavedSection {
    private final Path dir;
    /** Ratio name → one ratio per round (ours over the peer, above 1: ours faster). */
    private final Map<String, List<Double>> ratios = new LinkedHashMap<>();
    private int rounds;

    InterleavedSection(Path dir) throws IOException {
        this.dir = dir.resolve("interleaved");
        if (!Files.isDirectory(this.dir)) {
            return;
        }
        List<Path> roundDirs;
        try (var list = Files.list(this.dir)) {
            roundDirs = list.filter(p -> p.getFileName().toString().matches("round-\\d+")).sorted().toList();
        }
        for (Path round : roundDirs) {
            rounds++;
            gemmRound(round);
            trainRound(round);
        }
    }

    private void gemmRound(Path round) throws IOException {
        Path ours = round.resolve("jmh-gemm.json");
        Path peer = round.resolve("openblas.json");
        if (!Files.exists(ours) || !Files.exists(peer)) {
            return;
        }
        Map<String, Double> blas = Report.readOpenblas(peer);
        for (JmhResult r : JmhResult.read(ours)) {
            String key = r.param("op") + " " + r.param("shape");
            Double b = blas.get(key);
            if (b != null && r.param("variant").equals("simd")) {
                ratios.computeIfAbsent("GEMM " + key + ": simd / OpenBLAS", k -> new ArrayList<>())
                        .add(Report.gflops(r.param("shape"), r) / b);
            }
        }
    }

    private void trainRound(Path round) throws IOException {
        Path ours = round.resolve("jmh-train.json");
        Path peer = round.resolve("pytorch.json");
        if (!Files.exists(ours) || !Files.exists(peer)) {
            return;
        }
        Map<String, Double> torch = new LinkedHashMap<>();
        ScalingReport.readTorch(peer, "train_steps", "workload", "samples_per_second", torch);
        for (JmhResult r : JmhResult.read(ours)) {
            String w = r.param("workload");
            int threads = r.param("variant").equals("parallel") ? Integer.parseInt(r.param("threads")) : 1;
            Double p = torch.get(w + "/" + threads);
            if (p != null) {
                double sps = Report.BATCHES.getOrDefault(w, 1) / (r.median() * 1e-6);
                ratios.computeIfAbsent("step " + w + ": " + r.param("variant") + "/" + threads + " / PyTorch/"
                        + threads, k -> new ArrayList<>()).add(sps / p);
            }
        }
    }

    /** {@return the ratio of each comparison, per round} */
    Map<String, List<Double>> ratios() {
        return ratios;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Appends the section and returns its chart (null when the run has no interleaved rounds). */
    JFreeChart append(StringBuilder md) {
        if (ratios.isEmpty()) {
            return null;
        }
        md.append("## Against the peers, interleaved (").append(rounds).append(" rounds)\n\n")
                .append("Each round measures ours, then the peer, on the same shapes or workloads with the same "
                        + "threads (scripts/bench-report.sh: JMH `-f 1`, then baselines.py), and the rounds follow "
                        + "one another: drift of the machine moves both sides of a round's ratio alike. A ratio is "
                        + "the median over the rounds; the range is the lowest and highest round. Above 1: ours "
                        + "faster.\n\n| comparison | median ratio | range over rounds | rounds |\n|---|---:|---:|---|\n");
        DefaultCategoryDataset chart = new DefaultCategoryDataset();
        for (Map.Entry<String, List<Double>> e : ratios.entrySet()) {
            List<Double> v = e.getValue();
            double med = median(v);
            double lo = v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double hi = v.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            md.append(String.format(Locale.ROOT, "| %s | %.2f× | %.2f–%.2f× | %s |%n", e.getKey(), med, lo, hi,
                    String.join(", ", v.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList())));
            String[] parts = e.getKey().split(": ");
            chart.addValue(med, parts[1].startsWith("simd / OpenBLAS") ? "simd / OpenBLAS" : parts[1], parts[0]);
        }
        md.append("\n![ours over the peers, interleaved](interleaved.png)\n\n");
        JFreeChart c = ChartFactory.createBarChart("Ours over the peer, median of " + rounds + " interleaved rounds "
                + "(above 1: vecmlp faster)", "comparison", "× the peer", chart, PlotOrientation.VERTICAL, true, false,
                false);
        c.getCategoryPlot().addRangeMarker(new ValueMarker(1.0, Color.BLACK, new BasicStroke(2f)));
        org.jfree.chart.axis.ValueAxis axis = c.getCategoryPlot().getRangeAxis();
        axis.setRange(0, Math.max(1.5, axis.getUpperBound() * 1.05));
        return c;
    }
}
