package org.vecmlp.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's inference figures are the published report's, copied by scripts/bench-inference.sh, never typed. */
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
}
