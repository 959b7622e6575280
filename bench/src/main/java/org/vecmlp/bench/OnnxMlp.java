package org.vecmlp.bench;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.nn.Activation;
import org.vecmlp.tensor.ParameterLayout;

/**
 * The same network and weights as an ONNX graph, for ONNX Runtime as the peer of the inference benchmark: per layer a
 * {@code Gemm} (x·W + b, W stored k×n as vecmlp stores it) and its activation, softmax on the last axis; input
 * {@code x} of shape [N, inputs] with a symbolic batch, output {@code y}. Opset 17.
 */
final class OnnxMlp {
    private OnnxMlp() {
    }

    static byte[] build(MlpSpec spec, float[] params) {
        ParameterLayout layout = new ParameterLayout(spec.widths());
        GraphProto.Builder graph = GraphProto.newBuilder().setName("vecmlp");
        graph.addInput(floatMatrix("x", spec.inputs()));
        String in = "x";
        int count = spec.layers().size();
        for (int l = 0; l < count; l++) {
            int k = layout.fanIn(l), n = layout.fanOut(l);
            graph.addInitializer(tensor("W" + l, params, layout.weightOffset(l), k, n));
            graph.addInitializer(tensor("b" + l, params, layout.biasOffset(l), n));
            String z = "z" + l;
            graph.addNode(NodeProto.newBuilder().setOpType("Gemm").addInput(in).addInput("W" + l).addInput("b" + l)
                    .addOutput(z).setName("gemm" + l));
            String out = l == count - 1 ? "y" : "a" + l;
            Activation act = spec.layers().get(l).activation();
            NodeProto.Builder node = NodeProto.newBuilder().addInput(z).addOutput(out).setName("act" + l);
            switch (act.kind()) {
                case RELU -> node.setOpType("Relu");
                case TANH -> node.setOpType("Tanh");
                case SIGMOID -> node.setOpType("Sigmoid");
                case IDENTITY -> node.setOpType("Identity");
                case SOFTMAX -> node.setOpType("Softmax").addAttribute(OnnxMl.AttributeProto.newBuilder()
                        .setName("axis").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(-1));
                case LEAKY_RELU -> node.setOpType("LeakyRelu").addAttribute(OnnxMl.AttributeProto.newBuilder()
                        .setName("alpha").setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(act.alpha()));
                default -> throw new IllegalArgumentException("no ONNX op for " + act);
            }
            graph.addNode(node);
            in = out;
        }
        graph.addOutput(floatMatrix("y", spec.outputs()));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("vecmlp-bench")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph).build().toByteArray();
    }

    private static ValueInfoProto floatMatrix(String name, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private static TensorProto tensor(String name, float[] values, int off, int... dims) {
        int size = 1;
        for (int d : dims) {
            size *= d;
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size; i++) {
            bytes.putFloat(values[off + i]);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (int d : dims) {
            t.addDims(d);
        }
        return t.build();
    }
}
