package org.vecmlp.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.io.ModelFormatException;

/** What the importer refuses, each with the message a user sees (the file, the node, its op and why). */
class OnnxRejectTest {

    /** input x [N, 3] → Gemm g (w 3×2, b 2) → Relu r → y, after {@code edit}. */
    private static ModelProto model(int opset, Consumer<GraphProto.Builder> edit) {
        SplittableRandom random = new SplittableRandom(1);
        GraphProto.Builder g = Graphs.graph("x", 3, "y", 2)
                .addInitializer(Graphs.raw("w", random, 3, 2))
                .addInitializer(Graphs.raw("b", random, 2));
        g.addNode(Graphs.node("Gemm", "g", "z", "x", "w", "b"));
        g.addNode(Graphs.node("Relu", "r", "y", "z"));
        edit.accept(g);
        return Graphs.model(opset, g);
    }

    private static String refusal(ModelProto model) {
        return refusal(model.toByteArray());
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(ModelFormatException.class, () -> OnnxImport.decode("m.onnx", bytes)).getMessage();
    }

    @Test
    void theUneditedModelImports() throws Exception {
        assertEquals("3-2(relu) mse", OnnxImport.decode("m.onnx", model(13, g -> { }).toByteArray()).model().spec()
                .describe());
    }

    @Test
    void notProtobuf() {
        String m = refusal("hello, I am not a model".getBytes(StandardCharsets.UTF_8));
        assertEquals("m.onnx: not an ONNX model (it holds no graph and no opset)", m);
        m = refusal(new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
        assertTrue(m.startsWith("m.onnx: not an ONNX model (the protobuf does not parse: "), m);
    }

    @Test
    void anEmptyFile() {
        assertEquals("m.onnx: not an ONNX model (it holds no graph and no opset)", refusal(new byte[0]));
    }

    @Test
    void noDefaultOpset() {
        assertEquals("m.onnx: the model imports no opset of the default ONNX domain",
                refusal(model(13, g -> { }).toBuilder().clearOpsetImport().build()));
    }

    @Test
    void unsupportedOpsets() {
        assertEquals("m.onnx: opset 5 is not supported (opsets 6 to 21)", refusal(model(5, g -> { })));
        assertEquals("m.onnx: opset 22 is not supported (opsets 6 to 21)", refusal(model(22, g -> { })));
    }

    @Test
    void opsetSixWithoutBroadcast() {
        assertEquals("m.onnx: node g (Gemm) has broadcast=0 (opset 6): C must then have the output's shape "
                + "[N, units], which ties the model to one batch size; only broadcast=1 (a bias for every row) is "
                + "supported", refusal(model(6, g -> { })));
        SplittableRandom random = new SplittableRandom(2);
        GraphProto.Builder g = Graphs.graph("x", 3, "y", 2).addInitializer(Graphs.raw("w", random, 3, 2))
                .addInitializer(Graphs.raw("b", random, 2));
        g.addNode(Graphs.node("MatMul", "mm", "m", "x", "w"));
        g.addNode(Graphs.node("Add", "add", "y", "m", "b"));
        assertEquals("m.onnx: node add (Add) has broadcast=0 (opset 6), so its constant must have the value's shape "
                + "[N, features]; only broadcast=1 (one constant for every row) is supported",
                refusal(Graphs.model(6, g)));
        g.setNode(1, g.getNode(1).toBuilder().addAttribute(Graphs.intAttribute("broadcast", 1))
                .addAttribute(Graphs.intAttribute("axis", 0)));
        assertEquals("m.onnx: node add (Add) broadcasts its constant of shape [2] from axis 0; a per-feature "
                + "constant is aligned with the last axis", refusal(Graphs.model(6, g)));
    }

    @Test
    void foldingThatCannotBeDone() {
        SplittableRandom random = new SplittableRandom(3);
        GraphProto.Builder g = Graphs.graph("x", 3, "y", 2).addInitializer(Graphs.raw("wt", random, 2, 3));
        g.addNode(Graphs.node("Transpose", "tr", "w", "wt").addAttribute(Graphs.intsAttribute("perm", 0, 0)));
        g.addNode(Graphs.node("MatMul", "mm", "y", "x", "w"));
        assertEquals("m.onnx: node tr (Transpose) has perm [0, 0], which is not a permutation of the axes 0 to 1",
                refusal(Graphs.model(13, g)));
        g.setNode(0, Graphs.node("Reshape", "rs", "w", "wt", "shape").build());
        g.addInitializer(Graphs.int64("shape", 4, -1));
        assertEquals("m.onnx: node rs (Reshape) reshapes [2, 3] to [4, -1]", refusal(Graphs.model(13, g)));
        g.setNode(0, Graphs.node("Squeeze", "sq", "w", "wt", "shape").build());
        g.setInitializer(1, Graphs.int64("shape", 0));
        assertEquals("m.onnx: node sq (Squeeze) squeezes axis 0 of shape [2, 3], which is not of size 1",
                refusal(Graphs.model(13, g)));
    }

    @Test
    void aNameWithQuotesIsEscaped() {
        assertEquals("m.onnx: node 'r\\'s\\u000a' (Conv) is not supported: " + OnnxImport.SUPPORTED,
                refusal(model(13, g -> g.setNode(1, g.getNode(1).toBuilder().setOpType("Conv").setName("r's\n")))));
    }

    @Test
    void anotherOp() {
        assertEquals("m.onnx: node r (Conv) is not supported: an MLP graph has Gemm or MatMul + Add, Relu, "
                        + "LeakyRelu, Sigmoid, Tanh, Softmax, Flatten, Reshape, Identity, Sub/Div for "
                        + "standardisation, and Transpose, Reshape, Squeeze or Unsqueeze of constant weights",
                refusal(model(13, g -> g.setNode(1, g.getNode(1).toBuilder().setOpType("Conv")))));
    }

    @Test
    void anotherDomain() {
        assertEquals("m.onnx: node r (Relu) is in domain 'com.microsoft'; only the default ONNX domain is supported",
                refusal(model(13, g -> g.setNode(1, g.getNode(1).toBuilder().setDomain("com.microsoft")))));
    }

    @Test
    void aNonFloatInput() {
        assertEquals("m.onnx: input 'x' has element type double; only float is supported",
                refusal(model(13, g -> g.setInput(0, Graphs.value("x", TensorProto.DataType.DOUBLE_VALUE, 3)))));
    }

    @Test
    void nonFloatWeights() {
        assertEquals("m.onnx: node g (Gemm) uses 'w' of type double; only float weights are supported",
                refusal(model(13, g -> g.setInitializer(0, g.getInitializer(0).toBuilder()
                        .setDataType(TensorProto.DataType.DOUBLE_VALUE)))));
    }

    @Test
    void externalData() {
        assertEquals("m.onnx: node g (Gemm) reads 'w' from external data, which is not supported (save the model "
                + "with the weights inside the file)", refusal(model(13, g -> g.setInitializer(0, g.getInitializer(0)
                .toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)))));
    }

