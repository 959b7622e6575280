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
 *
 * @param inputs the number of input features
 * @param layers the hidden layers in order, then the output layer (copied)
 * @param loss   the loss the output layer is trained with; it must fit the output activation
 */
public record MlpSpec(int inputs, List<LayerSpec> layers, LossFunction loss) {

    /** Checks the spec: at least one input and one layer, output-only activations only last, a loss that fits. */
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

    /**
     * Starts a spec.
     *
     * @param inputs the number of input features
     * @return a builder: {@code hidden(…)} layers in order, then {@code output(…)}
     */
    public static Builder builder(int inputs) {
        return new Builder(inputs);
    }

    /** {@return the output layer} */
    public LayerSpec outputLayer() {
        return layers.get(layers.size() - 1);
    }

    /** {@return the width of the output layer} */
    public int outputs() {
        return outputLayer().units();
    }

    /** {@return the layer widths from input to output, e.g. {@code [2, 8, 8, 1]}} */
    public int[] widths() {
        int[] w = new int[layers.size() + 1];
        w[0] = inputs;
        for (int i = 0; i < layers.size(); i++) {
            w[i + 1] = layers.get(i).units();
        }
        return w;
    }

    /** {@return weights and biases of all layers, as a long: a spec may describe more than an array can hold} */
    public long parameterCount() {
        long count = 0;
        long in = inputs;
        for (LayerSpec l : layers) {
            count += in * l.units() + l.units();
            in = l.units();
        }
        return count;
    }

    /** {@return a compact description such as {@code 2-8(tanh)-8(tanh)-1(sigmoid) bce}} */
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

        /**
         * Adds a hidden layer.
         *
         * @param units      its width
         * @param activation its activation (not an output-only one: softmax, threshold)
         * @return this builder
         */
        public Builder hidden(int units, Activation activation) {
            hidden.add(new LayerSpec(units, activation));
            return this;
        }

        /**
         * Adds {@code count} hidden layers of the same width and activation.
         *
         * @param count      how many
         * @param units      the width of each
         * @param activation the activation of each
         * @return this builder
         */
        public Builder hidden(int count, int units, Activation activation) {
            for (int i = 0; i < count; i++) {
                hidden(units, activation);
            }
            return this;
        }

        /**
         * Ends the spec with the output layer.
         *
         * @param units      its width (one per class for softmax, one for a sigmoid or a regression target)
         * @param activation its activation
         * @param loss       the loss it is trained with; it must fit the activation (softmax with ce, sigmoid with bce, …)
         * @return the checked spec
         */
        public MlpSpec output(int units, Activation activation, LossFunction loss) {
            List<LayerSpec> all = new ArrayList<>(hidden);
            all.add(new LayerSpec(units, activation));
            return new MlpSpec(inputs, all, loss);
        }
    }
}
