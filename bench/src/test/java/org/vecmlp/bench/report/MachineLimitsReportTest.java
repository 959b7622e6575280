package org.vecmlp.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's peak is the FMA peak measured in the same run (MachineLimitsBench's flop counter), never a constant
 * and never recomputed from the lane count of the machine that writes the report: from a small JMH fixture (a real MachineLimitsBench run and one GemmBench row), the limits section, the peak line and the GEMM
 * row's % of peak are the fixture's figures; without the limits, the report says the peak was not measured.
 */
class MachineLimitsReportTest {

    private static void copy(String name, Path dir) throws IOException {
        try (InputStream in = MachineLimitsReportTest.class.getResourceAsStream("fixture/" + name)) {
            Files.copy(in, dir.resolve(name));
        }
    }

    @Test
    void thePeakAndEveryPercentOfPeakComeFromThisRunsMeasurement(@TempDir Path dir) throws IOException {
        copy("jmh-limits.json", dir);
        copy("jmh-gemm-simd.json", dir);
        Report report = new Report(dir);
        double flopsPerSecond = JmhResult.read(dir.resolve("jmh-limits.json")).stream()
                .filter(r -> r.benchmark().endsWith(".fmaPeak1")).findFirst().orElseThrow().secondary().get("flops");
        double peak = flopsPerSecond / 1e9;
        assertEquals(peak, report.peakGflops(), 1e-9);
        report.write();
        String md = Files.readString(dir.resolve("README.md"));
        assertTrue(md.contains("## The machine's limits (`MachineLimitsBench`)"), md);
        assertTrue(md.contains(String.format(Locale.ROOT, "| FMA peak, 1 thread | %.1f ±", peak)), md);
        assertTrue(md.contains("| copy, DRAM (16777216 floats per array), 1 thread |"), md);
        assertTrue(md.contains(String.format(Locale.ROOT, "Peak: %.1f GFLOP/s per core (FMA, "
                + "`MachineLimitsBench.fmaPeak1` in this run)", peak)), md);
        JmhResult gemm = JmhResult.read(dir.resolve("jmh-gemm-simd.json")).get(0);
        double gflops = 2.0 * 512 * 512 * 512 / (gemm.median() * 1e-6) / 1e9;
        String row = md.lines().filter(l -> l.startsWith("| NN | 512x512x512 |")).findFirst().orElseThrow();
        assertTrue(row.contains(String.format(Locale.ROOT, " %.0f%% |", 100 * gflops / peak)), row);
    }

    @Test
    void noisyRowsAreFlaggedAndTheLoadIsRecorded(@TempDir Path dir) throws IOException {
        copy("jmh-gemm-simd.json", dir); // 512³ NN: 7,004 ± 5,288 µs, far past 5%
        String quiet = Files.readString(dir.resolve("jmh-gemm-simd.json"))
                .replaceFirst("\"scoreError\"\\s*:\\s*[0-9.eE+-]+", "\"scoreError\" : 70.0") // 1%
                .replace("512x512x512", "256x256x256");
        Files.writeString(dir.resolve("jmh-gemm-quiet.json"), quiet);
        Files.writeString(dir.resolve("load.txt"), "jmh-gemm-simd.json: load average 0.10 -> 1.20, steal 33.0% of "
                + "CPU time\n");
        new Report(dir).write();
        String md = Files.readString(dir.resolve("README.md"));
        assertTrue(md.contains("## Machine load during the run"), md);
        assertTrue(md.contains("steal 33.0% of CPU time"), md);
        String noisy = md.lines().filter(l -> l.startsWith("| NN | 512x512x512 |")).findFirst().orElseThrow();
        String calm = md.lines().filter(l -> l.startsWith("| NN | 256x256x256 |")).findFirst().orElseThrow();
        assertTrue(noisy.contains(" ⚠ |"), noisy);
        assertFalse(calm.contains("⚠"), calm);
    }

    @Test
    void withoutTheLimitsThereIsNoPercentOfPeak(@TempDir Path dir) throws IOException {
        copy("jmh-gemm-simd.json", dir);
        Report report = new Report(dir);
        assertTrue(Double.isNaN(report.peakGflops()));
        report.write();
        String md = Files.readString(dir.resolve("README.md"));
        assertTrue(md.contains("The FMA peak was not measured in this run"), md);
        assertFalse(md.contains("% of peak |"), md);
    }
}
