package org.vecmlp.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Standardizer;
import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.train.Initializer;

/** Every exported model runs in ONNX Runtime with vecmlp's outputs, and imports back as the same model. */
class OnnxExportTest {

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("relu → softmax", MlpSpec.builder(7).hidden(16, Activation.RELU).hidden(12, Activation.RELU)
                        .output(4, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY), true, 4),
                Arguments.of("tanh → sigmoid", MlpSpec.builder(3).hidden(9, Activation.TANH)
                        .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY), false, 2),
                Arguments.of("leaky 0.2, sigmoid → identity", MlpSpec.builder(5).hidden(33, Activation.leakyRelu(0.2f))
                        .hidden(8, Activation.SIGMOID).output(2, Activation.IDENTITY, LossFunction.SQUARED_MEAN), true, 0),
                Arguments.of("identity hidden → tanh", MlpSpec.builder(2).hidden(8, Activation.IDENTITY)
                        .output(3, Activation.TANH, LossFunction.SQUARED_SUM), false, 0),
                Arguments.of("wide relu → softmax", MlpSpec.builder(64).hidden(256, Activation.RELU)
                        .output(10, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY), true, 10));
    }

    private static SavedModel randomModel(MlpSpec spec, boolean standardise, int classes, long seed) {
        Mlp model = Mlp.initialize(spec, Initializer.XAVIER, seed);
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = model.parameters();
        for (int l = 0; l < model.layout().layers(); l++) {
            for (int j = 0; j < model.layout().fanOut(l); j++) {
                p[model.layout().biasOffset(l) + j] = (float) random.nextDouble(-0.5, 0.5);
            }
        }
        Standardizer s = null;
        if (standardise) {
            float[] mean = Graphs.values(random, spec.inputs());
            float[] std = new float[spec.inputs()];
            for (int i = 0; i < std.length; i++) {
                std[i] = (float) random.nextDouble(0.1, 3);
            }
            s = new Standardizer(mean, std);
        }
        return new SavedModel(model, s, classes, Map.of("dataset", "synthetic", "note", "ünïcode ok"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void onnxRuntimeComputesWhatVecmlpComputes(String name, MlpSpec spec, boolean standardise, int classes)
            throws Exception {
        SavedModel saved = randomModel(spec, standardise, classes, name.hashCode());
        byte[] onnx = OnnxExport.encode(saved).toByteArray();
        int rows = 37;
        float[] x = Graphs.values(new SplittableRandom(3), rows * spec.inputs());
        for (int i = 0; i < x.length; i++) {
            x[i] *= 4;
        }
        float[] ort = OnnxRuntimeOracle.run(onnx, x, rows, rows, spec.inputs());
        Agreement.check("export " + name + " vs ONNX Runtime (scalar)", ort,
                Agreement.predict(saved, x, rows, Backend.scalar()));
        Agreement.check("export " + name + " vs ONNX Runtime (" + BackendProvider.defaultBackend().name() + ")", ort,
                Agreement.predict(saved, x, rows, BackendProvider.defaultBackend()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void importGivesTheSameModelBack(String name, MlpSpec spec, boolean standardise, int classes) throws Exception {
        SavedModel saved = randomModel(spec, standardise, classes, name.hashCode() + 1);
        SavedModel back = OnnxImport.decode("m.onnx", OnnxExport.encode(saved).toByteArray());
        assertEquals(spec, back.model().spec());
        assertArrayEquals(saved.model().parameters(), back.model().parameters(), "bit for bit");
        assertEquals(classes, back.classes());
        if (standardise) {
            assertArrayEquals(saved.standardizer().mean(), back.standardizer().mean());
            assertArrayEquals(saved.standardizer().std(), back.standardizer().std());
        } else {
            assertEquals(null, back.standardizer());
        }
        assertEquals("synthetic", back.metadata().get("dataset"));
        assertEquals("ünïcode ok", back.metadata().get("note"));
    }

    @Test
    void writesAtomicallyWhatEncodeMakes(@TempDir Path dir) throws Exception {
        SavedModel saved = randomModel(MlpSpec.builder(2).output(1, Activation.SIGMOID,
                LossFunction.BINARY_CROSS_ENTROPY), false, 2, 1);
        Path target = dir.resolve("m.onnx");
        OnnxExport.write(saved, target);
        assertArrayEquals(OnnxExport.encode(saved).toByteArray(), Files.readAllBytes(target));
        assertEquals(List.of("m.onnx"), Files.list(dir).map(p -> p.getFileName().toString()).toList(),
                "no temporary file left");
        assertEquals(saved.model().spec(), OnnxImport.read(target).model().spec());
    }

    @Test
    void aThresholdOutputIsRefused() {
        Mlp perceptron = Mlp.initialize(MlpSpec.builder(2).output(1, Activation.THRESHOLD, LossFunction.PERCEPTRON),
                Initializer.XAVIER, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.encode(new SavedModel(perceptron, null, 2, Map.of())));
        assertEquals("layer 1: a threshold (perceptron) output has no ONNX operator of the same meaning; export "
                + "supports identity, sigmoid, tanh, relu, leaky-relu and softmax", e.getMessage());
    }
}
