package org.vecmlp.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Optional;

/** A node's attributes by name, as the importer and the constant folding read them. */
final class NodeAttributes {
    private NodeAttributes() {
    }

    private static Optional<AttributeProto> find(NodeProto node, String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** {@return the integer attribute {@code name}, or {@code fallback} when the node has none} */
    static long integer(NodeProto node, String name, long fallback) {
        return find(node, name).map(AttributeProto::getI).orElse(fallback);
    }

    /** {@return the float attribute {@code name}, or {@code fallback} when the node has none} */
    static float real(NodeProto node, String name, float fallback) {
        return find(node, name).map(AttributeProto::getF).orElse(fallback);
    }

    /** {@return the integer list attribute {@code name}, or null when the node has none} */
    static long[] integers(NodeProto node, String name) {
        return find(node, name).map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray())
                .orElse(null);
    }
}
