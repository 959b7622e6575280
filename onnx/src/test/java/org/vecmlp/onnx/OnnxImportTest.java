package org.vecmlp.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;

/**
 * Imported models compute what the framework that wrote them computes: the PyTorch fixtures (exported by
 * {@code src/test/python/make_fixtures.py} with PyTorch's own outputs beside them) against PyTorch and ONNX Runtime,
 * and graphs written the way tf2onnx and other exporters write them (MatMul + Add, Reshape, float_data, opsets up
 * to 21, Gemm's alpha, beta and transB) against ONNX Runtime.
 */
class OnnxImportTest {
    private static final String FIXTURES = "fixtures/";

    static Stream<String> fixtures() {
        return Stream.of("relu_softmax_opset9", "relu_softmax_opset13", "tanh_sigmoid_opset17",
                "flatten_leaky_identity_opset11", "sigmoid_hidden_softmax_last_axis_opset17");
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = OnnxImportTest.class.getResourceAsStream(FIXTURES + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    private static float[] flat(JsonArray rows) {
        int width = rows.get(0).getAsJsonArray().size();
        float[] v = new float[rows.size() * width];
        int i = 0;
        for (JsonElement row : rows) {
            for (JsonElement x : row.getAsJsonArray()) {
                v[i++] = x.getAsFloat();
            }
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aPyTorchExportPredictsWhatPyTorchPredicted(String fixture) throws Exception {
        byte[] onnx = resource(fixture + ".onnx");
        JsonObject expected;
        try (InputStream in = OnnxImportTest.class.getResourceAsStream(FIXTURES + fixture + ".json")) {
            expected = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        float[] x = flat(expected.getAsJsonArray("input"));
        float[] torch = flat(expected.getAsJsonArray("output"));
        int rows = expected.getAsJsonArray("input").size();
        SavedModel saved = OnnxImport.decode(fixture + ".onnx", onnx);
        int features = saved.model().spec().inputs();
        Agreement.check(fixture + " vs PyTorch " + expected.get("torch").getAsString(), torch,
                Agreement.predict(saved, x, rows, BackendProvider.defaultBackend()));
        long[] shape = fixture.startsWith("flatten") ? new long[] {rows, 2, 3} : new long[] {rows, features};
        Agreement.check(fixture + " vs ONNX Runtime", OnnxRuntimeOracle.run(onnx, x, rows, shape),
                Agreement.predict(saved, x, rows, Backend.scalar()));
    }

    @Test
    void thePyTorchFixturesHaveTheirLayersAndLosses() throws Exception {
        assertEquals("4-16(relu)-3(softmax) ce", describe("relu_softmax_opset9"));
        assertEquals("5-8(tanh)-8(tanh)-1(sigmoid) bce", describe("tanh_sigmoid_opset17"));
        assertEquals("6-10(leaky-relu:0.2)-2(identity) mse", describe("flatten_leaky_identity_opset11"));
        SavedModel softmax = OnnxImport.decode("f", resource("relu_softmax_opset13.onnx"));
        assertEquals(3, softmax.classes());
        assertEquals("pytorch 1.13.0", softmax.metadata().get("producer"));
    }

    private static String describe(String fixture) throws Exception {
        return OnnxImport.decode(fixture, resource(fixture + ".onnx")).model().spec().describe();
    }

    /**
     * A Keras-style graph as tf2onnx writes it: Reshape by a Constant shape, then per layer MatMul and Add (the bias
     * on either side), Relu and a final Softmax with the opset's default axis; weights as float_data in one layer.
     */
    @ParameterizedTest(name = "opset {0}")
    @ValueSource(ints = {9, 11, 13, 17, 18, 21})
    void aMatMulAddGraphPredictsWhatOnnxRuntimePredicts(int opset) throws Exception {
        SplittableRandom random = new SplittableRandom(opset);
        GraphProto.Builder g = Graphs.graph("dense_input", 6, "probs", 3)
                .addInitializer(Graphs.int64("shape", -1, 6))
                .addInitializer(Graphs.raw("kernel0", random, 6, 11))
                .addInitializer(Graphs.raw("bias0", random, 11))
                .addInitializer(Graphs.floatData("kernel1", random, 11, 3))
                .addInitializer(Graphs.floatData("bias1", random, 1, 3));
        g.addNode(Graphs.node("Reshape", "reshape", "flat", "dense_input", "shape"));
        g.addNode(Graphs.node("MatMul", "dense/MatMul", "mm0", "flat", "kernel0"));
        g.addNode(Graphs.node("Add", "dense/BiasAdd", "z0", "mm0", "bias0"));
        g.addNode(Graphs.node("Relu", "dense/Relu", "a0", "z0"));
        g.addNode(Graphs.node("MatMul", "dense_1/MatMul", "mm1", "a0", "kernel1"));
        g.addNode(Graphs.node("Add", "dense_1/BiasAdd", "z1", "bias1", "mm1"));
        g.addNode(Graphs.node("Softmax", "dense_1/Softmax", "probs", "z1"));
        assertAgreesWithOnnxRuntime("MatMul+Add opset " + opset, Graphs.model(opset, g), 6,
                "6-11(relu)-3(softmax) ce");
    }

    /** Gemm with transB (PyTorch's layout), alpha and beta, a scalar C, a [1, n] C and none; Identity between. */
    @Test
    void gemmAttributesAndBiasShapesAreHonoured() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        GraphProto.Builder g = Graphs.graph("x", 4, "y", 2)
                .addInitializer(Graphs.raw("w0", random, 9, 4))      // stored out × in: transB = 1
                .addInitializer(Graphs.raw("c0", random))            // a scalar bias
                .addInitializer(Graphs.raw("w1", random, 9, 5))
                .addInitializer(Graphs.raw("c1", random, 1, 5))
                .addInitializer(Graphs.raw("w2", random, 5, 2));
        g.addNode(Graphs.node("Gemm", "g0", "z0", "x", "w0", "c0").addAttribute(Graphs.intAttribute("transB", 1))
                .addAttribute(Graphs.floatAttribute("alpha", 0.5f)).addAttribute(Graphs.floatAttribute("beta", 2f)));
        g.addNode(Graphs.node("Tanh", "t0", "a0", "z0"));
        g.addNode(Graphs.node("Identity", "id", "a0i", "a0"));
        g.addNode(Graphs.node("Gemm", "g1", "z1", "a0i", "w1", "c1"));
        g.addNode(Graphs.node("LeakyRelu", "l1", "a1", "z1").addAttribute(Graphs.floatAttribute("alpha", 0.1f)));
        g.addNode(Graphs.node("Gemm", "g2", "y", "a1", "w2"));
        assertAgreesWithOnnxRuntime("Gemm attributes", Graphs.model(13, g), 4,
                "4-9(tanh)-5(leaky-relu:0.1)-2(identity) mse");
    }

    /** Sub and Div by constants before the first layer become the model's standardisation; opset 9's Softmax. */
    @Test
    void subAndDivBecomeTheStandardisation() throws Exception {
        SplittableRandom random = new SplittableRandom(9);
        float[] std = {0.5f, 2f, 4f};
        GraphProto.Builder g = Graphs.graph("x", 3, "p", 2)
                .addInitializer(Graphs.raw("mean", random, 3))
                .addInitializer(OnnxExport.tensor("std", std, 0, 3))
                .addInitializer(Graphs.raw("w", random, 3, 2))
                .addInitializer(Graphs.raw("b", random, 2));
        g.addNode(Graphs.node("Sub", "sub", "c", "x", "mean"));
        g.addNode(Graphs.node("Div", "div", "s", "c", "std"));
        g.addNode(Graphs.node("Gemm", "gemm", "z", "s", "w", "b"));
        g.addNode(Graphs.node("Softmax", "softmax", "p", "z"));
        ModelProto model = Graphs.model(9, g);
        SavedModel saved = assertAgreesWithOnnxRuntime("standardisation", model, 3, "3-2(softmax) ce");
        assertEquals(java.util.List.of(0.5f, 2f, 4f), java.util.List.of(saved.standardizer().std()[0],
                saved.standardizer().std()[1], saved.standardizer().std()[2]));
    }

    /** Older exporters list the initializers among the graph's inputs too (keep_initializers_as_inputs). */
    @Test
    void initializersListedAsInputsAreNotDataInputs() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        GraphProto.Builder g = Graphs.graph("x", 3, "y", 1)
                .addInitializer(Graphs.raw("w", random, 3, 1))
                .addInitializer(Graphs.raw("b", random, 1))
                .addInput(Graphs.value("w", TensorProto.DataType.FLOAT_VALUE, 1))
                .addInput(Graphs.value("b", TensorProto.DataType.FLOAT_VALUE));
        g.addNode(Graphs.node("Gemm", "gemm", "z", "x", "w", "b"));
        g.addNode(Graphs.node("Sigmoid", "sigmoid", "y", "z"));
        SavedModel saved = assertAgreesWithOnnxRuntime("initializers as inputs", Graphs.model(9, g), 3,
                "3-1(sigmoid) bce");
        assertEquals(2, saved.classes());
        assertEquals(LossFunction.BINARY_CROSS_ENTROPY, saved.model().spec().loss());
        assertEquals(Activation.SIGMOID, saved.model().spec().outputLayer().activation());
    }

    /**
     * Shape operations on constant weights, folded at import: a weight stored [1, out, in], squeezed and transposed
     * before MatMul (older PyTorch exports), a bias unsqueezed to [1, out], a weight reshaped from a flat vector; at
     * opset 7 (axes as attributes) and 13 (axes as inputs).
     */
    @ParameterizedTest(name = "opset {0}")
    @ValueSource(ints = {7, 13})
    void shapeOperationsOnConstantWeightsAreFolded(int opset) throws Exception {
        SplittableRandom random = new SplittableRandom(opset);
        GraphProto.Builder g = Graphs.graph("x", 5, "y", 3)
                .addInitializer(Graphs.raw("w0", random, 1, 7, 5))
                .addInitializer(Graphs.raw("b0", random, 7))
                .addInitializer(Graphs.raw("w1flat", random, 21))
                .addInitializer(Graphs.int64("w1shape", 7, -1))
                .addInitializer(Graphs.raw("b1", random, 3));
        if (opset >= 13) {
            g.addInitializer(Graphs.int64("axis0", 0));
            g.addNode(Graphs.node("Squeeze", "sq", "w0s", "w0", "axis0"));
            g.addNode(Graphs.node("Unsqueeze", "unsq", "b0u", "b0", "axis0"));
        } else {
            g.addNode(Graphs.node("Squeeze", "sq", "w0s", "w0").addAttribute(Graphs.intsAttribute("axes", 0)));
            g.addNode(Graphs.node("Unsqueeze", "unsq", "b0u", "b0").addAttribute(Graphs.intsAttribute("axes", 0)));
        }
        g.addNode(Graphs.node("Transpose", "tr", "w0t", "w0s").addAttribute(Graphs.intsAttribute("perm", 1, 0)));
        g.addNode(Graphs.node("MatMul", "mm0", "m0", "x", "w0t"));
        g.addNode(Graphs.node("Add", "add0", "z0", "m0", "b0u"));
        g.addNode(Graphs.node("Tanh", "t0", "a0", "z0"));
        g.addNode(Graphs.node("Reshape", "rs", "w1", "w1flat", "w1shape"));
        g.addNode(Graphs.node("Gemm", "g1", "y", "a0", "w1", "b1"));
        assertAgreesWithOnnxRuntime("folded opset " + opset, Graphs.model(opset, g), 5, "5-7(tanh)-3(identity) mse");
    }

    /**
     * Opset 6, as PyTorch wrote it then: Gemm and Add with {@code broadcast=1} (and Sub/Div standardising) mean what
     * the later implicit broadcasting means, so the model equals the same graph at opset 7 bit for bit (ONNX Runtime
     * starts at opset 7; {@link OnnxConformanceTest} checks opset 6 against the ONNX project's reference outputs).
     */
    @Test
    void opsetSixBroadcastMeansWhatLaterOpsetsMean() throws Exception {
        SplittableRandom random = new SplittableRandom(6);
        GraphProto.Builder g = Graphs.graph("x", 4, "y", 2)
                .addInitializer(Graphs.raw("mean", random, 4))
                .addInitializer(Graphs.raw("std", new SplittableRandom(60), 1, 4))
                .addInitializer(Graphs.raw("w0", random, 6, 4))
                .addInitializer(Graphs.raw("b0", random, 6))
                .addInitializer(Graphs.raw("w1", random, 6, 2))
                .addInitializer(Graphs.raw("b1", random, 2));
        g.addNode(Graphs.node("Sub", "sub", "xc", "x", "mean").addAttribute(Graphs.intAttribute("broadcast", 1)));
        g.addNode(Graphs.node("Div", "div", "xs", "xc", "std").addAttribute(Graphs.intAttribute("broadcast", 1)));
        g.addNode(Graphs.node("Gemm", "g0", "z0", "xs", "w0", "b0").addAttribute(Graphs.intAttribute("transB", 1))
                .addAttribute(Graphs.intAttribute("broadcast", 1)));
        g.addNode(Graphs.node("Relu", "r0", "a0", "z0"));
        g.addNode(Graphs.node("MatMul", "mm1", "m1", "a0", "w1"));
        g.addNode(Graphs.node("Add", "add1", "y", "m1", "b1").addAttribute(Graphs.intAttribute("broadcast", 1))
                .addAttribute(Graphs.intAttribute("axis", 1)));
        SavedModel six = OnnxImport.decode("opset6", Graphs.model(6, g).toByteArray());
        for (int n = 0; n < g.getNodeCount(); n++) {
            g.setNode(n, g.getNode(n).toBuilder().clearAttribute().addAllAttribute(g.getNode(n).getAttributeList()
                    .stream().filter(a -> !a.getName().equals("broadcast") && !a.getName().equals("axis")).toList()));
        }
        SavedModel seven = assertAgreesWithOnnxRuntime("opset 7", Graphs.model(7, g), 4, "4-6(relu)-2(identity) mse");
        assertEquals(seven.model().spec().describe(), six.model().spec().describe());
        org.junit.jupiter.api.Assertions.assertArrayEquals(seven.model().parameters(), six.model().parameters());
        org.junit.jupiter.api.Assertions.assertArrayEquals(seven.standardizer().mean(), six.standardizer().mean());
        org.junit.jupiter.api.Assertions.assertArrayEquals(seven.standardizer().std(), six.standardizer().std());
    }

    private static SavedModel assertAgreesWithOnnxRuntime(String what, ModelProto model, int features,
                                                         String describe) throws Exception {
        byte[] bytes = model.toByteArray();
        SavedModel saved = OnnxImport.decode(what, bytes);
        assertEquals(describe, saved.model().spec().describe());
        int rows = 23;
        float[] x = Graphs.values(new SplittableRandom(1), rows * features);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 3;
        }
        float[] ort = OnnxRuntimeOracle.run(bytes, x, rows, rows, features);
        Agreement.check(what + " vs ONNX Runtime", ort, Agreement.predict(saved, x, rows, Backend.scalar()));
        Agreement.check(what + " vs ONNX Runtime (default backend)", ort,
                Agreement.predict(saved, x, rows, BackendProvider.defaultBackend()));
        return saved;
    }
}
