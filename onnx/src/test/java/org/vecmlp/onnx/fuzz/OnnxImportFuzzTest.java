package org.vecmlp.onnx.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.vecmlp.io.ModelFormatException;
import org.vecmlp.onnx.OnnxImport;

/**
 * Fuzz test (Jazzer) of the ONNX importer: whatever the bytes, it returns a model or throws a
 * {@link ModelFormatException} with a message; any other exception, an error or a hang is a finding. Without
 * {@code JAZZER_FUZZ} this runs the committed inputs under {@code src/test/resources/org/vecmlp/onnx/fuzz/
 * OnnxImportFuzzTestInputs/} (the PyTorch fixtures as seeds, and any finding kept as a regression input);
 * {@code scripts/test.sh} fuzzes it for a bounded time.
 */
class OnnxImportFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void onnx(byte[] bytes) {
        try {
            OnnxImport.decode("fuzz.onnx", bytes);
        } catch (ModelFormatException expected) {
            String m = expected.getMessage();
            String ours = m == null ? "" : m.replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''"); // quoted names (escaped) are the input's text
            if (m == null || m.isBlank() || ours.endsWith(": null") || ours.contains("(null)")) {
                throw new AssertionError("a refusal without a useful message: " + m, expected);
            }
        }
    }
}
