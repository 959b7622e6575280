package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes and values a hostile user tries: each is refused before anything of its size is allocated (exit 2, one line
 * naming the option or file), or trains with one warning on stderr. Never an OutOfMemoryError, an overflow, or silence.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    private static String firstMessage(CliRunner r) {
        return r.err().lines().filter(l -> l.startsWith("vecmlp: ") && !l.startsWith("vecmlp: warning"))
                .findFirst().orElse("");
    }

    private static void assertRefused(CliRunner r, String prefix) {
        assertEquals(2, r.code(), r.toString());
        assertTrue(firstMessage(r).startsWith("vecmlp: " + prefix), r.toString());
        assertFalse(r.err().contains("\tat ") || r.err().contains("internal error"), r.toString());
        assertFalse(r.err().contains("vecmlp: training "), "refused before training: " + r.err());
    }

    @Test
    void aNetworkTooLargeForTheHeapIsRefusedBeforeAllocating() {
        for (String hidden : new String[] {"100000000", "6000000", "3000000,3000000"}) {
            CliRunner r = CliRunner.run("train", "--data", "xor", "--hidden", hidden, "--epochs", "1");
            assertRefused(r, "--hidden " + hidden + " --batch 32: training 2-");
            assertTrue(r.err().contains("more than the"), r.err());
            assertTrue(r.err().contains("-Xmx"), r.err());
        }
    }

    @Test
    void tooManyGeneratedSamplesAreRefusedBeforeGenerating() {
        assertRefused(CliRunner.run("train", "--data", "xor", "--samples", "1100000000"),
                "--samples 1100000000: the generated set and its split would take about ");
    }

    @Test
    void aSparseLabelIsATypoNotFiftyThousandClasses() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int r = 0; r < 50; r++) {
            csv.append(r % 3).append(',').append(r % 5).append(',').append(r == 30 ? 49999 : r % 2).append('\n');
        }
        Path file = Files.writeString(dir.resolve("typo.csv"), csv);
        assertRefused(CliRunner.run("train", "--data", file.toString()), file + ":32: label 49999 makes 50000 classes, "
                + "but only 3 different labels appear in 50 rows; class labels must be 0 … C−1 (for numeric targets, "
                + "train with --loss mse)");
    }

    @Test
    void aLineLongerThanTheReaderTakesIsRefusedWhileReading() throws IOException {
        Path file = dir.resolve("one-line.csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String cell = "1234567,";
            for (int i = 0; i < (1 << 24) / cell.length() + 2; i++) {
                w.write(cell);
            }
        }
        assertRefused(CliRunner.run("train", "--data", file.toString()), file + ":1: a line longer than 16777216 "
                + "characters (about a million columns); vecmlp reads CSV lines up to that length");
    }

    @Test
    void negativeIntegerLabelsTrainAsRegressionWithAWarning() throws IOException {
        Path file = Files.writeString(dir.resolve("signs.csv"), "a,b,y\n0,0,-1\n1,1,1\n0,1,0\n1,0,-1\n2,2,1\n3,0,0\n");
        CliRunner r = CliRunner.run("train", "--data", file.toString(), "--epochs", "2");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("vecmlp: warning: " + file + ": the labels in column 'y' are integers with "
                + "negative values (-1, 0, 1), so they are read as regression targets"), r.err());
        CliRunner quiet = CliRunner.run("train", "--data", file.toString(), "--epochs", "2", "--loss", "mse");
        assertEquals(0, quiet.code(), quiet.toString());
        assertFalse(quiet.err().contains("warning"), "--loss mse says regression is meant: " + quiet.err());
    }

    @Test
    void hugeUnscaledFeaturesDrawAWarning() throws IOException {
        Path file = Files.writeString(dir.resolve("huge.csv"), "a,b,y\n1e30,0,0\n-1e30,1,1\n2e29,1,0\n1,1e30,1\n"
                + "3,0,0\n0,5,1\n");
        CliRunner r = CliRunner.run("train", "--data", file.toString(), "--epochs", "2");
        assertTrue(r.err().contains("vecmlp: warning: huge.csv (train) has features as large as 1.00e+30 in "
                + "magnitude; unscaled, they saturate the activations or overflow the loss; pass --standardize"),
                r.err());
        CliRunner scaled = CliRunner.run("train", "--data", file.toString(), "--epochs", "2", "--standardize");
        assertFalse(scaled.err().contains("warning"), scaled.err());
    }

    @Test
    void aModelWithNaNParametersIsRefusedWhenRead() throws IOException {
        Path model = dir.resolve("m.vmlp");
        assertEquals(0, CliRunner.run("train", "--data", "xor", "--hidden", "", "--epochs", "1", "--save",
                model.toString()).code());
        ModelFileEdits.edit(model, b -> b.putFloat(b.capacity() - 8, Float.NaN)); // the last parameter (the bias)
        Path data = Files.writeString(dir.resolve("x.csv"), "x1,x2\n0,1\n");
        CliRunner r = CliRunner.run("predict", "--model", model.toString(), "--data", data.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals("vecmlp: " + model + ": parameter 2 is NaN (a model's parameters must be finite)",
                r.err().strip(), r.toString());
    }
}
