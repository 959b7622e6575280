package org.vecmlp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vecmlp.data.Dataset;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.MlpSpec;

/** The defaults every front end shares: the loss, output layer and initialiser a data set calls for. */
class NetworkDesignTest {
    static final Dataset TWO = Dataset.classification("two", new float[] {0, 1, 2, 3}, 2, 2, new int[] {0, 1}, 2);
    static final Dataset THREE = Dataset.classification("three", new float[] {0, 1, 2}, 3, 1, new int[] {0, 1, 2}, 3);
    static final Dataset REGRESSION = Dataset.regression("reg", new float[] {0, 1, 2}, 3, 1, new float[] {1, 2, 3}, 1);

    @Test
    void theLossFitsTheLabels() {
        assertEquals(LossFunction.BINARY_CROSS_ENTROPY, NetworkDesign.defaultLoss(TWO));
        assertEquals(LossFunction.SOFTMAX_CROSS_ENTROPY, NetworkDesign.defaultLoss(THREE));
        assertEquals(LossFunction.SQUARED_MEAN, NetworkDesign.defaultLoss(REGRESSION));
    }

    @Test
    void theOutputLayerFitsTheLossAndTheClasses() {
        MlpSpec two = NetworkDesign.spec(TWO, List.of(5, 4), Activation.TANH, null, LossFunction.BINARY_CROSS_ENTROPY);
        assertEquals("2-5(tanh)-4(tanh)-1(sigmoid) bce", two.describe());
        MlpSpec three = NetworkDesign.spec(THREE, List.of(), Activation.RELU, null, LossFunction.SOFTMAX_CROSS_ENTROPY);
        assertEquals("1-3(softmax) ce", three.describe());
        assertEquals(3, NetworkDesign.outputs(THREE, LossFunction.SQUARED_MEAN), "mse on three classes: one-hot");
        assertEquals(1, NetworkDesign.outputs(TWO, LossFunction.SQUARED_MEAN));
        assertEquals(Activation.IDENTITY, NetworkDesign.spec(REGRESSION, List.of(3), Activation.RELU, null,
                LossFunction.SQUARED_MEAN).layers().get(1).activation());
        assertEquals(Activation.THRESHOLD, NetworkDesign.defaultOutput(LossFunction.PERCEPTRON));
    }

    @Test
    void aLossThatDoesNotFitIsRefusedByName() {
        assertEquals("bce separates two classes, but three has 3 classes (use ce)", assertThrows(
                IllegalArgumentException.class, () -> NetworkDesign.outputs(THREE, LossFunction.BINARY_CROSS_ENTROPY))
                .getMessage());
        assertEquals("ce needs class labels, but reg is a regression set", assertThrows(IllegalArgumentException.class,
                () -> NetworkDesign.outputs(REGRESSION, LossFunction.SOFTMAX_CROSS_ENTROPY)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkDesign.spec(TWO, List.of(), Activation.RELU,
                Activation.SOFTMAX, LossFunction.BINARY_CROSS_ENTROPY));
    }

    @Test
    void heForTheReluFamilyXavierOtherwise() {
        assertEquals(Initializer.HE, NetworkDesign.defaultInitializer(Activation.RELU));
        assertEquals(Initializer.HE, NetworkDesign.defaultInitializer(Activation.leakyRelu()));
        assertEquals(Initializer.XAVIER, NetworkDesign.defaultInitializer(Activation.TANH));
    }

    @Test
    void widthsParseAndABadPartIsNamed() {
        assertEquals(List.of(16, 8), NetworkDesign.parseWidths("16, 8"));
        assertEquals(List.of(), NetworkDesign.parseWidths(" "));
        assertEquals("'0' is not a layer width (positive integers separated by commas, e.g. 16,16; \"\" for none)",
                assertThrows(IllegalArgumentException.class, () -> NetworkDesign.parseWidths("4,0")).getMessage());
        assertEquals("'' is not a layer width (positive integers separated by commas, e.g. 16,16; \"\" for none)",
                assertThrows(IllegalArgumentException.class, () -> NetworkDesign.parseWidths("4,")).getMessage());
    }
}
