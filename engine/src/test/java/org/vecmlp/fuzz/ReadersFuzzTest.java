package org.vecmlp.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vecmlp.data.CsvTable;
import org.vecmlp.data.DataFormatException;
import org.vecmlp.data.IdxReader;
import org.vecmlp.io.ModelFile;
import org.vecmlp.io.ModelFormatException;

/**
 * Fuzz tests (Jazzer) of the three readers of untrusted files: whatever the bytes, a reader returns a result or
 * throws its own format exception with a message; any other exception, an error or a hang is a finding. Without
 * {@code JAZZER_FUZZ} these run the committed inputs under {@code src/test/resources/org/vecmlp/fuzz/
 * ReadersFuzzTestInputs/} (seeds, and every finding kept as a regression input); {@code scripts/test.sh} fuzzes each
 * for a bounded time.
 */
class ReadersFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void modelFile(byte[] bytes) {
        try {
            ModelFile.decode("fuzz.vmlp", bytes);
        } catch (ModelFormatException expected) {
            requireMessage(expected);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void csv(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".csv");
        try {
            Files.write(file, bytes);
            CsvTable table = CsvTable.read(file);
            table.toRegression(table.columns() - 1);
            table.toClassification(table.columns() - 1, 0);
        } catch (DataFormatException expected) {
            requireMessage(expected);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void idx(FuzzedDataProvider data) throws IOException {
        boolean gzip = data.consumeBoolean();
        byte[] labels = data.consumeBytes(data.consumeInt(0, 4096));
        byte[] images = data.consumeRemainingAsBytes();
        Path imageFile = Files.createTempFile("fuzz-images", gzip ? ".gz" : ".idx");
        Path labelFile = Files.createTempFile("fuzz-labels", ".idx");
        try {
            Files.write(imageFile, images);
            Files.write(labelFile, labels);
            IdxReader.read(imageFile, labelFile);
        } catch (DataFormatException expected) {
            requireMessage(expected);
        } finally {
            Files.deleteIfExists(imageFile);
            Files.deleteIfExists(labelFile);
        }
    }

    /** A refusal must say what was wrong: an empty message, or a "null" where a cause's message was missing, is a
     *  finding too. */
    private static void requireMessage(Exception e) {
        String m = e.getMessage();
        String ours = m == null ? "" : m.replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''"); // quoted (escaped) cells: the input's text
        if (m == null || m.isBlank() || ours.endsWith(": null") || ours.contains("(null)")) {
            throw new AssertionError("a refusal without a useful message: " + e.getMessage(), e);
        }
    }
}
