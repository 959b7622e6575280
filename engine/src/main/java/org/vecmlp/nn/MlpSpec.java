package org.vecmlp.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The description of a network: input width, fully connected layers (the last one is the output layer) and the
 * loss. Checked on construction, so every spec that exists can be built and trained.
 *
 * <pre>{@code
 * MlpSpec spec = MlpSpec.builder(2)
 *         .hidden(8, Activation.TANH)
 *         .hidden(8, Activation.TANH)
 *         .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
 * }</pre>
 */
public record MlpSpec(int inputs, List<LayerSpec> layers, LossFunction loss) {

    public MlpSpec {
        Objects.requireNonNull(loss, "loss");
        layers = List.copyOf(layers);
        if (inputs < 1) {
            throw new IllegalArgumentException("the network needs at least 1 input, got " + inputs);
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the network needs at least an output layer");
        }
        for (int i = 0; i < layers.size() - 1; i++) {
            Activation a = layers.get(i).activation();
            if (a.outputOnly()) {
                throw new IllegalArgumentException("hidden layer " + (i + 1) + ": " + a
                        + " is an output-only activation (it has no useful derivative inside the network)");
            }
        }
        LayerSpec out = layers.get(layers.size() - 1);
        loss.checkOutput(out.activation(), out.units());
    }

    /** Starts a spec with {@code inputs} input features. */
    public static Builder builder(int inputs) {
        return new Builder(inputs);
    }

    /** The output layer. */
    public LayerSpec outputLayer() {
        return layers.get(layers.size() - 1);
    }

    /** The width of the output layer. */
    public int outputs() {
        return outputLayer().units();
    }

    /** Layer widths from input to output, e.g. {@code [2, 8, 8, 1]}. */
    public int[] widths() {
        int[] w = new int[layers.size() + 1];
        w[0] = inputs;
        for (int i = 0; i < layers.size(); i++) {
            w[i + 1] = layers.get(i).units();
        }
        return w;
    }

    /** Weights and biases of all layers, as a long: a spec may describe more than an array can hold. */
    public long parameterCount() {
        long count = 0;
        long in = inputs;
        for (LayerSpec l : layers) {
            count += in * l.units() + l.units();
            in = l.units();
        }
        return count;
    }

    /** A compact description such as {@code 2-8(tanh)-8(tanh)-1(sigmoid) bce}. */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(inputs);
        for (LayerSpec l : layers) {
            sb.append('-').append(l.units()).append('(').append(l.activation()).append(')');
        }
        return sb.append(' ').append(loss.cliName()).toString();
    }

    /** Fluent construction: hidden layers in order, then the output layer and loss. */
    public static final class Builder {
        private final int inputs;
        private final List<LayerSpec> hidden = new ArrayList<>();

        private Builder(int inputs) {
            this.inputs = inputs;
        }

        public Builder hidden(int units, Activation activation) {
            hidden.add(new LayerSpec(units, activation));
            return this;
        }

        /** Adds {@code count} hidden layers of the same width and activation. */
        public Builder hidden(int count, int units, Activation activation) {
            for (int i = 0; i < count; i++) {
                hidden(units, activation);
            }
            return this;
        }

        public MlpSpec output(int units, Activation activation, LossFunction loss) {
            List<LayerSpec> all = new ArrayList<>(hidden);
            all.add(new LayerSpec(units, activation));
            return new MlpSpec(inputs, all, loss);
        }
    }
}
