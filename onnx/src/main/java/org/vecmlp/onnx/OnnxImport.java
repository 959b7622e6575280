package org.vecmlp.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Standardizer;
import org.vecmlp.io.ModelFormatException;
import org.vecmlp.io.SavedModel;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.tensor.ParameterLayout;

/**
 * Reads an ONNX model that is a multi-layer perceptron into a vecmlp model: the graphs {@code torch.onnx.export}
 * writes for an {@code nn.Sequential} of {@code Linear}, {@code ReLU}, {@code LeakyReLU}, {@code Sigmoid},
 * {@code Tanh}, {@code Softmax}, {@code Identity} and {@code Flatten}, and those tf2onnx writes for Keras
 * {@code Dense} layers. Accepted, from the one float input to the one output, as a chain (each value feeds the next
 * node only):
 * <ul>
 *   <li>{@code Flatten} (axis 1) and {@code Reshape} to {@code [N, features]}, before the first layer;</li>
 *   <li>{@code Sub} then {@code Div} by constant vectors before the first layer: the input standardisation;</li>
 *   <li>a dense layer: {@code Gemm} (transB, alpha, beta; C of shape [n], [1, n] or a scalar, or absent; transA
 *   must be 0, since the batch runs along the rows) or {@code MatMul} by a constant followed by an optional
 *   {@code Add} of a constant bias;</li>
 *   <li>its activation: {@code Relu}, {@code LeakyRelu}, {@code Sigmoid}, {@code Tanh}, {@code Softmax} over the
 *   feature axis (axis 1 or -1 whatever the opset's default), or none (identity); {@code Identity} nodes anywhere.</li>
 * </ul>
 * Opsets 6 to 21 of the default domain: what older exporters write means the same for these ops (opset 6's
 * {@code broadcast} attribute of {@code Gemm} and {@code Add}/{@code Sub}/{@code Div} with {@code broadcast=1} is
 * the later implicit broadcasting of a bias or a per-feature constant). Initializers (and {@code Constant} nodes) as
 * {@code raw_data} or {@code float_data}; {@code Transpose}, {@code Reshape}, {@code Squeeze}, {@code Unsqueeze} and
 * {@code Identity} of constants (PyTorch's older exports transpose a {@code Linear} weight before {@code MatMul}) are
 * folded into constants at import. Anything else is refused with a {@link ModelFormatException} naming the node, its
 * op and why.
 *
 * <p>The output layer's loss, which ONNX does not carry, follows its activation: softmax → cross-entropy, sigmoid →
 * binary cross-entropy, otherwise mean squared error; a model exported by vecmlp ({@link OnnxExport}) carries its
 * own loss and class count in the metadata, and the rest of the metadata is kept.
 */
public final class OnnxImport {
    /** The oldest opset of the default domain whose semantics for these ops are implemented. */
    public static final int MIN_OPSET = 6;
    /** The newest opset of the default domain whose semantics for these ops are implemented. */
    public static final int MAX_OPSET = 21;

    /** What the importer reads, as its refusal of another op says. */
    static final String SUPPORTED = "an MLP graph has Gemm or MatMul + Add, Relu, LeakyRelu, Sigmoid, Tanh, "
            + "Softmax, Flatten, Reshape, Identity, Sub/Div for standardisation, and Transpose, Reshape, Squeeze or "
            + "Unsqueeze of constant weights";

    static final String LOSS_KEY = "vecmlp.loss";
    static final String CLASSES_KEY = "vecmlp.classes";

    private OnnxImport() {
    }

    /** A name from the file, as a message shows it ({@link org.vecmlp.data.TextQuoting}). */
    static String quoted(String name) {
        return org.vecmlp.data.TextQuoting.quoted(name);
    }

    /** A node's name as it is when plain (letters, digits, {@code _ . / : -}), else {@link #quoted}. */
    static String quotedIfNeeded(String name) {
        return name.matches("[A-Za-z0-9_./:-]+") ? name : quoted(name);
    }

