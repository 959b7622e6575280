package org.vecmlp.neuron;

import java.util.SplittableRandom;
import org.vecmlp.Mlp;
import org.vecmlp.data.Dataset;
import org.vecmlp.kernel.Backend;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.Trainer;
import org.vecmlp.train.TrainingConfig;

/**
 * Rosenblatt's perceptron trained with the perceptron learning rule: visit the samples one at a time (shuffled each
 * epoch) and on every mistake move {@code w += η·s·x}, {@code b += η·s} with {@code s = ±1} the true side. That is
 * exactly SGD with batch 1 on the perceptron criterion, so it runs on the ordinary engine; the threshold's own
 * derivative (zero almost everywhere) is never used. Training stops at the first epoch without a mistake
 * (convergence, guaranteed for linearly separable data) or after {@code maxEpochs}.
 */
public final class Perceptron {
    private final Mlp model;
    private final Backend backend;

    /**
     * A perceptron of {@code inputs} inputs, weights and bias 0.
     *
     * @param inputs  the number of features
     * @param backend the kernels it runs on
     */
    public Perceptron(int inputs, Backend backend) {
        this.model = Mlp.withParameters(SingleNeurons.perceptron(inputs), new float[inputs + 1]);
        this.backend = backend;
    }

    /** {@return the underlying one-neuron model (weights then bias, starting at zero)} */
    public Mlp model() {
        return model;
    }

    /**
     * The outcome of training.
     *
     * @param converged         whether an epoch passed without a single mistake
     * @param epochs            epochs run
     * @param mistakesPerEpoch  mistakes (updates) in each epoch
     */
    public record Result(boolean converged, int epochs, int[] mistakesPerEpoch) {
    }

    /**
     * Trains on a two-class set with the perceptron rule at rate {@code eta}.
     *
     * @param data           a two-class set
     * @param maxEpochs the most passes over it
     * @param eta             the learning rate
     * @param seed           the shuffles' seed
     * @return the epochs run, whether it converged (no mistakes in an epoch) and the mistakes per epoch
     */
    public Result train(Dataset data, int maxEpochs, double eta, long seed) {
        if (!data.isClassification() || data.classes() != 2) {
            throw new IllegalArgumentException("the perceptron separates two classes; " + data.name() + " is not a "
                    + "two-class set");
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("max epochs must be at least 1, got " + maxEpochs);
        }
        TrainingConfig config = TrainingConfig.builder().batchSize(1).epochs(maxEpochs).learningRate(eta)
                .optimizer(OptimizerSpec.sgd()).seed(seed).build();
        Trainer trainer = model.trainer(config, backend);
        float[] targets = data.encodeTargets(1);
        int n = data.rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] mistakes = new int[maxEpochs];
        for (int epoch = 0; epoch < maxEpochs; epoch++) {
            Dataset.shuffle(order, n, random);
            for (int i = 0; i < n; i++) {
                trainer.loadBatch(data.features(), targets, order, i, 1);
                trainer.step(1, (float) eta);
                float predicted = trainer.workspace(1).activation(0)[0];
                if (predicted != targets[order[i]]) {
                    mistakes[epoch]++;
                }
            }
            if (mistakes[epoch] == 0) {
                return new Result(true, epoch + 1, java.util.Arrays.copyOf(mistakes, epoch + 1));
            }
        }
        return new Result(false, maxEpochs, mistakes);
    }
}
