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

    /** The layout of a network of the given layer widths, input first ({@code MlpSpec.widths()}). */
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

    public int layers() {
        return fanIn.length;
    }

    public int fanIn(int layer) {
        return fanIn[layer];
    }

    public int fanOut(int layer) {
        return fanOut[layer];
    }

    public int weightOffset(int layer) {
        return weightOffset[layer];
    }

    public int weightCount(int layer) {
        return fanIn[layer] * fanOut[layer];
    }

    public int biasOffset(int layer) {
        return weightOffset[layer] + weightCount(layer);
    }

    /** First index after layer {@code layer}'s block (weights and biases). */
    public int end(int layer) {
        return biasOffset(layer) + fanOut[layer];
    }

    /** Length of the layer's whole block, weights and biases. */
    public int blockSize(int layer) {
        return end(layer) - weightOffset[layer];
    }

    /** Total number of parameters. */
    public int size() {
        return size;
    }
}
