package org.vecmlp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Standardizer;
import org.vecmlp.infer.Predictor;
import org.vecmlp.kernel.Backend;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.Outputs;
import org.vecmlp.train.Initializer;

/** A predictor from a model file in one call takes raw features and applies the stored standardisation. */
class PredictorFromFileTest {
    private static final MlpSpec SPEC = MlpSpec.builder(3).hidden(11, Activation.TANH)
            .output(4, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);

    @Test
    void rawFeaturesInTheSameOutputsAsStandardisingByHand(@TempDir Path dir) throws Exception {
        Mlp model = Mlp.initialize(SPEC, Initializer.XAVIER, 4);
        Standardizer s = new Standardizer(new float[] {10f, -2f, 0.5f}, new float[] {3f, 0.25f, 1f});
        Path file = dir.resolve("m.vmlp");
        ModelFile.write(file, new SavedModel(model, s, 4, Map.of()));

        Predictor fromFile = ModelFile.predictor(file);
        assertTrue(fromFile.standardizes());
        Predictor plain = model.predictor(fromFile.backend());
        assertFalse(plain.standardizes());
        SplittableRandom random = new SplittableRandom(2);
        int rows = 300; // more than one chunk of rows
        float[] raw = new float[rows * 3];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (float) random.nextDouble(-20, 20);
        }
        float[] rawCopy = raw.clone();
        float[] scaled = raw.clone();
        s.applyInPlace(scaled, 0, rows);
        float[] expected = new float[rows * 4], actual = new float[rows * 4];
        plain.predict(scaled, rows, expected);
        fromFile.predict(raw, rows, actual);
        assertArrayEquals(expected, actual, "bit for bit");
        assertArrayEquals(rawCopy, raw, "the caller's rows are not modified");

        float[][] rowsForm = new float[rows][];
        for (int r = 0; r < rows; r++) {
            rowsForm[r] = java.util.Arrays.copyOfRange(raw, r * 3, r * 3 + 3);
        }
        float[][] perRow = fromFile.predict(rowsForm);
        int[] classes = fromFile.predictClasses(rowsForm);
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(expected, r * 4, r * 4 + 4), perRow[r]);
            assertEquals(Outputs.predictedClass(expected, r * 4, 4), classes[r]);
            assertEquals(classes[r], fromFile.predictClass(rowsForm[r]));
        }
    }

    @Test
    void aStandardizerOfTheWrongWidthIsRefused() {
        Mlp model = Mlp.initialize(SPEC, Initializer.XAVIER, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Predictor(
                model.network(), model.parameters(), new Standardizer(new float[2], new float[2]), Backend.scalar(),
                8));
        assertEquals("the standardizer has 2 features but the network has 3 inputs", e.getMessage());
    }
}
