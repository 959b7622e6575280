package org.vecmlp.tensor;

/**
 * Where each layer's weights and biases live in the one flat parameter array (and, identically, in the gradient
 * array and every optimizer state array). Layer {@code l} owns a row-major {@code fanIn×fanOut} weight matrix at
 * {@link #weightOffset(int)} followed by its {@code fanOut} biases at {@link #biasOffset(int)}, so the forward
 * product is {@code Z = X·W} with X {@code rows×fanIn}. One buffer means zeroing, updating and reducing gradients
 * are single loops over contiguous memory.
 */
public final class ParameterLayout {
    private final int[] fanIn;
    private final int[] fanOut;
    private final int[] weightOffset;
    private final int size;

    /**
     * The layout of a network of the given layer widths, input first ({@code MlpSpec.widths()}).
     *
     * @param widths the input width, then each layer's units
     */
    public ParameterLayout(int[] widths) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("a network has an input and at least one layer, got widths "
                    + java.util.Arrays.toString(widths));
        }
        int layers = widths.length - 1;
        fanIn = new int[layers];
        fanOut = new int[layers];
        weightOffset = new int[layers];
        long offset = 0;
        int in = widths[0];
        for (int l = 0; l < layers; l++) {
            int out = widths[l + 1];
            fanIn[l] = in;
            fanOut[l] = out;
            weightOffset[l] = (int) offset;
            offset += (long) in * out + out;
            if (offset > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("the network has more than 2^31 parameters: widths "
                        + java.util.Arrays.toString(widths));
            }
            in = out;
        }
        size = (int) offset;
    }

    /** {@return the number of layers} */
    public int layers() {
        return fanIn.length;
    }

    /**
     * A layer's inputs.
     *
     * @param layer the layer, 0 for the first hidden one
     * @return its inputs
     */
    public int fanIn(int layer) {
        return fanIn[layer];
    }

    /**
     * A layer's units.
     *
     * @param layer the layer, 0 for the first hidden one
     * @return its units
     */
    public int fanOut(int layer) {
        return fanOut[layer];
    }

    /**
     * Where a layer's weights start.
     *
     * @param layer the layer, 0 for the first hidden one
     * @return where its {@code fanIn×fanOut} weights start, row-major
     */
    public int weightOffset(int layer) {
        return weightOffset[layer];
    }

    /**
     * How many weights a layer has.
     *
     * @param layer the layer, 0 for the first hidden one
     * @return {@code fanIn×fanOut}
     */
    public int weightCount(int layer) {
        return fanIn[layer] * fanOut[layer];
    }

    /**
     * Where a layer's biases start.
     *
     * @param layer the layer, 0 for the first hidden one
     * @return where its {@code fanOut} biases start, right after its weights
     */
    public int biasOffset(int layer) {
        return weightOffset[layer] + weightCount(layer);
    }

    /**
     * The end of a layer's block.
     *
     * @param layer the layer, 0 for the first hidden one
     * @return the first index after its block (weights and biases)
     */
    public int end(int layer) {
        return biasOffset(layer) + fanOut[layer];
    }

    /**
     * The length of a layer's block.
     *
     * @param layer the layer, 0 for the first hidden one
     * @return the length of its whole block, weights and biases
     */
    public int blockSize(int layer) {
        return end(layer) - weightOffset[layer];
    }

    /** {@return total number of parameters} */
    public int size() {
        return size;
    }
}
