package org.vecmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.kernel.Backend;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;

/** Optimizers, batching modes, determinism, metrics, early stopping and divergence. */
class TrainingBehaviourTest {

    private static final MlpSpec SPIRAL_NET = MlpSpec.builder(2).hidden(16, Activation.TANH).hidden(16, Activation.TANH)
            .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);

    private static double finalLoss(OptimizerSpec optimizer, double lr) {
        Dataset data = Generators.circle(400, 0.0, 1);
        Mlp model = Mlp.initialize(SPIRAL_NET, Initializer.XAVIER, 1);
        TrainingHistory h = model.trainer(TrainingConfig.builder().batchSize(32).epochs(20).learningRate(lr)
                .optimizer(optimizer).seed(1).build(), Backend.scalar()).fit(data);
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss(), optimizer + " must lower the loss");
        return h.last().trainLoss();
    }

    @Test
    void theEpochLossIsTheObjectiveAtTheWeightsEachBatchSaw() {
        // Full batch: one step per epoch, so epoch e reports the objective (data loss + penalty) at the weights the
        // epoch started from, both parts at the same weights: the initial weights for epoch 1.
        Dataset data = Generators.circle(120, 0.1, 3);
        for (double[] l1l2 : new double[][] {{0, 0.05}, {0.02, 0}, {0.01, 0.03}}) {
            Mlp model = Mlp.initialize(SPIRAL_NET, Initializer.XAVIER, 5);
            float[] initial = model.parameters().clone();
            Trainer trainer = model.trainer(TrainingConfig.builder().batchSize(TrainingConfig.FULL_BATCH).epochs(2)
                    .learningRate(0.5).optimizer(OptimizerSpec.sgd()).l1(l1l2[0]).l2(l1l2[1]).seed(1).build(),
                    Backend.scalar());
            double dataLoss = new Evaluator(model.network(), Backend.scalar().newKernels(), 1000)
                    .evaluate(initial, data).loss();
            double abs = 0, squares = 0;
            var layout = model.network().layout();
            for (int l = 0; l < layout.layers(); l++) {
                for (int i = layout.weightOffset(l); i < layout.weightOffset(l) + layout.weightCount(l); i++) {
                    abs += Math.abs(initial[i]);
                    squares += (double) initial[i] * initial[i];
                }
            }
            double objective = dataLoss + l1l2[0] * abs + 0.5 * l1l2[1] * squares;
            TrainingHistory h = trainer.fit(data);
            assertEquals(objective, h.epochs().get(0).trainLoss(), 1e-5 * objective,
                    "l1 " + l1l2[0] + ", l2 " + l1l2[1]);
        }
    }

    @Test
    void momentumNesterovAndAdamBeatPlainSgdOnAFixedProblem() {
        double sgd = finalLoss(OptimizerSpec.sgd(), 0.01);
        double momentum = finalLoss(OptimizerSpec.momentum(0.9), 0.01);
        double nesterov = finalLoss(OptimizerSpec.nesterov(0.9), 0.01);
        double adam = finalLoss(OptimizerSpec.adam(), 0.01);
        System.out.printf("circle after 20 epochs at rate 0.01: sgd %.4f, momentum %.4f, nesterov %.4f, adam %.4f%n",
                sgd, momentum, nesterov, adam);
        assertTrue(momentum < 0.8 * sgd, "momentum " + momentum + " vs sgd " + sgd);
        assertTrue(nesterov < 0.8 * sgd, "nesterov " + nesterov + " vs sgd " + sgd);
        assertTrue(adam < 0.8 * sgd, "adam " + adam + " vs sgd " + sgd);
    }

    @Test
    void sgdMiniBatchAndFullBatchAllLowerTheLoss() {
        Dataset data = Generators.circle(200, 0.0, 2);
        for (int batch : new int[] {1, 10, TrainingConfig.FULL_BATCH}) {
            Mlp model = Mlp.initialize(SPIRAL_NET, Initializer.XAVIER, 2);
            TrainingHistory h = model.trainer(TrainingConfig.builder().batchSize(batch)
                    .epochs(batch == TrainingConfig.FULL_BATCH ? 300 : 20)
                    .learningRate(batch == TrainingConfig.FULL_BATCH ? 0.5 : 0.05).build(), Backend.scalar()).fit(data);
            assertTrue(h.last().trainLoss() < 0.7 * h.epochs().get(0).trainLoss(),
                    "batch " + batch + ": " + h.epochs().get(0).trainLoss() + " -> " + h.last().trainLoss());
        }
    }

    @Test
    void sameSeedGivesBitwiseIdenticalWeightsAndAnotherSeedDoesNot() {
        Dataset data = Generators.xor(300, 0.2, 3);
        float[] a = trainXor(data, 42);
        float[] b = trainXor(data, 42);
        float[] c = trainXor(data, 43);
        assertArrayEquals(a, b, "same seed, same weights bit for bit");
        assertFalse(java.util.Arrays.equals(a, c), "another seed shuffles and initialises differently");
    }

    private static float[] trainXor(Dataset data, long seed) {
        Mlp model = Mlp.initialize(SPIRAL_NET, Initializer.XAVIER, seed);
        model.trainer(TrainingConfig.builder().batchSize(8).epochs(5).learningRate(0.05).seed(seed)
                .optimizer(OptimizerSpec.adam()).build(), Backend.scalar()).fit(data);
        return model.parameters();
    }

    @Test
    void metricsReportLossAccuracyAndEveryLayersGradientNorm() {
        Dataset.Split split = Generators.circle(300, 0.1, 5).split(0.2, 5);
        List<EpochMetrics> seen = new ArrayList<>();
        Mlp model = Mlp.initialize(SPIRAL_NET, Initializer.XAVIER, 5);
        TrainingHistory h = model.trainer(TrainingConfig.builder().batchSize(16).epochs(6).learningRate(0.05)
                .listener(seen::add).build(), Backend.scalar()).fit(split.train(), split.test());
        assertEquals(h.epochs(), seen, "the listener sees every epoch");
        for (EpochMetrics m : seen) {
            assertEquals(3, m.layerGradientNorms().length);
            for (double norm : m.layerGradientNorms()) {
                assertTrue(norm > 0 && Double.isFinite(norm));
            }
            assertTrue(m.trainAccuracy() >= 0 && m.trainAccuracy() <= 1);
            assertTrue(m.hasValidation() && m.validationAccuracy() >= 0 && m.validationAccuracy() <= 1);
            assertEquals(split.train().rows(), m.samples());
        }
        Evaluation direct = new Evaluator(model.network(), Backend.scalar().newKernels(), 64)
                .evaluate(model.parameters(), split.test());
        assertEquals(direct.loss(), h.last().validationLoss(), 1e-9, "validation loss is the evaluator's");
        assertEquals(direct.accuracy(), h.last().validationAccuracy(), 0.0);
    }

    @Test
    void deepSigmoidNetworksShowVanishingGradientsInEarlyLayers() {
        MlpSpec deep = MlpSpec.builder(2).hidden(8, 16, Activation.SIGMOID)
                .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
        Mlp model = Mlp.initialize(deep, Initializer.XAVIER, 9);
        TrainingHistory h = model.trainer(TrainingConfig.builder().batchSize(32).epochs(1).learningRate(0.01)
                .build(), Backend.scalar()).fit(Generators.circle(256, 0, 9));
        double[] norms = h.last().layerGradientNorms();
        assertTrue(norms[0] < norms[norms.length - 1] / 100,
                "sigmoid derivatives ≤ 1/4 shrink the gradient layer by layer: " + java.util.Arrays.toString(norms));
    }

    @Test
    void regularisationShrinksWeights() {
        Dataset data = Generators.gauss(200, 0.2, 6);
        double[] norms = new double[3];
        double[] lambdas = {0, 0.01, 0.1};
        for (int i = 0; i < 3; i++) {
            Mlp model = Mlp.initialize(SPIRAL_NET, Initializer.XAVIER, 6);
            model.trainer(TrainingConfig.builder().batchSize(16).epochs(30).learningRate(0.05).l2(lambdas[i])
                    .build(), Backend.scalar()).fit(data);
            float[] p = model.parameters();
            for (int l = 0; l < model.layout().layers(); l++) {
                for (int j = model.layout().weightOffset(l); j < model.layout().biasOffset(l); j++) {
                    norms[i] += p[j] * p[j];
                }
            }
        }
        assertTrue(norms[1] < norms[0] && norms[2] < norms[1], java.util.Arrays.toString(norms));
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        // A wide network on few noisy points overfits: validation loss turns up and training stops.
        Dataset data = Generators.xor(120, 1.0, 7);
        MlpSpec big = MlpSpec.builder(2).hidden(64, Activation.RELU).hidden(64, Activation.RELU)
                .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
        Mlp model = Mlp.initialize(big, Initializer.HE, 7);
        Trainer trainer = model.trainer(TrainingConfig.builder().batchSize(8).epochs(400).learningRate(0.01)
                .optimizer(OptimizerSpec.adam()).earlyStopping(10, 0, 0.3).build(), Backend.scalar());
        TrainingHistory h = trainer.fit(data);
        assertTrue(h.stoppedEarly(), "ran all " + h.epochs().size() + " epochs");
        assertEquals(h.bestEpoch() + 10, h.epochs().size(), "stops patience epochs after the best");
        double best = h.epochs().get(h.bestEpoch() - 1).validationLoss();
        for (EpochMetrics m : h.epochs()) {
            assertTrue(m.validationLoss() >= best);
        }
        Dataset validation = data.split(0.3, 1 ^ 0x5DEECE66DL).test();
        Evaluation e = new Evaluator(model.network(), Backend.scalar().newKernels(), 32)
                .evaluate(model.parameters(), validation);
        assertEquals(best, e.loss(), 1e-6, "the model holds the best epoch's weights");
    }

    @Test
    void divergenceStopsNamesTheEpochAndKeepsTheLastGoodWeights() {
        Dataset data = Generators.plane(100, 0, 1);
        MlpSpec spec = MlpSpec.builder(2).hidden(8, Activation.RELU).output(1, Activation.IDENTITY,
                LossFunction.SQUARED_SUM);
        Mlp model = Mlp.initialize(spec, Initializer.HE, 1);
        float[] initial = model.parameters().clone();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> model.trainer(TrainingConfig.builder().fullBatch().epochs(50).learningRate(10).build(),
                        Backend.scalar()).fit(data));
        assertTrue(e.getMessage().contains("epoch " + e.epoch()) && e.getMessage().contains("smaller learning rate"),
                e.getMessage());
        for (float p : model.parameters()) {
            assertTrue(Float.isFinite(p), "restored weights are finite");
        }
        if (e.epoch() == 1) {
            assertArrayEquals(initial, model.parameters());
        }
        assertEquals(e.epoch() - 1, e.history().epochs().size());
    }
}
