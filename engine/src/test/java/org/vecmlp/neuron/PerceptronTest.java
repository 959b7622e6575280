package org.vecmlp.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.kernel.Backend;

class PerceptronTest {

    @Test
    void convergesOnSeparableData() {
        Dataset data = Generators.gauss(300, 0.0, 1);
        Perceptron perceptron = new Perceptron(2, Backend.scalar());
        Perceptron.Result result = perceptron.train(data, 100, 1.0, 1);
        assertTrue(result.converged(), "separable data must converge");
        assertEquals(0, result.mistakesPerEpoch()[result.epochs() - 1]);
        int[] predicted = perceptron.model().predictor(Backend.scalar()).predictClasses(data.features(), data.rows());
        assertArrayEquals(data.labels(), predicted, "a converged perceptron classifies every training point");
    }

    @Test
    void reportsNonConvergenceOnXor() {
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        int[] y = {0, 1, 1, 0};
        Dataset xor = Dataset.classification("xor", x, 4, 2, y, 2);
        Perceptron.Result result = new Perceptron(2, Backend.scalar()).train(xor, 200, 1.0, 1);
        assertFalse(result.converged());
        assertEquals(200, result.epochs());
        for (int mistakes : result.mistakesPerEpoch()) {
            assertTrue(mistakes >= 1, "no line separates XOR, so every epoch makes a mistake");
        }
    }

    @Test
    void followsThePerceptronRuleExactly() {
        // One sample, label 1, starting at w = 0, b = 0: the threshold outputs 1 at z = 0, so no update.
        // Label 0 at z = 0 is a mistake: w -= η·x, b -= η.
        float[] x = {2, -3};
        Dataset one = Dataset.classification("one", x, 1, 2, new int[] {0}, 2);
        Perceptron p = new Perceptron(2, Backend.scalar());
        Perceptron.Result r = p.train(one, 1, 0.5, 1);
        assertEquals(1, r.mistakesPerEpoch()[0]);
        assertArrayEquals(new float[] {-1f, 1.5f, -0.5f}, p.model().parameters());
    }

    @Test
    void rejectsMoreThanTwoClasses() {
        Dataset three = Dataset.classification("three", new float[] {0, 1, 2}, 3, 1, new int[] {0, 1, 2}, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Perceptron(1, Backend.scalar()).train(three, 5, 1, 1));
        assertTrue(e.getMessage().contains("two classes"), e.getMessage());
    }
}
