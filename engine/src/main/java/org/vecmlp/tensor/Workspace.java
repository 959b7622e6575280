package org.vecmlp.tensor;


/**
 * Every buffer one forward/backward pass over up to {@link #capacity()} rows needs, allocated once. The forward
 * pass stores what backward needs (memoization): each layer's output and activation derivative; the output layer
 * also keeps its logits for the loss. Hidden layers compute in place (the pre-activation buffer becomes the
 * activation). A workspace belongs to one thread at a time.
 *
 * <p>All matrices are row-major {@code rows×width} with leading dimension {@code width}, filled from row 0; a batch
 * smaller than the capacity uses the first rows.
 */
public final class Workspace {
    private final int capacity;
    private final float[] input;
    private final float[] targets;
    private final float[][] activations;
    private final float[][] derivatives;
    private final float[][] deltas;
    private final float[] logits;

    /**
     * The buffers of a network's batch: inputs and targets, then per layer its activation and, for training, its
     * stored derivative and its delta.
     *
     * @param widths      the network's layer widths, input first
     * @param derivatives per layer, whether its activation stores a derivative for backward
     * @param capacity    the largest batch this workspace holds
     * @param training whether to allocate what backward needs (derivatives, deltas, targets); an inference workspace
     *                 stores no derivatives
     */
    public Workspace(int[] widths, boolean[] derivatives, int capacity, boolean training) {
        if (capacity < 1) {
            throw new IllegalArgumentException("workspace capacity must be at least 1 row, got " + capacity);
        }
        if (derivatives.length != widths.length - 1) {
            throw new IllegalArgumentException(widths.length + " widths but " + derivatives.length + " layers");
        }
        this.capacity = capacity;
        int layers = widths.length - 1;
        int outputs = widths[layers];
        input = new float[floats(capacity, widths[0], "inputs")];
        targets = training ? new float[floats(capacity, outputs, "outputs")] : null;
        activations = new float[layers][];
        this.derivatives = new float[layers][];
        deltas = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int size = floats(capacity, widths[l + 1], "units in layer " + (l + 1));
            activations[l] = new float[size];
            if (training) {
                this.derivatives[l] = derivatives[l] ? new float[size] : null;
                deltas[l] = new float[size];
            }
        }
        logits = new float[floats(capacity, outputs, "outputs")];
    }

    /** {@code rows × width}, refused with a message when no array holds it (instead of an integer overflow). */
    private static int floats(int rows, int width, String what) {
        long n = (long) rows * width;
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a buffer of " + rows + " rows × " + width + " " + what + " is "
                    + n + " floats, more than an array holds: use fewer rows per batch or narrower layers");
        }
        return (int) n;
    }

    /** {@return the largest batch it holds} */
    public int capacity() {
        return capacity;
    }

    /** {@return the batch's input rows, {@code capacity×inputs}} */
    public float[] input() {
        return input;
    }

    /** {@return the batch's target rows, {@code capacity×outputs}; null in an inference workspace} */
    public float[] targets() {
        return targets;
    }

    /**
     * Layer {@code l}'s output {@code a = f(z)}.
     *
     * @param l the layer, 0 for the first hidden one
     * @return the buffer, {@code capacity × units}
     */
    public float[] activation(int l) {
        return activations[l];
    }

    /**
     * Layer {@code l}'s stored {@code f'(z)}, or null when its activation stores none or this is for inference.
     *
     * @param l the layer, 0 for the first hidden one
     * @return the buffer, {@code capacity × units}, or null
     */
    public float[] derivative(int l) {
        return derivatives[l];
    }

    /**
     * Layer {@code l}'s delta: {@code ∂L/∂a} arriving from above, turned into {@code ∂L/∂z} in place.
     *
     * @param l the layer, 0 for the first hidden one
     * @return the buffer, {@code capacity × units}
     */
    public float[] delta(int l) {
        return deltas[l];
    }

    /** {@return the output layer's logits (biased pre-activations), which the output losses read} */
    public float[] logits() {
        return logits;
    }

    /**
     * The input to layer {@code l}: the batch for layer 0, the previous activation otherwise.
     *
     * @param l the layer, 0 for the first hidden one
     * @return the batch input for the first layer, the previous layer's activation otherwise
     */
    public float[] layerInput(int l) {
        return l == 0 ? input : activations[l - 1];
    }

    /** {@return true when this workspace can run backward} */
    public boolean forTraining() {
        return targets != null;
    }
}