    /**
     * Reads {@code file} (checking its size against the heap first).
     *
     * @param file an ONNX file
     * @return the model, with its standardisation when the graph has one
     * @throws IOException when the file cannot be read, or a {@link ModelFormatException} naming the node, its op and why
     */
    public static SavedModel read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            throw new ModelFormatException(file + ": not a regular file");
        }
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException(file + ": " + size + " bytes; ONNX files past 2 GiB keep their weights as "
                    + "external data, which is not supported");
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (3 * size > free) {
            throw new ModelFormatException(file + ": " + size + " bytes need about " + 3 * size
                    + " bytes of heap to import, but only " + free + " are free (raise -Xmx)");
        }
        return decode(file.toString(), Files.readAllBytes(file));
    }

    /**
     * Decodes the bytes of an ONNX model; {@code name} appears in every error message.
     *
     * @param name   the file's name, used in messages
     * @param bytes the whole file
     * @return the model, with its standardisation when the graph has one
     * @throws ModelFormatException naming the node, its op and why
     */
    public static SavedModel decode(String name, byte[] bytes) throws ModelFormatException {
        ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(Integer.MAX_VALUE);
            model = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFormatException(name + ": not an ONNX model (the protobuf does not parse: "
                    + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ModelFormatException(name + ": not an ONNX model (" + e.getMessage() + ")");
        }
        return new Reader(name, model).read();
    }

    /** One import: the graph's values, then the walk along the chain. */
    private static final class Reader {
        private final String name;
        private final ModelProto model;
        private final GraphProto graph;
        private final Map<String, TensorProto> constants = new HashMap<>();
        private final Map<String, List<Integer>> consumers = new HashMap<>();
        private final Set<Integer> visited = new HashSet<>();
        private int opset;

        // What the walk has found so far.
        private int features = -1;
        private int inputRank;
        private float[] mean;
        private float[] std;
        private final List<Layer> layers = new ArrayList<>();
        private Layer open; // the dense layer whose activation may follow

        /** A dense layer as read: {@code matMul} when its bias may still come from an {@code Add}. */
        private record Layer(int in, int out, float[] weights, float[] bias, Activation activation, boolean matMul,
                             boolean biased) {
            Layer withBias(float[] b) {
                return new Layer(in, out, weights, b, activation, matMul, true);
            }

            Layer withActivation(Activation a) {
                return new Layer(in, out, weights, bias, a, matMul, biased);
            }
        }

        Reader(String name, ModelProto model) {
            this.name = name;
            this.model = model;
            this.graph = model.getGraph();
        }

        SavedModel read() throws ModelFormatException {
            if (!model.hasGraph() && model.getOpsetImportCount() == 0) {
                // Protobuf reads almost any bytes as some message; an ONNX model has at least these two.
                throw fail("not an ONNX model (it holds no graph and no opset)");
            }
            checkOpset();
            if (!model.hasGraph() || graph.getNodeCount() == 0) {
                throw fail("the model has no graph nodes");
            }
            for (TensorProto t : graph.getInitializerList()) {
                constants.put(t.getName(), t);
            }
            for (int i = 0; i < graph.getNodeCount(); i++) {
                NodeProto node = graph.getNode(i);
                if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
                    throw fail(node, i, "is in domain " + quoted(node.getDomain()) + "; only the default ONNX domain "
                            + "is supported");
                }
                if (node.getOutputCount() != 1) {
                    throw fail(node, i, "has " + node.getOutputCount() + " outputs; the chain's nodes have one");
                }
                if (node.getOpType().equals("Constant")) {
                    constants.put(node.getOutput(0), constantValue(node, i));
                    visited.add(i);
                    continue;
                }
                if (ConstantFolding.folds(node.getOpType()) && node.getInputCount() > 0
                        && node.getInputList().stream().allMatch(in -> in.isEmpty() || constants.containsKey(in))) {
                    // Nodes come in topological order, so a constant's producers were seen before it.
                    constants.put(node.getOutput(0), fold(node, i));
                    visited.add(i);
                    continue;
                }
                for (String input : node.getInputList()) {
                    consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(i);
                }
            }
            String current = dataInput();
            String output = graphOutput();
            while (!current.equals(output)) {
                List<Integer> next = consumers.getOrDefault(current, List.of());
                if (next.isEmpty()) {
                    throw fail("value " + quoted(current) + " feeds no node, but the graph's output is "
                            + quoted(output));
                }
                if (next.size() > 1) {
                    throw fail(graph.getNode(next.get(1)), next.get(1), "also reads " + quoted(current)
                            + ": the graph is not a chain (each value may feed one node)");
                }
                int index = next.get(0);
                if (!visited.add(index)) {
                    throw fail(graph.getNode(index), index, "is reached twice: the graph has a cycle");
                }
                current = step(graph.getNode(index), index, current);
            }
            for (int i = 0; i < graph.getNodeCount(); i++) {
                if (!visited.contains(i)) {
                    throw fail(graph.getNode(i), i, "is not on the chain from the input to the output");
                }
            }
            closeLayer();
            if (layers.isEmpty()) {
                throw fail("the graph has no dense layer (Gemm, or MatMul by a constant)");
            }
            return build();
        }

        private void checkOpset() throws ModelFormatException {
            opset = -1;
            for (OperatorSetIdProto id : model.getOpsetImportList()) {
                if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
                    opset = (int) id.getVersion();
                }
            }
            if (opset < 0) {
                throw fail("the model imports no opset of the default ONNX domain");
            }
            if (opset < MIN_OPSET || opset > MAX_OPSET) {
                throw fail("opset " + opset + " is not supported (opsets " + MIN_OPSET + " to " + MAX_OPSET + ")");
            }
        }

        /** The one graph input that is not an initializer: float, rank 2 or more. */
        private String dataInput() throws ModelFormatException {
            List<ValueInfoProto> inputs = new ArrayList<>();
            for (ValueInfoProto v : graph.getInputList()) {
                if (!constants.containsKey(v.getName())) {
                    inputs.add(v);
                }
            }
            if (inputs.size() != 1) {
                List<String> names = inputs.stream().map(ValueInfoProto::getName).toList();
                throw fail("the graph has " + inputs.size() + " data inputs " + names + "; an MLP has one");
            }
            ValueInfoProto input = inputs.get(0);
            if (input.getType().hasTensorType()) {
                int type = input.getType().getTensorType().getElemType();
                if (type != TensorProto.DataType.FLOAT_VALUE) {
                    throw fail("input " + quoted(input.getName()) + " has element type " + typeName(type)
                            + "; only float is supported");
                }
                TensorShapeProto shape = input.getType().getTensorType().getShape();
                inputRank = shape.getDimCount();
                if (input.getType().getTensorType().hasShape() && inputRank < 2) {
                    throw fail("input " + quoted(input.getName()) + " has rank " + inputRank
                            + "; an MLP takes a batch of rows [N, features]");
                }
                if (inputRank >= 2) {
                    long product = 1;
                    for (int d = 1; d < inputRank; d++) {
                        TensorShapeProto.Dimension dim = shape.getDim(d);
                        product = dim.hasDimValue() && product > 0 ? product * dim.getDimValue() : -1;
                    }
                    features = product > 0 && product <= Integer.MAX_VALUE ? (int) product : -1;
                }
            } else {
                throw fail("input " + quoted(input.getName()) + " is not a tensor");
            }
            if (inputRank == 0) {
                inputRank = 2; // no shape given: take it as [N, features], features from the first layer
            }
            return input.getName();
        }

        private String graphOutput() throws ModelFormatException {
            if (graph.getOutputCount() != 1) {
                throw fail("the graph has " + graph.getOutputCount() + " outputs; an MLP has one");
            }
            return graph.getOutput(0).getName();
        }

        /** Interprets one node of the chain, whose data input is {@code current}; returns its output. */
        private String step(NodeProto node, int index, String current) throws ModelFormatException {
            String op = node.getOpType();
            if (node.getOutputCount() != 1) {
                throw fail(node, index, "has " + node.getOutputCount() + " outputs; the chain's nodes have one");
            }
            switch (op) {
                case "Identity" -> { }
                case "Flatten" -> flatten(node, index);
                case "Reshape" -> reshape(node, index);
                case "Sub" -> standardise(node, index, current, true);
                case "Div" -> standardise(node, index, current, false);
                case "Gemm" -> gemm(node, index, current);
                case "MatMul" -> matMul(node, index, current);
                case "Add" -> addBias(node, index, current);
                case "Relu" -> activate(node, index, Activation.RELU);
                case "LeakyRelu" -> activate(node, index, leakyRelu(node, index));
                case "Sigmoid" -> activate(node, index, Activation.SIGMOID);
                case "Tanh" -> activate(node, index, Activation.TANH);
                case "Softmax" -> softmax(node, index);
                default -> throw fail(node, index, "is not supported: " + SUPPORTED);
            }
            return node.getOutput(0);
        }

        private void flatten(NodeProto node, int index) throws ModelFormatException {
            beforeLayers(node, index);
            long axis = NodeAttributes.integer(node, "axis", 1);
            if (axis != 1 && !(axis == -1 && inputRank == 2)) {
                throw fail(node, index, "flattens at axis " + axis + "; only axis 1 (rows stay rows) is supported");
            }
            inputRank = 2;
        }

        private void reshape(NodeProto node, int index) throws ModelFormatException {
            beforeLayers(node, index);
            if (node.getInputCount() < 2 || !constants.containsKey(node.getInput(1))) {
                throw fail(node, index, "takes its shape from a computed value; only a constant shape is supported");
            }
            long[] shape = longs(constants.get(node.getInput(1)), node, index);
            boolean rowsKept = shape.length == 2 && (shape[0] == -1 || shape[0] == 0);
            boolean featuresKnown = shape.length == 2 && (shape[1] > 0 || (shape[1] == -1 && shape[0] == 0));
            if (!rowsKept || !featuresKnown) {
                throw fail(node, index, "reshapes to " + java.util.Arrays.toString(shape)
                        + "; only [N, features] with N as -1 or 0 is supported");
            }
            if (shape[1] > 0) {
                if (features > 0 && features != shape[1]) {
                    throw fail(node, index, "reshapes " + features + " features per row into " + shape[1]);
                }
                features = (int) shape[1];
            }
            inputRank = 2;
        }

        /** {@code Sub} (the mean) or {@code Div} (the standard deviation) by a constant, before the first layer. */
        private void standardise(NodeProto node, int index, String current, boolean sub)
                throws ModelFormatException {
            beforeLayers(node, index);
            if (inputRank != 2) {
                throw fail(node, index, "comes before the input is flattened to [N, features]");
            }
            if (node.getInputCount() != 2 || !node.getInput(0).equals(current)
                    || !constants.containsKey(node.getInput(1))) {
                throw fail(node, index, "must be (input " + (sub ? "−" : "/") + " constant) to be a standardisation");
            }
            if (sub ? mean != null || std != null : std != null) {
                throw fail(node, index, "repeats a standardisation step (Sub then Div, once each)");
            }
            checkLegacyBroadcast(node, index, constants.get(node.getInput(1)));
            float[] v = vector(constants.get(node.getInput(1)), node, index);
            if (sub) {
                mean = v;
            } else {
                for (float s : v) {
                    if (!(Float.isFinite(s) && s != 0f)) {
                        throw fail(node, index, "divides by " + s + "; a standard deviation must be finite and not 0");
                    }
                }
                std = v;
            }
        }

        private void gemm(NodeProto node, int index, String current) throws ModelFormatException {
            if (node.getInputCount() < 2 || !node.getInput(0).equals(current)) {
                throw fail(node, index, "must take the chain's value as A");
            }
            if (NodeAttributes.integer(node, "transA", 0) != 0) {
                throw fail(node, index, "has transA=1, which would multiply along the batch; only transA=0 is "
                        + "supported");
            }
            if (opset < 7 && node.getInputCount() > 2 && NodeAttributes.integer(node, "broadcast", 0) == 0) {
                throw fail(node, index, "has broadcast=0 (opset " + opset + "): C must then have the output's shape "
                        + "[N, units], which ties the model to one batch size; only broadcast=1 (a bias for every "
                        + "row) is supported");
            }
            boolean transB = NodeAttributes.integer(node, "transB", 0) != 0;
            float alpha = NodeAttributes.real(node, "alpha", 1f);
            float beta = NodeAttributes.real(node, "beta", 1f);
            TensorProto b = constant(node, index, 1, "B");
            float[][] w = matrix(b, node, index, transB, alpha); // [out][in]
            int in = w[0].length;
            int out = w.length;
            float[] bias = new float[out];
            if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
                TensorProto c = constant(node, index, 2, "C");
                bias = broadcastBias(c, out, node, index);
                for (int j = 0; j < out; j++) {
                    bias[j] *= beta;
                }
            }
            openLayer(node, index, in, out, w, bias, false);
        }

        private void matMul(NodeProto node, int index, String current) throws ModelFormatException {
            if (node.getInputCount() != 2 || !node.getInput(0).equals(current)) {
                throw fail(node, index, "must be (the chain's value) × (a constant matrix)");
            }
            TensorProto b = constant(node, index, 1, "B");
            float[][] w = matrix(b, node, index, false, 1f);
            openLayer(node, index, w[0].length, w.length, w, new float[w.length], true);
        }

        private void addBias(NodeProto node, int index, String current) throws ModelFormatException {
            if (open == null || open.activation() != null || !open.matMul()) {
                throw fail(node, index, "adds a constant that is not the bias of a MatMul just before it");
            }
            if (node.getInputCount() != 2) {
                throw fail(node, index, "has " + node.getInputCount() + " inputs");
            }
            int other = node.getInput(0).equals(current) ? 1 : 0;
            if (!node.getInput(1 - other).equals(current) || !constants.containsKey(node.getInput(other))) {
                throw fail(node, index, "must add a constant bias to the chain's value");
            }
            if (open.biased()) {
                throw fail(node, index, "adds a second bias to one layer");
            }
            checkLegacyBroadcast(node, index, constants.get(node.getInput(other)));
            open = open.withBias(broadcastBias(constants.get(node.getInput(other)), open.out(), node, index));
        }

        private Activation leakyRelu(NodeProto node, int index) throws ModelFormatException {
            float alpha = NodeAttributes.real(node, "alpha", 0.01f);
            if (!(alpha >= 0f && alpha < 1f)) {
                throw fail(node, index, "has alpha " + alpha + "; vecmlp's leaky ReLU takes a slope in [0, 1)");
            }
            return Activation.leakyRelu(alpha);
        }

        private void softmax(NodeProto node, int index) throws ModelFormatException {
            // Opsets < 13 coerce to 2-D at `axis` (default 1); 13+ normalise over `axis` (default -1). On [N, C]
            // both mean the row when axis is 1 or -1.
            long axis = NodeAttributes.integer(node, "axis", opset < 13 ? 1 : -1);
            if (axis != 1 && axis != -1) {
                throw fail(node, index, "normalises over axis " + axis + "; only the feature axis (1 or -1) is "
                        + "supported");
            }
            activate(node, index, Activation.SOFTMAX);
        }

        private void activate(NodeProto node, int index, Activation activation) throws ModelFormatException {
            if (open == null || open.activation() != null) {
                throw fail(node, index, "is an activation that does not follow a dense layer (Gemm, or MatMul + "
                        + "Add)");
            }
            open = open.withActivation(activation);
            closeLayer();
        }

        private void openLayer(NodeProto node, int index, int in, int out, float[][] w, float[] bias,
                               boolean matMul) throws ModelFormatException {
            closeLayer();
            int expectedIn = layers.isEmpty() ? features : layers.get(layers.size() - 1).out();
            if (expectedIn > 0 && expectedIn != in) {
                throw fail(node, index, "multiplies " + in + " inputs, but the value it reads has " + expectedIn
                        + " features");
            }
            if (layers.isEmpty()) {
                if (inputRank != 2) {
                    throw fail(node, index, "reads a value of rank " + inputRank
                            + "; flatten it to [N, features] first");
                }
                features = in;
            }
            float[] flat = new float[in * out];
            for (int j = 0; j < out; j++) {
                for (int i = 0; i < in; i++) {
                    flat[i * out + j] = w[j][i];
                }
            }
            open = new Layer(in, out, flat, bias, null, matMul, false);
        }

        private void closeLayer() {
            if (open != null) {
                layers.add(open.activation() == null ? open.withActivation(Activation.IDENTITY) : open);
                open = null;
            }
        }

        /**
         * Before opset 7, {@code Add}, {@code Sub} and {@code Div} broadcast only with {@code broadcast=1}, and then
         * align the constant's axes from {@code axis} (default: its trailing axes). A per-feature constant on
         * [N, features] needs the trailing alignment (axis 1, or -1 for a 1-D constant); without broadcast the
         * shapes must be equal, which a constant of one row is only for a batch of one.
         */
        private void checkLegacyBroadcast(NodeProto node, int index, TensorProto constant)
                throws ModelFormatException {
            if (opset >= 7) {
                return;
            }
            if (NodeAttributes.integer(node, "broadcast", 0) == 0) {
                throw fail(node, index, "has broadcast=0 (opset " + opset + "), so its constant must have the "
                        + "value's shape [N, features]; only broadcast=1 (one constant for every row) is supported");
            }
            int rank = constant.getDimsCount();
            long axis = NodeAttributes.integer(node, "axis", 2 - Math.max(rank, 1)); // trailing alignment on a rank-2 value
            if (axis != 2 - Math.max(rank, 1) && !(rank == 1 && axis == -1)) {
                throw fail(node, index, "broadcasts its constant of shape " + constant.getDimsList() + " from axis "
                        + axis + "; a per-feature constant is aligned with the last axis");
            }
        }

        /** The constant a folded node ({@link ConstantFolding#folds}) makes of its constant inputs. */
        private TensorProto fold(NodeProto node, int index) throws ModelFormatException {
            List<TensorProto> inputs = new ArrayList<>();
            for (String in : node.getInputList()) {
                inputs.add(in.isEmpty() ? null : constants.get(in));
            }
            try {
                return ConstantFolding.fold(node, opset, inputs).toBuilder().setName(node.getOutput(0)).build();
            } catch (IllegalArgumentException e) {
                throw fail(node, index, e.getMessage());
            }
        }

        private void beforeLayers(NodeProto node, int index) throws ModelFormatException {
            if (!layers.isEmpty() || open != null) {
                throw fail(node, index, "comes after a dense layer; it is supported before the first one only");
            }
        }

        private SavedModel build() throws ModelFormatException {
            Map<String, String> metadata = new LinkedHashMap<>();
            for (StringStringEntryProto e : model.getMetadataPropsList()) {
                metadata.put(e.getKey(), e.getValue());
            }
            Layer last = layers.get(layers.size() - 1);
            LossFunction loss = switch (last.activation().kind()) {
                case SOFTMAX -> LossFunction.SOFTMAX_CROSS_ENTROPY;
                case SIGMOID -> LossFunction.BINARY_CROSS_ENTROPY;
                default -> LossFunction.SQUARED_MEAN;
            };
            String savedLoss = metadata.remove(LOSS_KEY);
            if (savedLoss != null) {
                try {
                    loss = LossFunction.parse(savedLoss);
                } catch (IllegalArgumentException e) {
                    throw fail("metadata " + LOSS_KEY + "=" + savedLoss + ": " + e.getMessage());
                }
            }
            MlpSpec.Builder builder = MlpSpec.builder(layers.get(0).in());
            for (int l = 0; l < layers.size() - 1; l++) {
                builder.hidden(layers.get(l).out(), layers.get(l).activation());
            }
            MlpSpec spec;
            try {
                spec = builder.output(last.out(), last.activation(), loss);
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
            ParameterLayout layout = new ParameterLayout(spec.widths());
            float[] params = new float[layout.size()];
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                System.arraycopy(layer.weights(), 0, params, layout.weightOffset(l), layer.weights().length);
                System.arraycopy(layer.bias(), 0, params, layout.biasOffset(l), layer.bias().length);
            }
            for (int i = 0; i < params.length; i++) {
                if (!Float.isFinite(params[i])) {
                    throw fail("parameter " + i + " is " + params[i] + "; every weight and bias must be finite");
                }
            }
            Standardizer standardizer = null;
            if (mean != null || std != null) {
                int f = spec.inputs();
                float[] m = mean != null ? fit(mean, f, "the subtracted mean") : new float[f];
                float[] s = std != null ? fit(std, f, "the divisor") : filled(f, 1f);
                standardizer = new Standardizer(m, s);
            }
            int classes = switch (last.activation().kind()) {
                case SOFTMAX -> last.out();
                case SIGMOID -> last.out() == 1 ? 2 : 0;
                default -> 0;
            };
            String savedClasses = metadata.remove(CLASSES_KEY);
            if (savedClasses != null) {
                try {
                    classes = Integer.parseInt(savedClasses);
                } catch (NumberFormatException e) {
                    throw fail("metadata " + CLASSES_KEY + "=" + savedClasses + " is not a count");
                }
            }
            if (!model.getProducerName().isEmpty() && !metadata.containsKey("producer")) {
                metadata.put("producer", (model.getProducerName() + " " + model.getProducerVersion()).trim());
            }
            try {
                return new SavedModel(Mlp.withParameters(spec, params), standardizer, classes, metadata);
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
        }

        private float[] fit(float[] v, int f, String what) throws ModelFormatException {
            if (v.length == f) {
                return v;
            }
            if (v.length == 1) {
                return filled(f, v[0]);
            }
            throw fail(what + " has " + v.length + " values, but the model has " + f + " inputs");
        }

        // Tensors.

        private TensorProto constant(NodeProto node, int index, int input, String role) throws ModelFormatException {
            TensorProto t = constants.get(node.getInput(input));
            if (t == null) {
                throw fail(node, index, "takes " + role + " (" + quoted(node.getInput(input)) + ") from a computed "
                        + "value; "
                        + "only constant weights are supported");
            }
            return t;
        }

        /** A constant rank-2 tensor as [out][in] (transposed if {@code transposed} is false), scaled. */
        private float[][] matrix(TensorProto t, NodeProto node, int index, boolean transposed, float scale)
                throws ModelFormatException {
            if (t.getDimsCount() != 2) {
                throw fail(node, index, "has a weight of rank " + t.getDimsCount() + " (" + quoted(t.getName())
                        + "); a dense layer's weight is a matrix");
            }
            long rows = t.getDims(0), cols = t.getDims(1);
            if (rows < 1 || cols < 1 || rows * cols > Integer.MAX_VALUE - 8) {
                throw fail(node, index, "has a weight of shape [" + rows + ", " + cols + "]");
            }
            float[] v = floats(t, node, index);
            int r = (int) rows, c = (int) cols;
            int in = transposed ? c : r;
            int out = transposed ? r : c;
            float[][] w = new float[out][in];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    float x = scale * v[i * c + j];
                    if (transposed) {
                        w[i][j] = x;
                    } else {
                        w[j][i] = x;
                    }
                }
            }
            return w;
        }

        private float[] broadcastBias(TensorProto t, int out, NodeProto node, int index) throws ModelFormatException {
            long count = 1;
            for (int d = 0; d < t.getDimsCount(); d++) {
                long dim = t.getDims(d);
                if (d < t.getDimsCount() - 1 && dim != 1) {
                    throw fail(node, index, "has a bias of shape " + t.getDimsList() + "; it must broadcast over "
                            + "the rows ([n], [1, n] or a scalar)");
                }
                count *= dim;
            }
            float[] v = floats(t, node, index);
            if (count == out && v.length == out) {
                return v;
            }
            if (count == 1 && v.length == 1) {
                return filled(out, v[0]);
            }
            throw fail(node, index, "has a bias of shape " + t.getDimsList() + " for " + out + " units");
        }

        private float[] vector(TensorProto t, NodeProto node, int index) throws ModelFormatException {
            for (int d = 0; d < t.getDimsCount() - 1; d++) {
                if (t.getDims(d) != 1) {
                    throw fail(node, index, "uses a constant of shape " + t.getDimsList() + "; a per-feature vector "
                            + "([f] or [1, f]) is supported");
                }
            }
            return floats(t, node, index);
        }

        private float[] floats(TensorProto t, NodeProto node, int index) throws ModelFormatException {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
                throw fail(node, index, "reads " + quoted(t.getName()) + " from external data, which is not supported "
                        + "(save the model with the weights inside the file)");
            }
            if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                throw fail(node, index, "uses " + quoted(t.getName()) + " of type " + typeName(t.getDataType())
                        + "; only float weights are supported");
            }
            long count = 1;
            for (long d : t.getDimsList()) {
                if (d < 0) {
                    throw fail(node, index, "uses " + quoted(t.getName()) + " with a negative dimension " + d);
                }
                count *= d;
                if (count > Integer.MAX_VALUE - 8) {
                    throw fail(node, index, "uses " + quoted(t.getName()) + " of " + t.getDimsList() + " elements");
                }
            }
            float[] v;
            if (!t.getRawData().isEmpty()) {
                if (t.getRawData().size() != 4 * count) {
                    throw fail(node, index, "uses " + quoted(t.getName()) + " whose raw data has "
                            + t.getRawData().size()
                            + " bytes for " + count + " floats");
                }
                v = new float[(int) count];
                t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            } else {
                if (t.getFloatDataCount() != count) {
                    throw fail(node, index, "uses " + quoted(t.getName()) + " with " + t.getFloatDataCount()
                            + " float values for " + count + " elements");
                }
                v = new float[(int) count];
                for (int i = 0; i < v.length; i++) {
                    v[i] = t.getFloatData(i);
                }
            }
            return v;
        }

        private long[] longs(TensorProto t, NodeProto node, int index) throws ModelFormatException {
            if (t.getDataType() != TensorProto.DataType.INT64_VALUE) {
                throw fail(node, index, "has a shape of type " + typeName(t.getDataType()) + "; ONNX needs int64");
            }
            if (!t.getRawData().isEmpty()) {
                if (t.getRawData().size() % 8 != 0 || t.getRawData().size() > 64) {
                    throw fail(node, index, "has a shape of " + t.getRawData().size() + " raw bytes");
                }
                long[] v = new long[t.getRawData().size() / 8];
                t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
                return v;
            }
            return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }

        /** A {@code Constant} node's value as a tensor (its {@code value}, {@code value_float(s)} or ints). */
        private TensorProto constantValue(NodeProto node, int index) throws ModelFormatException {
            for (AttributeProto a : node.getAttributeList()) {
                switch (a.getName()) {
                    case "value" -> {
                        return a.getT().toBuilder().setName(node.getOutput(0)).build();
                    }
                    case "value_float" -> {
                        return TensorProto.newBuilder().setName(node.getOutput(0))
                                .setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(a.getF()).build();
                    }
                    case "value_floats" -> {
                        return TensorProto.newBuilder().setName(node.getOutput(0)).addDims(a.getFloatsCount())
                                .setDataType(TensorProto.DataType.FLOAT_VALUE).addAllFloatData(a.getFloatsList())
                                .build();
                    }
                    case "value_ints" -> {
                        return TensorProto.newBuilder().setName(node.getOutput(0)).addDims(a.getIntsCount())
                                .setDataType(TensorProto.DataType.INT64_VALUE).addAllInt64Data(a.getIntsList())
                                .build();
                    }
                    default -> { }
                }
            }
            throw fail(node, index, "has no value this importer reads (value, value_float(s) or value_ints)");
        }

        private static float[] filled(int n, float value) {
            float[] v = new float[n];
            java.util.Arrays.fill(v, value);
            return v;
        }

        private static String typeName(int type) {
            TensorProto.DataType t = TensorProto.DataType.forNumber(type);
            return t == null ? "code " + type : t.name().toLowerCase(java.util.Locale.ROOT);
        }

        private static String nodeName(NodeProto node, int index) {
            return node.getName().isEmpty() ? "#" + index : quotedIfNeeded(node.getName());
        }

        private ModelFormatException fail(String why) {
            return new ModelFormatException(name + ": " + why);
        }

        private ModelFormatException fail(NodeProto node, int index, String why) {
            return new ModelFormatException(name + ": node " + nodeName(node, index) + " ("
                    + quotedIfNeeded(node.getOpType()) + ") "
                    + why);
        }
    }
}
