package org.vecmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.tensor.ParameterLayout;

class ScheduleAndInitTest {

    @Test
    void schedules() {
        assertEquals(0.1, LearningRateSchedule.constant().rate(0.1, 7, 10));
        LearningRateSchedule step = LearningRateSchedule.step(3, 0.5);
        assertEquals(0.1, step.rate(0.1, 2, 10), 1e-12);
        assertEquals(0.05, step.rate(0.1, 3, 10), 1e-12);
        assertEquals(0.025, step.rate(0.1, 6, 10), 1e-12);
        LearningRateSchedule cosine = LearningRateSchedule.cosine(0.1);
        // PyTorch's CosineAnnealingLR(T_max = 10 epochs, eta_min = 0.01): the last epoch (9) still trains.
        assertEquals(0.1, cosine.rate(0.1, 0, 10), 1e-12);
        assertEquals(0.055, cosine.rate(0.1, 5, 10), 1e-12);
        assertEquals(0.01 + 0.045 * (1 + Math.cos(0.9 * Math.PI)), cosine.rate(0.1, 9, 10), 1e-12);
        assertEquals(0.01, cosine.rate(0.1, 10, 10), 1e-12);
        assertTrue(LearningRateSchedule.cosine(0).rate(0.1, 9, 10) > 0, "default minimum 0: the last epoch trains");
        assertEquals("unknown schedule 'linear' (expected constant, step or cosine)",
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("linear")).getMessage());
    }

    @Test
    void initialisersFollowTheirDistributionsAndZeroTheBiases() {
        MlpSpec spec = MlpSpec.builder(400).hidden(300, Activation.RELU)
                .output(2, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);
        ParameterLayout layout = new ParameterLayout(spec.widths());
        float[] xavier = new float[layout.size()];
        Initializer.XAVIER.initialize(layout, xavier, 1);
        double limit = Math.sqrt(6.0 / 700);
        double sumSq = 0;
        for (int i = 0; i < layout.weightCount(0); i++) {
            assertTrue(Math.abs(xavier[i]) <= limit);
            sumSq += xavier[i] * xavier[i];
        }
        assertEquals(limit * limit / 3, sumSq / layout.weightCount(0), 0.02 * limit * limit / 3, "U(±a) variance a²/3");

        float[] he = new float[layout.size()];
        Initializer.HE.initialize(layout, he, 1);
        sumSq = 0;
        for (int i = 0; i < layout.weightCount(0); i++) {
            sumSq += he[i] * he[i];
        }
        assertEquals(2.0 / 400, sumSq / layout.weightCount(0), 0.02 * 2.0 / 400, "He variance 2/fanIn");
        for (int l = 0; l < layout.layers(); l++) {
            for (int i = layout.biasOffset(l); i < layout.end(l); i++) {
                assertEquals(0f, he[i]);
            }
        }
        float[] again = new float[layout.size()];
        Initializer.HE.initialize(layout, again, 1);
        assertArrayEquals(he, again, "seeded");
    }

    @Test
    void configRejectsNonsense() {
        assertEquals("learning rate must be a positive number, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().learningRate(-1).build()).getMessage());
        assertEquals("epochs must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().epochs(0).build()).getMessage());
        assertEquals("batch size must be 1 or more (or 0 for full batch), got -2",
                assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().batchSize(-2).build())
                        .getMessage());
    }
}
