package org.vecmlp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Standardizer;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;

/**
 * The model format held to committed files (src/test/resources/golden, written by the format's first version, when
 * activations and losses were stored as enum ordinals): every activation and loss code, the standardisation and the
 * metadata. Reordering an enum, or changing any field, fails here instead of silently changing every saved model.
 */
class ModelFileGoldenTest {

    static Map<String, MlpSpec> specs() {
        Map<String, MlpSpec> specs = new LinkedHashMap<>();
        specs.put("hidden-all-ce", MlpSpec.builder(3).hidden(2, Activation.IDENTITY).hidden(2, Activation.SIGMOID)
                .hidden(2, Activation.TANH).hidden(2, Activation.RELU).hidden(2, Activation.leakyRelu(0.125f))
                .output(3, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY));
        specs.put("perceptron", MlpSpec.builder(2).output(1, Activation.THRESHOLD, LossFunction.PERCEPTRON));
        specs.put("bce", MlpSpec.builder(2).hidden(3, Activation.TANH)
                .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY));
        specs.put("mse", MlpSpec.builder(2).output(2, Activation.IDENTITY, LossFunction.SQUARED_MEAN));
        specs.put("mse-sum", MlpSpec.builder(1).output(1, Activation.IDENTITY, LossFunction.SQUARED_SUM));
        return specs;
    }

    static Iterable<String> names() {
        return specs().keySet();
    }

    /** The model each golden file holds, built the way the files were made. */
    static SavedModel expected(String name) {
        MlpSpec spec = specs().get(name);
        float[] p = new float[(int) spec.parameterCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i % 7 - 3) * 0.125f + i * 0.001f;
        }
        Standardizer st = name.equals("hidden-all-ce")
                ? new Standardizer(new float[] {0.5f, -1f, 2f}, new float[] {1f, 0.25f, 3f}) : null;
        int classes = spec.loss().isClassification() ? Math.max(2, spec.outputs()) : 0;
        return new SavedModel(Mlp.withParameters(spec, p), st, classes, Map.of("dataset", name, "epochs", "7"));
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = ModelFileGoldenTest.class.getResourceAsStream("/golden/" + name + ".vmlp")) {
            assertNotNull(in, "golden file " + name + ".vmlp");
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void todaysWriterProducesTheGoldenBytes(String name) throws IOException {
        assertArrayEquals(golden(name), ModelFile.encode(expected(name)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void todaysReaderReadsTheGoldenFile(String name) throws IOException {
        SavedModel read = ModelFile.decode(name, golden(name));
        SavedModel want = expected(name);
        assertEquals(want.model().spec(), read.model().spec());
        assertArrayEquals(want.model().parameters(), read.model().parameters());
        assertEquals(want.classes(), read.classes());
        assertEquals(want.metadata(), read.metadata());
        if (want.standardizer() == null) {
            assertNull(read.standardizer());
        } else {
            assertArrayEquals(want.standardizer().mean(), read.standardizer().mean());
            assertArrayEquals(want.standardizer().std(), read.standardizer().std());
        }
    }
}
