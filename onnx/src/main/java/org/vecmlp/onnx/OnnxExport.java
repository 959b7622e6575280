package org.vecmlp.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Standardizer;
import org.vecmlp.io.AtomicFiles;
import org.vecmlp.io.SavedModel;
import org.vecmlp.nn.Activation;
import org.vecmlp.tensor.ParameterLayout;

/**
 * Writes a vecmlp model as an ONNX graph (opset {@value #OPSET}, IR version {@value #IR_VERSION}) that ONNX Runtime
 * and {@link OnnxImport} read: input {@code input} of shape {@code [batch, inputs]}, the standardisation as
 * {@code Sub} and {@code Div} nodes, per layer a {@code Gemm} (W stored {@code in×out}, as vecmlp stores it, so
 * {@code transB = 0}) and its activation ({@code Relu}, {@code LeakyRelu}, {@code Sigmoid}, {@code Tanh},
 * {@code Softmax} over the last axis, or nothing for identity), output {@code output}. The model's metadata is
 * carried over as {@code metadata_props}, with the loss and class count, so an import gives the same model back.
 * A threshold (perceptron) output has no ONNX operator of the same meaning and is refused.
 */
public final class OnnxExport {
    /** The opset of the default domain the export writes. */
    public static final int OPSET = 17;
    /** The ONNX IR version the export writes (the one opset 17 came with). */
    public static final int IR_VERSION = 8;

    private OnnxExport() {
    }

    /**
     * Writes {@code saved} to {@code target} atomically (a temporary file, then a rename).
     *
     * @param saved   the model, its standardisation, classes and metadata
     * @param target the ONNX file
     * @throws IOException naming the target when it cannot be written
     * @throws IllegalArgumentException for a threshold output, which ONNX cannot express
     */
    public static void write(SavedModel saved, Path target) throws IOException {
        byte[] bytes = encode(saved).toByteArray();
        AtomicFiles.write(target, bytes);
    }

    /**
     * Writes a model without standardisation or metadata.
     *
     * @param model   the model
     * @param target the ONNX file
     * @throws IOException naming the target when it cannot be written
     */
    public static void write(Mlp model, Path target) throws IOException {
        write(new SavedModel(model, null, 0, Map.of()), target);
    }

    /**
     * The ONNX model of {@code saved}.
     *
     * @param saved the model, its standardisation, classes and metadata
     * @return the ONNX model
     */
    public static ModelProto encode(SavedModel saved) {
        MlpSpec spec = saved.model().spec();
        ParameterLayout layout = saved.model().layout();
        float[] params = saved.model().parameters();
        GraphProto.Builder graph = GraphProto.newBuilder().setName("vecmlp " + spec.describe());
        graph.addInput(valueInfo("input", spec.inputs()));
        String current = "input";
        Standardizer standardizer = saved.standardizer();
        if (standardizer != null) {
            graph.addInitializer(tensor("mean", standardizer.mean(), 0, standardizer.features()));
            graph.addInitializer(tensor("std", standardizer.std(), 0, standardizer.features()));
            graph.addNode(node("Sub", "standardise_sub", current, "mean", "centred"));
            graph.addNode(node("Div", "standardise_div", "centred", "std", "standardised"));
            current = "standardised";
        }
        int count = spec.layers().size();
        for (int l = 0; l < count; l++) {
            Activation activation = spec.layers().get(l).activation();
            if (activation.kind() == Activation.Kind.THRESHOLD) {
                throw new IllegalArgumentException("layer " + (l + 1) + ": a threshold (perceptron) output has no "
                        + "ONNX operator of the same meaning; export supports identity, sigmoid, tanh, relu, "
                        + "leaky-relu and softmax");
            }
            int in = layout.fanIn(l), out = layout.fanOut(l);
            boolean last = l == count - 1;
            String w = "layer" + l + ".weight", b = "layer" + l + ".bias";
            graph.addInitializer(tensor(w, params, layout.weightOffset(l), in, out));
            graph.addInitializer(tensor(b, params, layout.biasOffset(l), out));
            boolean identity = activation.kind() == Activation.Kind.IDENTITY;
            String z = last && identity ? "output" : "layer" + l + ".z";
            graph.addNode(NodeProto.newBuilder().setOpType("Gemm").setName("layer" + l + "_gemm")
                    .addInput(current).addInput(w).addInput(b).addOutput(z));
            current = z;
            if (!identity) {
                String a = last ? "output" : "layer" + l + ".a";
                NodeProto.Builder act = NodeProto.newBuilder().setName("layer" + l + "_" + activation.kind().name()
                        .toLowerCase(java.util.Locale.ROOT)).addInput(current).addOutput(a);
                switch (activation.kind()) {
                    case RELU -> act.setOpType("Relu");
                    case LEAKY_RELU -> act.setOpType("LeakyRelu").addAttribute(AttributeProto.newBuilder()
                            .setName("alpha").setType(AttributeProto.AttributeType.FLOAT).setF(activation.alpha()));
                    case SIGMOID -> act.setOpType("Sigmoid");
                    case TANH -> act.setOpType("Tanh");
                    case SOFTMAX -> act.setOpType("Softmax").addAttribute(AttributeProto.newBuilder()
                            .setName("axis").setType(AttributeProto.AttributeType.INT).setI(-1));
                    default -> throw new IllegalStateException("unexpected activation " + activation);
                }
                graph.addNode(act);
                current = a;
            }
        }
        graph.addOutput(valueInfo("output", spec.outputs()));
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("vecmlp")
                .setProducerVersion(version()).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        Map<String, String> metadata = new TreeMap<>(saved.metadata());
        metadata.put(OnnxImport.LOSS_KEY, spec.loss().cliName());
        metadata.put(OnnxImport.CLASSES_KEY, Integer.toString(saved.classes()));
        metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    private static String version() {
        String v = OnnxExport.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    private static NodeProto node(String op, String name, String a, String b, String out) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addInput(a).addInput(b).addOutput(out).build();
    }

    private static ValueInfoProto valueInfo(String name, int features) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** A float tensor of the given dims from {@code values[off..]}, as little-endian raw data. */
    static TensorProto tensor(String name, float[] values, int off, int... dims) {
        int count = 1;
        for (int d : dims) {
            count *= d;
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values, off, count);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (int d : dims) {
            t.addDims(d);
        }
        return t.build();
    }
}