    @Test
    void truncatedRawData() {
        assertEquals("m.onnx: node g (Gemm) uses 'w' whose raw data has 20 bytes for 6 floats",
                refusal(model(13, g -> g.setInitializer(0, g.getInitializer(0).toBuilder()
                        .setRawData(ByteString.copyFrom(new byte[20]))))));
    }

    @Test
    void aBranch() {
        assertEquals("m.onnx: node r2 (Relu) also reads 'z': the graph is not a chain (each value may feed one node)",
                refusal(model(13, g -> g.addNode(Graphs.node("Relu", "r2", "y2", "z")))));
    }

    @Test
    void aCycle() {
        assertEquals("m.onnx: node loop (Identity) is reached twice: the graph has a cycle",
                refusal(model(13, g -> {
                    g.setNode(1, g.getNode(1).toBuilder().setOutput(0, "a"));
                    g.addNode(Graphs.node("Identity", "loop", "a", "a"));
                })));
    }

    @Test
    void aNodeOffTheChain() {
        assertEquals("m.onnx: node stray (Relu) is not on the chain from the input to the output",
                refusal(model(13, g -> g.addNode(Graphs.node("Relu", "stray", "s", "b")))));
    }

    @Test
    void twoDataInputs() {
        assertEquals("m.onnx: the graph has 2 data inputs [x, x2]; an MLP has one",
                refusal(model(13, g -> g.addInput(Graphs.value("x2", TensorProto.DataType.FLOAT_VALUE, 3)))));
    }

