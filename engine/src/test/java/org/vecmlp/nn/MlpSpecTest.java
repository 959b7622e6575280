package org.vecmlp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.vecmlp.tensor.ParameterLayout;

class MlpSpecTest {

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void layoutPutsEachLayersWeightsThenBiasesInOneBuffer() {
        MlpSpec spec = MlpSpec.builder(3).hidden(4, Activation.RELU)
                .output(2, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);
        ParameterLayout layout = new ParameterLayout(spec.widths());
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, layout.size());
        assertEquals(0, layout.weightOffset(0));
        assertEquals(12, layout.biasOffset(0));
        assertEquals(16, layout.weightOffset(1));
        assertEquals(24, layout.biasOffset(1));
        assertArrayEquals(new int[] {3, 4, 2}, spec.widths());
        assertEquals("3-4(relu)-2(softmax) ce", spec.describe());
    }

    @Test
    void rejectsLossesThatDoNotFitTheOutput() {
        assertEquals("bce needs a sigmoid output, not tanh",
                error(() -> MlpSpec.builder(2).output(1, Activation.TANH, LossFunction.BINARY_CROSS_ENTROPY)));
        assertEquals("ce needs at least 2 output units (one per class), not 1",
                error(() -> MlpSpec.builder(2).output(1, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY)));
        assertEquals("ce needs a softmax output, not sigmoid",
                error(() -> MlpSpec.builder(2).output(3, Activation.SIGMOID, LossFunction.SOFTMAX_CROSS_ENTROPY)));
        assertEquals("squared loss cannot train a softmax output (use ce with softmax, perceptron with threshold)",
                error(() -> MlpSpec.builder(2).output(3, Activation.SOFTMAX, LossFunction.SQUARED_MEAN)));
        assertEquals("the perceptron criterion needs a threshold output, not identity",
                error(() -> MlpSpec.builder(2).output(1, Activation.IDENTITY, LossFunction.PERCEPTRON)));
        assertEquals("hidden layer 1: softmax is an output-only activation (it has no useful derivative inside the network)",
                error(() -> MlpSpec.builder(2).hidden(4, Activation.SOFTMAX)
                        .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY)));
        assertEquals("a layer needs at least 1 unit, got 0",
                error(() -> MlpSpec.builder(2).hidden(0, Activation.RELU)
                        .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY)));
    }

    @Test
    void parsesNamesAndRejectsUnknownOnes() {
        assertEquals(Activation.leakyRelu(0.2f), Activation.parse("leaky-relu:0.2"));
        assertEquals(Activation.leakyRelu(), Activation.parse("LEAKY_RELU"));
        assertEquals(LossFunction.SOFTMAX_CROSS_ENTROPY, LossFunction.parse("ce"));
        assertEquals("unknown activation 'swish' (expected identity, sigmoid, tanh, relu, leaky-relu[:alpha], softmax or threshold)",
                error(() -> Activation.parse("swish")));
        assertEquals("unknown loss 'hinge' (expected mse, mse-sum, bce, ce or perceptron)",
                error(() -> LossFunction.parse("hinge")));
        assertEquals("leaky ReLU alpha must be in [0, 1), got 1.5", error(() -> Activation.leakyRelu(1.5f)));
    }
}
