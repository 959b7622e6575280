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
 * bench-report.sh, bench-spark.sh), never typed.
 */
class ReadmeFiguresTest {
    @Test
    void inferenceTableIsTheLinkedReportsSummary() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher block = Pattern.compile("<!-- inference-summary:start -->\\nFrom \\[`([^`]+)/`\\]\\([^)]+\\):\\n\\n(.*?)\\n"
                + "<!-- inference-summary:end -->", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README.md has the inference-summary block with its report link");
        Path summary = root.resolve(block.group(1)).resolve("inference-summary.md");
        assertTrue(Files.exists(summary), summary + " exists");
        assertEquals(Files.readString(summary).strip(), block.group(2).strip(),
                "the README block equals " + summary + " (rerun scripts/bench-inference.sh --update-readme)");
    }

    @Test
    void benchmarkTableIsTheLinkedReportsSummary() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher block = Pattern.compile("<!-- bench-summary:start -->\\n(From \\[`([^`]+)/`\\].*?)\\n"
                + "<!-- bench-summary:end -->", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README.md has the bench-summary block with its report link");
        Path summary = root.resolve(block.group(2)).resolve("bench-summary.md");
        assertTrue(Files.exists(summary), summary + " exists");
        assertEquals(Files.readString(summary).strip(), block.group(1).strip(),
                "the README block equals " + summary + " (rerun scripts/bench-report.sh --update-readme)");
    }

    @Test
    void sparkCostTableIsTheLinkedReportsSummary() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher block = Pattern.compile("<!-- spark-summary:start -->\\nFrom \\[`([^`]+)/`\\]\\([^)]+\\):\\n\\n(.*?)\\n"
                + "<!-- spark-summary:end -->", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README.md has the spark-summary block with its report link");
        Path summary = root.resolve(block.group(1)).resolve("spark-summary.md");
        assertTrue(Files.exists(summary), summary + " exists");
        assertEquals(Files.readString(summary).strip(), block.group(2).strip(),
                "the README block equals " + summary + " (rerun scripts/bench-spark.sh --update-readme)");
    }
}
