package org.vecmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetTest {

    @Test
    void encodesLabelsForOneOrManyOutputs() {
        Dataset d = Dataset.classification("d", new float[] {0, 1, 2}, 3, 1, new int[] {2, 0, 1}, 3);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, d.encodeTargets(3));
        assertEquals("d has 3 classes but the network has 2 output(s) (use 3 outputs, or 1 for two classes)",
                assertThrows(IllegalArgumentException.class, () -> d.encodeTargets(2)).getMessage());
        Dataset binary = Dataset.classification("b", new float[] {0, 1}, 2, 1, new int[] {1, 0}, 2);
        assertArrayEquals(new float[] {1, 0}, binary.encodeTargets(1));
    }

    @Test
    void rejectsNonFiniteFeaturesAndOutOfRangeLabels() {
        assertEquals("x: feature 1 of row 0 is NaN (features must be finite)", assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.classification("x", new float[] {0, Float.NaN}, 1, 2, new int[] {0}, 2)).getMessage());
        assertEquals("y: label 2 of row 0 is outside [0, 2)", assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("y", new float[] {0}, 1, 1, new int[] {2}, 2)).getMessage());
    }

    @Test
    void splitIsSeededDisjointAndComplete() {
        Dataset d = Generators.spiral(101, 0, 1);
        Dataset.Split a = d.split(0.2, 9);
        Dataset.Split b = d.split(0.2, 9);
        assertEquals(20, a.test().rows());
        assertEquals(81, a.train().rows());
        assertArrayEquals(a.test().features(), b.test().features());
        float[] all = new float[d.features().length];
        System.arraycopy(a.train().features(), 0, all, 0, a.train().features().length);
        System.arraycopy(a.test().features(), 0, all, a.train().features().length, a.test().features().length);
        float[] sortedAll = all.clone();
        float[] sortedOriginal = d.features().clone();
        Arrays.sort(sortedAll);
        Arrays.sort(sortedOriginal);
        assertArrayEquals(sortedOriginal, sortedAll, "every row lands in exactly one part");
        assertEquals(0, d.split(0, 1).test().rows());
    }

    @Test
    void standardizerUsesTrainingStatistics() {
        Dataset train = Dataset.regression("t", new float[] {1, 5, 3, 5}, 2, 2, new float[] {0, 0}, 1);
        Standardizer s = Standardizer.fit(train);
        assertArrayEquals(new float[] {2, 5}, s.mean());
        assertArrayEquals(new float[] {1, 1}, s.std(), "a constant column gets std 1");
        Dataset other = Dataset.regression("o", new float[] {4, 6}, 1, 2, new float[] {0}, 1);
        assertArrayEquals(new float[] {2, 1}, s.apply(other).features());
    }

    @Test
    void generatorsAreSeededAndBalanced() {
        for (String name : Generators.NAMES) {
            Dataset a = Generators.generate(name, 200, 0.3, 5);
            Dataset b = Generators.generate(name, 200, 0.3, 5);
            assertArrayEquals(a.features(), b.features(), name);
            if (a.isClassification()) {
                int ones = Arrays.stream(a.labels()).sum();
                assertTrue(ones > 60 && ones < 140, name + " has " + ones + " positives of 200");
            }
        }
        assertEquals("unknown data set 'moons' (built-in sets: circle, xor, gauss, spiral, plane)",
                assertThrows(IllegalArgumentException.class, () -> Generators.generate("moons", 10, 0, 1))
                        .getMessage());
    }
}
