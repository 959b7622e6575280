package org.vecmlp.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's figures are the published reports', copied by the scripts that wrote them (bench-inference.sh,
 * bench-report.sh, bench-spark.sh), never typed: each block names its report folder and holds that folder's summary.
 */
class ReadmeFiguresTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /**
     * The block between {@code <!-- MARKER:start -->} and {@code <!-- MARKER:end -->}: a "From [`DIR/`](…)…" line,
     * then DIR/SUMMARY — with the From line (as bench-report.sh writes it into its summary) or after it.
     */
    private static void assertBlockIsSummary(String marker, String summaryFile, boolean fromLineInSummary,
                                             String script) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher block = Pattern.compile("<!-- " + marker + ":start -->\\n(From \\[`([^`]+)/`\\]\\([^)]+\\)[^\\n]*\\n\\n"
                + "(.*?))\\n<!-- " + marker + ":end -->", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README.md has the " + marker + " block with its report link");
        Path summary = ROOT.resolve(block.group(2)).resolve(summaryFile);
        assertTrue(Files.exists(summary), summary + " exists");
        assertEquals(Files.readString(summary).strip(), block.group(fromLineInSummary ? 1 : 3).strip(),
                "the README block equals " + summary + " (rerun " + script + " --update-readme)");
    }

    @Test
    void inferenceTableIsTheLinkedReportsSummary() throws IOException {
        assertBlockIsSummary("inference-summary", "inference-summary.md", false, "scripts/bench-inference.sh");
    }

    @Test
    void benchmarkTableIsTheLinkedReportsSummary() throws IOException {
        assertBlockIsSummary("bench-summary", "bench-summary.md", true, "scripts/bench-report.sh");
    }

    @Test
    void sparkCostTableIsTheLinkedReportsSummary() throws IOException {
        assertBlockIsSummary("spark-summary", "spark-summary.md", false, "scripts/bench-spark.sh");
    }
}
