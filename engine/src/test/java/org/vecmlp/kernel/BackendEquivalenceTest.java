package org.vecmlp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.train.EpochMetrics;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.TrainingConfig;
import org.vecmlp.train.TrainingHistory;

/**
 * Full training on the SIMD backend follows the scalar loss trajectory: the per-epoch training loss of the two
 * agrees to within 1% relative (plus 1e-4 absolute) for every epoch, and the final accuracies match to within
 * 1 percentage point. The two differ only by float rounding (summation order, vector exp/tanh).
 */
class BackendEquivalenceTest {

    @Test
    void simdTrainingFollowsTheScalarTrajectory() {
        Dataset data = Generators.circle(600, 0.1, 3);
        for (MlpSpec spec : List.of(
                MlpSpec.builder(2).hidden(40, Activation.TANH).hidden(24, Activation.SIGMOID)
                        .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY),
                MlpSpec.builder(2).hidden(70, Activation.RELU).hidden(33, Activation.leakyRelu())
                        .output(3, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY))) {
            Dataset d = spec.outputs() == 3 ? threeClasses(data) : data;
            TrainingHistory scalar = train(spec, d, Backend.scalar());
            TrainingHistory simd = train(spec, d, SimdOrSkip.simd());
            for (int e = 0; e < scalar.epochs().size(); e++) {
                EpochMetrics a = scalar.epochs().get(e);
                EpochMetrics b = simd.epochs().get(e);
                double tolerance = 0.01 * Math.abs(a.trainLoss()) + 1e-4;
                assertEquals(a.trainLoss(), b.trainLoss(), tolerance, spec.describe() + " epoch " + (e + 1));
            }
            assertEquals(scalar.last().trainAccuracy(), simd.last().trainAccuracy(), 0.01, spec.describe());
            assertTrue(simd.last().trainLoss() < 0.8 * simd.epochs().get(0).trainLoss(), "it learns");
        }
    }

    private static Dataset threeClasses(Dataset d) {
        int[] labels = new int[d.rows()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = d.features()[2 * i] > 2 ? 2 : d.labels()[i];
        }
        return Dataset.classification("circle3", d.features(), d.rows(), 2, labels, 3);
    }

    private static TrainingHistory train(MlpSpec spec, Dataset d, Backend backend) {
        Mlp model = Mlp.initialize(spec, Initializer.XAVIER, 5);
        return model.trainer(TrainingConfig.builder().batchSize(50).epochs(15).learningRate(0.01)
                .optimizer(OptimizerSpec.adam()).l2(1e-4).seed(5).build(), backend).fit(d);
    }
}