    @Test
    void softmaxOverTheBatch() {
        assertEquals("m.onnx: node r (Softmax) normalises over axis 0; only the feature axis (1 or -1) is supported",
                refusal(model(13, g -> g.setNode(1, g.getNode(1).toBuilder().setOpType("Softmax")
                        .addAttribute(Graphs.intAttribute("axis", 0))))));
    }

    @Test
    void aLeakySlopeOutsideZeroToOne() {
        assertEquals("m.onnx: node r (LeakyRelu) has alpha 1.5; vecmlp's leaky ReLU takes a slope in [0, 1)",
                refusal(model(13, g -> g.setNode(1, g.getNode(1).toBuilder().setOpType("LeakyRelu")
                        .addAttribute(Graphs.floatAttribute("alpha", 1.5f))))));
    }

    @Test
    void gemmWithTransA() {
        assertEquals("m.onnx: node g (Gemm) has transA=1, which would multiply along the batch; only transA=0 is "
                + "supported", refusal(model(13, g -> g.setNode(0, g.getNode(0).toBuilder()
                .addAttribute(Graphs.intAttribute("transA", 1))))));
    }

    @Test
    void weightsFromAComputedValue() {
        assertEquals("m.onnx: node g (Gemm) takes B ('w2') from a computed value; only constant weights are supported",
                refusal(model(13, g -> g.setNode(0, g.getNode(0).toBuilder().setInput(1, "w2")))));
    }

    @Test
    void twoActivationsInARow() {
        assertEquals("m.onnx: node t (Tanh) is an activation that does not follow a dense layer (Gemm, or MatMul + "
                + "Add)", refusal(model(13, g -> {
                    g.setNode(1, g.getNode(1).toBuilder().setOutput(0, "a"));
                    g.addNode(Graphs.node("Tanh", "t", "y", "a"));
                })));
    }

    @Test
    void mismatchedLayerWidths() {
        assertEquals("m.onnx: node g (Gemm) multiplies 4 inputs, but the value it reads has 3 features",
                refusal(model(13, g -> g.setInitializer(0, Graphs.raw("w", new SplittableRandom(2), 4, 2)))));
    }

    @Test
    void softmaxInsideTheNetwork() {
        String m = refusal(model(13, g -> {
            g.setNode(1, g.getNode(1).toBuilder().setOpType("Softmax").setOutput(0, "a"));
            g.addInitializer(Graphs.raw("w1", new SplittableRandom(3), 2, 2));
            g.addNode(Graphs.node("Gemm", "g1", "y", "a", "w1"));
        }));
        assertTrue(m.startsWith("m.onnx: hidden layer 1: softmax is an output-only activation"), m);
    }

    @Test
    void aFileThatIsMissingOrADirectory(@TempDir Path dir) throws Exception {
        assertThrows(NoSuchFileException.class, () -> OnnxImport.read(dir.resolve("none.onnx")));
        assertEquals(dir + ": not a regular file",
                assertThrows(ModelFormatException.class, () -> OnnxImport.read(dir)).getMessage());
        Path garbage = Files.write(dir.resolve("g.onnx"), new byte[] {8, 7, 18, 1});
        String m = assertThrows(ModelFormatException.class, () -> OnnxImport.read(garbage)).getMessage();
        assertTrue(m.startsWith(garbage + ": not an ONNX model"), m);
    }
}
