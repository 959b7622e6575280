package org.vecmlp.neuron;

import org.vecmlp.nn.MlpSpec;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;

/**
 * The single-neuron models of the lecture, as specs on the same engine: no hidden layer, one output unit.
 */
public final class SingleNeurons {
    private SingleNeurons() {
    }

    /**
     * Linear regression: identity output with the mean squared loss, {@code ŷ = w·x + b}.
     *
     * @param inputs the number of features
     * @return the spec
     */
    public static MlpSpec linearRegression(int inputs) {
        return MlpSpec.builder(inputs).output(1, Activation.IDENTITY, LossFunction.SQUARED_MEAN);
    }

    /**
     * {@return logistic regression: sigmoid output with the binary cross-entropy (log-loss)}
     *
     * @param inputs the number of features
     */
    public static MlpSpec logisticRegression(int inputs) {
        return MlpSpec.builder(inputs).output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
    }

    /**
     * The perceptron: threshold output with the perceptron criterion; train it with {@link Perceptron}.
     *
     * @param inputs the number of features
     * @return the spec
     */
    public static MlpSpec perceptron(int inputs) {
        return MlpSpec.builder(inputs).output(1, Activation.THRESHOLD, LossFunction.PERCEPTRON);
    }
}
