package org.vecmlp.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecmlp.io.ModelFormatException;
import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.Backend;

/**
 * The ONNX project's own conformance data for the ops of an MLP (the node tests of Gemm and the activations, and
 * the PyTorch-converted layers at opset 6; {@code conformance/README.md} says where they come from): each model
 * either imports and reproduces the reference output within 1e-5 relative, or is refused with its stated reason.
 *
 * <p>A node test's inputs after the first (Gemm's B and C) are bound to their test values as initializers, which
 * makes the node a layer with constant weights, the only form an MLP has.
 */
class OnnxConformanceTest {
    private static final String ACCEPTED = "";

    /** Every case in the folder, with the empty string where it must import, else the exact refusal. */
    private static final Map<String, String> EXPECTED = expected();

    private static Map<String, String> expected() {
        Map<String, String> m = new LinkedHashMap<>();
        String noLayer = "is an activation that does not follow a dense layer (Gemm, or MatMul + Add)";
        for (String gemm : List.of("alpha", "beta", "default_no_bias", "default_scalar_bias",
                "default_single_elem_vector_bias", "default_vector_bias", "default_zero_bias", "transposeB")) {
            m.put("node/test_gemm_" + gemm, ACCEPTED);
        }
        String transA = "has transA=1, which would multiply along the batch; only transA=0 is supported";
        m.put("node/test_gemm_all_attributes", "node #0 (Gemm) " + transA);
        m.put("node/test_gemm_transposeA", "node #0 (Gemm) " + transA);
        m.put("node/test_gemm_default_matrix_bias", "node #0 (Gemm) has a bias of shape [3, 4]; it must broadcast "
                + "over the rows ([n], [1, n] or a scalar)");
        for (String op : List.of("sigmoid_example", "tanh_example", "leakyrelu_example")) {
            m.put("node/test_" + op, "input 'x' has rank 1; an MLP takes a batch of rows [N, features]");
        }
        for (String op : List.of("relu", "sigmoid", "tanh", "leakyrelu", "leakyrelu_default")) {
            String type = switch (op.replaceAll("_.*", "")) {
                case "relu" -> "Relu";
                case "sigmoid" -> "Sigmoid";
                case "tanh" -> "Tanh";
                default -> "LeakyRelu";
            };
            m.put("node/test_" + op, "node #0 (" + type + ") " + noLayer);
        }
        for (String softmax : List.of("axis_0", "axis_1", "axis_2", "default_axis", "example", "large_number",
                "negative_axis")) {
            m.put("node/test_softmax_" + softmax, "node #0 (Softmax) " + (softmax.equals("axis_0")
                    || softmax.equals("axis_2") ? "normalises over axis " + softmax.substring(5)
                    + "; only the feature axis (1 or -1) is supported" : noLayer));
            // Softmax written out as ReduceMax, Sub, Exp, ReduceSum, Div: x feeds two nodes.
            m.put("node/test_softmax_" + softmax + "_expanded", "node #2 (Sub) also reads 'x': the graph is not a "
                    + "chain (each value may feed one node)");
        }
        m.put("pytorch-converted/test_Linear", ACCEPTED);
        m.put("pytorch-converted/test_Linear_no_bias", ACCEPTED);
        m.put("pytorch-converted/test_ReLU", "node #0 (Relu) " + noLayer);
        m.put("pytorch-converted/test_Sigmoid", "node #0 (Sigmoid) " + noLayer);
        m.put("pytorch-converted/test_Tanh", "node #0 (Tanh) " + noLayer);
        m.put("pytorch-converted/test_Softmax", "node #0 (Softmax) " + noLayer);
        m.put("pytorch-converted/test_LeakyReLU", "node #0 (LeakyRelu) " + noLayer);
        m.put("pytorch-converted/test_LeakyReLU_with_negval", "node #0 (LeakyRelu) " + noLayer);
        return m;
    }

    private static Path root() throws URISyntaxException {
        var url = OnnxConformanceTest.class.getResource("conformance");
        assertNotNull(url, "the conformance data is on the test class path");
        return Path.of(url.toURI());
    }

    static Stream<String> cases() {
        return EXPECTED.keySet().stream();
    }

    @Test
    void everyCaseInTheFolderHasAnExpectation() throws Exception {
        TreeSet<String> found = new TreeSet<>();
        for (String group : List.of("node", "pytorch-converted")) {
            try (Stream<Path> dirs = Files.list(root().resolve(group))) {
                dirs.forEach(d -> found.add(group + "/" + d.getFileName()));
            }
        }
        assertEquals(new TreeSet<>(EXPECTED.keySet()), found);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importsAndMatchesTheReferenceOrIsRefusedWithItsReason(String name) throws Exception {
        Path dir = root().resolve(name);
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("model.onnx")));
        List<TensorProto> inputs = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve("test_data_set_0/input_" + i + ".pb")); i++) {
            inputs.add(tensor(dir.resolve("test_data_set_0/input_" + i + ".pb")));
        }
        TensorProto expectedOutput = tensor(dir.resolve("test_data_set_0/output_0.pb"));
        byte[] bytes = bindWeights(model, inputs).toByteArray();
        String expected = EXPECTED.get(name);
        SavedModel imported;
        try {
            imported = OnnxImport.decode(name, bytes);
        } catch (ModelFormatException e) {
            assertEquals(name + ": " + expected, e.getMessage(), "refused");
            return;
        }
        assertEquals(ACCEPTED, expected, name + " imported (" + imported.model().spec().describe()
                + ") but should be refused");
        TensorProto x = inputs.get(0);
        assertEquals(2, x.getDimsCount(), "an imported model's input is [N, features]");
        int rows = (int) x.getDims(0);
        float[] got = new float[rows * imported.model().spec().outputs()];
        imported.predictor(Backend.scalar()).predict(floats(x), rows, got);
        float[] want = floats(expectedOutput);
        assertEquals(want.length, got.length, "output size");
        for (int i = 0; i < want.length; i++) {
            double tolerance = 1e-5 * Math.abs(want[i]) + 1e-7;
            assertTrue(Math.abs(got[i] - want[i]) <= tolerance,
                    name + ": output " + i + " is " + got[i] + ", the reference " + want[i]);
        }
    }

    /** The model with every graph input after the first bound to its test value as an initializer. */
    private static ModelProto bindWeights(ModelProto model, List<TensorProto> inputs) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        TreeSet<String> initialized = new TreeSet<>();
        g.getInitializerList().forEach(t -> initialized.add(t.getName()));
        int data = 0; // graph inputs that are not initializers, in order: the test data sets follow that order
        for (int i = 0; i < g.getInputCount(); i++) {
            String input = g.getInput(i).getName();
            if (initialized.contains(input)) {
                continue;
            }
            if (data > 0) {
                g.addInitializer(inputs.get(data).toBuilder().setName(input));
            }
            data++;
        }
        if (data != inputs.size()) {
            fail("the model has " + data + " data inputs but the test data " + inputs.size());
        }
        return model.toBuilder().setGraph(g).build();
    }

    private static TensorProto tensor(Path file) throws IOException {
        return TensorProto.parseFrom(Files.readAllBytes(file));
    }

    private static float[] floats(TensorProto t) {
        assertEquals(TensorProto.DataType.FLOAT_VALUE, t.getDataType(), t.getName());
        if (!t.getRawData().isEmpty()) {
            float[] v = new float[t.getRawData().size() / 4];
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            return v;
        }
        float[] v = new float[t.getFloatDataCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getFloatData(i);
        }
        return v;
    }
}
