package org.vecmlp.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's charts show what their titles say, on axes people can read, rendered from a small JMH fixture (one
 * GEMM shape on simd and parallel/1, /2; three training workloads with PyTorch; this run's limits).
 */
class ChartsTest {

    private static Report report(Path dir) throws IOException {
        for (String name : List.of("jmh-limits.json", "jmh-gemm-simd.json", "jmh-gemm-parallel.json",
                "jmh-train.json", "pytorch.json")) {
            try (InputStream in = ChartsTest.class.getResourceAsStream("fixture/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        Report report = new Report(dir);
        report.write();
        return report;
    }

    @Test
    void theGemmChartIsOneThreadWithThePeakDrawnIn(@TempDir Path dir) throws IOException {
        Report report = report(dir);
        JFreeChart chart = report.charts().get("gemm-nn.png");
        assertTrue(Files.exists(dir.resolve("gemm-nn.png")));
        assertTrue(chart.getTitle().getText().startsWith("GEMM NN, one thread"), chart.getTitle().getText());
        CategoryDataset data = chart.getCategoryPlot().getDataset();
        List<?> series = data.getRowKeys();
        assertTrue(series.contains("simd") && series.contains("parallel/1"), series.toString());
        assertFalse(series.contains("parallel/2"), "a two-thread bar under a one-thread title: " + series);
        CategoryPlot plot = chart.getCategoryPlot();
        ValueMarker peak = (ValueMarker) plot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator().next();
        assertEquals(report.peakGflops(), peak.getValue(), 1e-9);
        assertEquals(0, plot.getRangeAxis().getLowerBound());
        assertTrue(plot.getRangeAxis().getUpperBound() >= report.peakGflops(), "the peak is on the chart");
    }

    @Test
    void theTrainingChartIsRatiosToPyTorchAroundOneOnALinearAxis(@TempDir Path dir) throws IOException {
        Report report = report(dir);
        JFreeChart chart = report.charts().get("train-step.png");
        CategoryPlot plot = chart.getCategoryPlot();
        assertInstanceOf(NumberAxis.class, plot.getRangeAxis(), "linear, not log");
        assertEquals(0, plot.getRangeAxis().getLowerBound());
        assertTrue(plot.getRangeAxis().getUpperBound() >= 1.5);
        ValueMarker one = (ValueMarker) plot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator().next();
        assertEquals(1.0, one.getValue());
        CategoryDataset data = plot.getDataset();
        assertEquals(List.of("mnist", "wide"), data.getColumnKeys(), "playground's 80× is left to the table");
        JmhResult mnist = JmhResult.read(dir.resolve("jmh-train.json")).stream()
                .filter(r -> r.param("workload").equals("mnist")).findFirst().orElseThrow();
        double torch = 33762.46740014856; // the fixture's PyTorch mnist samples/s, one thread
        assertEquals(128 / (mnist.median() * 1e-6) / torch, data.getValue("simd", "mnist").doubleValue(), 1e-9);
    }

    @Test
    void theRooflinePutsEachGemmUnderThisRunsPeakAndBandwidth(@TempDir Path dir) throws IOException {
        Report report = report(dir);
        JFreeChart chart = report.charts().get("roofline.png");
        assertTrue(Files.exists(dir.resolve("roofline.png")));
        org.jfree.chart.plot.XYPlot plot = chart.getXYPlot();
        assertInstanceOf(org.jfree.chart.axis.LogAxis.class, plot.getDomainAxis());
        assertInstanceOf(org.jfree.chart.axis.LogAxis.class, plot.getRangeAxis());
        org.jfree.data.xy.XYSeriesCollection data = (org.jfree.data.xy.XYSeriesCollection) plot.getDataset();
        org.jfree.data.xy.XYSeries ours = data.getSeries("vecmlp simd");
        assertEquals(1, ours.getItemCount());
        assertEquals(2.0 * 512 * 512 * 512 / (4.0 * 3 * 512 * 512), ours.getX(0).doubleValue(), 1e-9);
        double peak = report.peakGflops(), dram = report.triadGBs("DRAM");
        org.jfree.data.xy.XYSeries roof = ((List<?>) data.getSeries()).stream()
                .map(o -> (org.jfree.data.xy.XYSeries) o)
                .filter(x -> x.getKey().toString().startsWith("roof: FMA peak")).findFirst().orElseThrow();
        for (int i = 0; i < roof.getItemCount(); i++) {
            double x = roof.getX(i).doubleValue();
            assertEquals(Math.min(peak, dram * x), roof.getY(i).doubleValue(), 1e-9);
        }
        assertTrue(ours.getY(0).doubleValue() <= peak, "no GEMM above the peak it was measured against");
    }

    @Test
    void theRawDataLineNamesTheFilesThatExist(@TempDir Path dir) throws IOException {
        report(dir);
        String md = Files.readString(dir.resolve("README.md"));
        assertTrue(md.contains("Raw data: `jmh-gemm-parallel.json`, `jmh-gemm-simd.json`, `jmh-limits.json`, "
                + "`jmh-train.json`, `pytorch.json`."), md.lines().filter(l -> l.contains("Raw data")).toList()
                .toString());
        assertFalse(md.contains("`jmh.json`"));
        assertTrue(md.contains("the peer: PyTorch 1.13.0a0 CPU on libblas.so.3, libopenblasp-r0.3.21.so (the "
                + "libraries its process loaded)."), "the peer is named with the BLAS it ran on");
    }

    @Test
    void theSizeChartHasOneLinePerOneThreadVariantAndThePeak(@TempDir Path dir) throws IOException {
        Report report = report(dir);
        JFreeChart chart = report.charts().get("gemm-size.png");
        assertTrue(Files.exists(dir.resolve("gemm-size.png")));
        org.jfree.chart.plot.XYPlot plot = chart.getXYPlot();
        assertInstanceOf(org.jfree.chart.axis.LogAxis.class, plot.getDomainAxis());
        org.jfree.data.xy.XYSeriesCollection data = (org.jfree.data.xy.XYSeriesCollection) plot.getDataset();
        List<String> keys = ((List<?>) data.getSeries()).stream()
                .map(o -> ((org.jfree.data.xy.XYSeries) o).getKey().toString()).toList();
        assertTrue(keys.contains("simd") && keys.contains("parallel/1"), keys.toString());
        assertFalse(keys.contains("parallel/2"), "one thread only: " + keys);
        org.jfree.data.xy.XYSeries simd = data.getSeries("simd");
        assertEquals(512, simd.getX(0).doubleValue());
        assertEquals(2.0 * 512 * 512 * 512 / (median(dir, "jmh-gemm-simd.json", "1") * 1e-6) / 1e9,
                simd.getY(0).doubleValue(), 1e-6);
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("FMA peak")), keys.toString());
        assertTrue(plot.getRangeAxis().getUpperBound() >= report.peakGflops());
        assertEquals(0, plot.getRangeAxis().getLowerBound());
    }

    @Test
    void theSpeedupChartIsAgainstThreadsWithTheIdealLine(@TempDir Path dir) throws IOException {
        Report report = report(dir);
        org.jfree.chart.plot.XYPlot plot = report.charts().get("speedup.png").getXYPlot();
        org.jfree.data.xy.XYSeriesCollection data = (org.jfree.data.xy.XYSeriesCollection) plot.getDataset();
        org.jfree.data.xy.XYSeries gemm = data.getSeries("GEMM NN 512x512x512");
        assertEquals(2, gemm.getItemCount());
        assertEquals(1.0, gemm.getY(0).doubleValue(), 1e-12);
        assertEquals(median(dir, "jmh-gemm-parallel.json", "1") / median(dir, "jmh-gemm-parallel.json", "2"),
                gemm.getY(1).doubleValue(), 1e-9);
        org.jfree.data.xy.XYSeries ideal = data.getSeries("ideal (speedup = threads)");
        assertEquals(2.0, ideal.getY(1).doubleValue());
        assertEquals(0, plot.getRangeAxis().getLowerBound());
        assertTrue(plot.getRangeAxis().getUpperBound() >= 2);
    }

    @Test
    void interleavedRoundsGiveMedianRatiosWithTheirRange(@TempDir Path dir) throws IOException {
        double[] blas = {40, 50, 45}; // OpenBLAS GFLOP/s of NN 512³ in three rounds
        double[] torch = {30000, 40000, 35000}; // PyTorch mnist samples/s, one thread
        for (int r = 0; r < 3; r++) {
            Path round = Files.createDirectories(dir.resolve("interleaved/round-" + (r + 1)));
            try (InputStream in = ChartsTest.class.getResourceAsStream("fixture/jmh-gemm-simd.json")) {
                Files.copy(in, round.resolve("jmh-gemm.json"));
            }
            try (InputStream in = ChartsTest.class.getResourceAsStream("fixture/jmh-train.json")) {
                Files.copy(in, round.resolve("jmh-train.json"));
            }
            Files.writeString(round.resolve("openblas.json"), "{\"gemm\": [{\"op\": \"NN\", \"shape\": "
                    + "\"512x512x512\", \"gflops\": " + blas[r] + "}]}");
            Files.writeString(round.resolve("pytorch.json"), "{\"train_steps\": [{\"workload\": \"mnist\", "
                    + "\"threads\": 1, \"samples_per_second\": " + torch[r] + "}]}");
        }
        Report report = report(dir);
        double simd = 2.0 * 512 * 512 * 512 / (median(dir, "jmh-gemm-simd.json", "1") * 1e-6) / 1e9;
        String md = Files.readString(dir.resolve("README.md"));
        assertTrue(md.contains("## Against the peers, interleaved (3 rounds)"), md);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| GEMM NN 512x512x512: simd / OpenBLAS | %.2f× "
                + "| %.2f–%.2f× |", simd / 45, simd / 50, simd / 40)), md);
        double ours = 128 / (JmhResult.read(dir.resolve("jmh-train.json")).stream()
                .filter(r -> r.param("workload").equals("mnist")).findFirst().orElseThrow().median() * 1e-6);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| step mnist: simd/1 / PyTorch/1 | %.2f× "
                + "| %.2f–%.2f× |", ours / 35000, ours / 40000, ours / 30000)), md);
        CategoryPlot plot = report.charts().get("interleaved.png").getCategoryPlot();
        ValueMarker one = (ValueMarker) plot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator().next();
        assertEquals(1.0, one.getValue());
        assertEquals(simd / 45, plot.getDataset().getValue("simd / OpenBLAS", "GEMM NN 512x512x512").doubleValue(),
                1e-9);
    }

    @Test
    void profilesAreLinkedWithTheirHottestFrames(@TempDir Path dir) throws IOException {
        Path p = Files.createDirectories(dir.resolve("profiles/train-mnist/org.vecmlp.bench.TrainStepBench.step"));
        Files.writeString(p.resolve("collapsed-cpu.csv"), String.join("\n",
                "Thread.run;org/vecmlp/train/Trainer.step;org/vecmlp/kernel/simd/SimdGemm.gemm;FloatVector.fma_[j] 6",
                "Thread.run;org/vecmlp/train/Trainer.step;org/vecmlp/kernel/simd/SimdGemm.packB;System.arraycopy 3",
                "Thread.run;org/vecmlp/train/Trainer.step 1"));
        Files.writeString(p.resolve("flame-cpu-forward.html"), "<html></html>");
        report(dir);
        String md = Files.readString(dir.resolve("README.md"));
        assertTrue(md.contains("### train-mnist (10 samples)"), md);
        assertTrue(md.contains("[flame-cpu-forward.html](profiles/train-mnist/org.vecmlp.bench.TrainStepBench.step/"
                + "flame-cpu-forward.html)"), md);
        assertTrue(md.contains("| 60.0% | `FloatVector.fma` | `org/vecmlp/kernel/simd/SimdGemm.gemm` |"), md);
        assertTrue(md.contains("| 30.0% | `System.arraycopy` | `org/vecmlp/kernel/simd/SimdGemm.packB` |"), md);
    }

    /** The fixture's median µs of its GEMM result on {@code threads} threads. */
    private static double median(Path dir, String file, String threads) throws IOException {
        return JmhResult.read(dir.resolve(file)).stream().filter(r -> r.param("threads").equals(threads))
                .findFirst().orElseThrow().median();
    }
}
