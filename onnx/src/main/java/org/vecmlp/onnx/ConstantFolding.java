package org.vecmlp.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The shape operations exporters apply to constant weights, evaluated at import: {@code Transpose} (PyTorch's older
 * exports write {@code Linear} as a transposed weight and {@code MatMul}), {@code Reshape}, {@code Squeeze},
 * {@code Unsqueeze} and {@code Identity}. Each takes float or int64 constants and gives the constant it computes,
 * with the semantics of the node's opset; a node this cannot evaluate throws {@link IllegalArgumentException} with
 * the reason (the importer adds the node's name).
 */
final class ConstantFolding {
    private static final Set<String> OPS = Set.of("Transpose", "Reshape", "Squeeze", "Unsqueeze", "Identity");

    private ConstantFolding() {
    }

    /** Whether {@code op} is folded when all its inputs are constants. */
    static boolean folds(String op) {
        return OPS.contains(op);
    }

    /**
     * The constant {@code node} computes from {@code inputs} (null where an optional input is absent).
     *
     * @param node   a node whose op {@link #folds}
     * @param opset  the model's opset of the default domain
     * @param inputs the node's inputs, all constants
     * @return the output, without a name
     */
    static TensorProto fold(NodeProto node, int opset, List<TensorProto> inputs) {
        Tensor x = Tensor.of(inputs.get(0));
        return switch (node.getOpType()) {
            case "Identity" -> x.proto();
            case "Transpose" -> transpose(x, NodeAttributes.integers(node, "perm"));
            case "Reshape" -> x.withShape(reshape(x.shape, longs(input(inputs, 1, "shape")),
                    opset >= 14 && NodeAttributes.integer(node, "allowzero", 0) != 0));
            case "Squeeze" -> x.withShape(squeeze(x.shape, axes(node, opset, inputs)));
            case "Unsqueeze" -> x.withShape(unsqueeze(x.shape, axes(node, opset, inputs)));
            default -> throw new IllegalArgumentException("is not a shape operation that can be folded");
        };
    }

    private static TensorProto input(List<TensorProto> inputs, int i, String what) {
        if (inputs.size() <= i || inputs.get(i) == null) {
            throw new IllegalArgumentException("has no " + what + " input");
        }
        return inputs.get(i);
    }

    /** Squeeze's and Unsqueeze's axes: an attribute before opset 13, the second input from 13 on (absent: null). */
    private static long[] axes(NodeProto node, int opset, List<TensorProto> inputs) {
        if (opset >= 13) {
            return inputs.size() > 1 && inputs.get(1) != null ? longs(inputs.get(1)) : null;
        }
        return NodeAttributes.integers(node, "axes");
    }

    private static TensorProto transpose(Tensor x, long[] perm) {
        int rank = x.shape.length;
        int[] p = new int[rank];
        if (perm == null) {
            for (int d = 0; d < rank; d++) {
                p[d] = rank - 1 - d; // the default reverses the axes
            }
        } else {
            if (perm.length != rank) {
                throw new IllegalArgumentException("has perm " + Arrays.toString(perm) + " for a constant of rank "
                        + rank);
            }
            boolean[] seen = new boolean[rank];
            for (int d = 0; d < rank; d++) {
                if (perm[d] < 0 || perm[d] >= rank || seen[(int) perm[d]]) {
                    throw new IllegalArgumentException("has perm " + Arrays.toString(perm)
                            + ", which is not a permutation of the axes 0 to " + (rank - 1));
                }
                seen[(int) perm[d]] = true;
                p[d] = (int) perm[d];
            }
        }
        long[] shape = new long[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = x.shape[p[d]];
        }
        long[] inStrides = strides(x.shape);
        long[] outStrides = strides(shape);
        int count = x.count();
        byte[] out = new byte[x.data.length];
        int size = x.elementSize;
        for (int i = 0; i < count; i++) {
            long rest = i, source = 0;
            for (int d = 0; d < rank; d++) {
                long index = rest / outStrides[d];
                rest %= outStrides[d];
                source += index * inStrides[p[d]];
            }
            System.arraycopy(x.data, (int) source * size, out, i * size, size);
        }
        return new Tensor(x.type, shape, out, size).proto();
    }

    private static long[] reshape(long[] shape, long[] target, boolean allowZero) {
        long count = product(shape);
        long[] out = target.clone();
        int inferred = -1;
        long known = 1;
        for (int d = 0; d < out.length; d++) {
            if (out[d] == 0 && !allowZero) {
                if (d >= shape.length) {
                    throw new IllegalArgumentException("copies axis " + d + " of a constant of rank " + shape.length);
                }
                out[d] = shape[d];
            }
            if (out[d] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshapes to " + Arrays.toString(target)
                            + " with more than one -1");
                }
                inferred = d;
            } else if (out[d] < 0) {
                throw new IllegalArgumentException("reshapes to " + Arrays.toString(target));
            } else {
                known *= out[d];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || count % known != 0) {
                throw new IllegalArgumentException("reshapes " + Arrays.toString(shape) + " to "
                        + Arrays.toString(target));
            }
            out[inferred] = count / known;
        } else if (known != count) {
            throw new IllegalArgumentException("reshapes " + count + " elements " + Arrays.toString(shape) + " to "
                    + Arrays.toString(target));
        }
        return out;
    }

    private static long[] squeeze(long[] shape, long[] axes) {
        boolean[] drop = new boolean[shape.length];
        if (axes == null) {
            for (int d = 0; d < shape.length; d++) {
                drop[d] = shape[d] == 1;
            }
        } else {
            for (long a : axes) {
                int d = (int) (a < 0 ? a + shape.length : a);
                if (d < 0 || d >= shape.length || shape[d] != 1) {
                    throw new IllegalArgumentException("squeezes axis " + a + " of shape " + Arrays.toString(shape)
                            + ", which is not of size 1");
                }
                drop[d] = true;
            }
        }
        List<Long> out = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (!drop[d]) {
                out.add(shape[d]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] unsqueeze(long[] shape, long[] axes) {
        if (axes == null || axes.length == 0) {
            throw new IllegalArgumentException("has no axes to insert");
        }
        int rank = shape.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int d = (int) (a < 0 ? a + rank : a);
            if (d < 0 || d >= rank || inserted[d]) {
                throw new IllegalArgumentException("inserts axes " + Arrays.toString(axes) + " into shape "
                        + Arrays.toString(shape));
            }
            inserted[d] = true;
        }
        long[] out = new long[rank];
        for (int d = 0, from = 0; d < rank; d++) {
            out[d] = inserted[d] ? 1 : shape[from++];
        }
        return out;
    }

    private static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = stride;
            stride *= shape[d];
        }
        return s;
    }

    private static long product(long[] shape) {
        long p = 1;
        for (long d : shape) {
            p *= d;
        }
        return p;
    }

    private static long[] longs(TensorProto t) {
        Tensor v = Tensor.of(t);
        if (v.type != TensorProto.DataType.INT64_VALUE) {
            throw new IllegalArgumentException("takes a shape or axes of type " + v.type + "; ONNX needs int64");
        }
        long[] out = new long[v.count()];
        ByteBuffer.wrap(v.data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    /** A float or int64 constant as little-endian bytes with its shape. */
    private record Tensor(int type, long[] shape, byte[] data, int elementSize) {
        static Tensor of(TensorProto t) {
            String name = OnnxImport.quoted(t.getName()); // the file's own text, escaped
            int type = t.getDataType();
            int size = switch (type) {
                case TensorProto.DataType.FLOAT_VALUE -> 4;
                case TensorProto.DataType.INT64_VALUE -> 8;
                default -> throw new IllegalArgumentException("folds " + name + " of element type "
                        + type + "; only float and int64 constants are folded");
            };
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
                throw new IllegalArgumentException("reads " + name + " from external data, which is not "
                        + "supported");
            }
            long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
            long count = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("uses " + name + " with a negative dimension " + d);
                }
                count *= d;
                if (count > (Integer.MAX_VALUE - 8) / size) {
                    throw new IllegalArgumentException("uses " + name + " of " + t.getDimsList()
                            + " elements");
                }
            }
            byte[] data;
            if (!t.getRawData().isEmpty()) {
                if (t.getRawData().size() != count * size) {
                    throw new IllegalArgumentException("uses " + name + " whose raw data has "
                            + t.getRawData().size() + " bytes for " + count + " elements");
                }
                data = t.getRawData().toByteArray();
            } else {
                int given = size == 4 ? t.getFloatDataCount() : t.getInt64DataCount();
                if (given != count) {
                    throw new IllegalArgumentException("uses " + name + " with " + given + " values for "
                            + count + " elements");
                }
                ByteBuffer b = ByteBuffer.allocate((int) count * size).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < count; i++) {
                    if (size == 4) {
                        b.putFloat(t.getFloatData(i));
                    } else {
                        b.putLong(t.getInt64Data(i));
                    }
                }
                data = b.array();
            }
            return new Tensor(type, shape, data, size);
        }

        int count() {
            return data.length / elementSize;
        }

        TensorProto withShape(long[] newShape) {
            return new Tensor(type, newShape, data, elementSize).proto();
        }

        TensorProto proto() {
            TensorProto.Builder b = TensorProto.newBuilder().setDataType(type).setRawData(ByteString.copyFrom(data));
            for (long d : shape) {
                b.addDims(d);
            }
            return b.build();
        }
    }
}
