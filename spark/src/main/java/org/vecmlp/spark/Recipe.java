package org.vecmlp.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.TrainingConfig;

/**
 * What an executor needs to rebuild the network and its training rules, in a form that serialises: the layers, the
 * loss, the optimizer, the rates and the kernels. Every executor runs the backend named here, so that the partials
 * it sends back have the bits the driver's reference would compute.
 *
 * @param inputs       the input width
 * @param widths       each layer's units, the output layer last
 * @param activations  each layer's activation, by name
 * @param loss         the loss, by its short name
 * @param optimizer    sgd, momentum, nesterov or adam
 * @param momentum     the momentum of momentum and Nesterov
 * @param learningRate the learning rate
 * @param l1           the L1 strength on weights
 * @param l2           the L2 strength on weights
 * @param batch        the global mini-batch (sync) or the per-partition batch of a local step (local SGD)
 * @param seed         the seed of the batches
 * @param backend      the kernels: scalar or simd
 */
public record Recipe(int inputs, int[] widths, String[] activations, String loss, String optimizer, double momentum,
                     double learningRate, double l1, double l2, int batch, long seed, String backend)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The recipe of a spec trained with a config.
     *
     * @param spec    the network
     * @param config  the engine's training settings (its batch size is the global mini-batch)
     * @param backend the kernels every executor runs: scalar or simd
     * @return the recipe
     */
    public static Recipe of(MlpSpec spec, TrainingConfig config, String backend) {
        if (!backend.equals("scalar") && !backend.equals("simd")) {
            throw new IllegalArgumentException("the distributed trainer runs the scalar or simd kernels on each "
                    + "executor, got '" + backend + "'");
        }
        int layers = spec.layers().size();
        int[] widths = new int[layers];
        String[] acts = new String[layers];
        for (int l = 0; l < layers; l++) {
            widths[l] = spec.layers().get(l).units();
            acts[l] = spec.layers().get(l).activation().displayName();
        }
        return new Recipe(spec.inputs(), widths, acts, spec.loss().cliName(), config.optimizer().toString(),
                config.optimizer().momentum(), config.learningRate(), config.l1(), config.l2(),
                config.batchSize(), config.seed(), backend);
    }

    /** {@return the network's spec, rebuilt} */
    public MlpSpec spec() {
        MlpSpec.Builder b = MlpSpec.builder(inputs);
        int last = widths.length - 1;
        for (int l = 0; l < last; l++) {
            b.hidden(widths[l], Activation.parse(activations[l]));
        }
        return b.output(widths[last], Activation.parse(activations[last]), LossFunction.parse(loss));
    }

    /**
     * The engine's training settings with a given batch size.
     *
     * @param batchSize the batch size of the trainer that applies them
     * @return the config
     */
    public TrainingConfig config(int batchSize) {
        return TrainingConfig.builder().batchSize(batchSize).epochs(1).learningRate(learningRate)
                .optimizer(OptimizerSpec.parse(optimizer, momentum)).l1(l1).l2(l2).seed(seed).build();
    }

    /**
     * The same recipe with another batch size.
     *
     * @param newBatch the batch
     * @return the recipe
     */
    public Recipe withBatch(int newBatch) {
        return new Recipe(inputs, widths, activations, loss, optimizer, momentum, learningRate, l1, l2, newBatch, seed,
                backend);
    }

    /** {@return the kernels, by name} */
    public Backend kernels() {
        return BackendProvider.byName(backend);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recipe r && inputs == r.inputs && Arrays.equals(widths, r.widths)
                && Arrays.equals(activations, r.activations) && loss.equals(r.loss) && optimizer.equals(r.optimizer)
                && momentum == r.momentum && learningRate == r.learningRate && l1 == r.l1 && l2 == r.l2
                && batch == r.batch && seed == r.seed && backend.equals(r.backend);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(widths) * 31 + Arrays.hashCode(activations);
    }

    @Override
    public String toString() {
        return "Recipe[" + inputs + "→" + Arrays.toString(widths) + " " + Arrays.toString(activations) + ", " + loss
                + ", " + optimizer + " lr " + learningRate + ", batch " + batch + ", " + backend + "]";
    }
}
