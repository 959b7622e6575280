package org.vecmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vecmlp.Mlp;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.nn.Network;
import org.vecmlp.tensor.Workspace;

/**
 * The step-level API a distributed trainer uses: a gradient computed outside the trainer (by the network itself, as
 * one shard scaled for its batch) then {@link Trainer#applyGradients} is a {@link Trainer#step} to the bit (and two
 * shards summed are the step within rounding), and an
 * optimizer state carried to another trainer continues the same trajectory.
 */
class ExternalGradientTest {
    static final MlpSpec SPEC = MlpSpec.builder(2).hidden(9, Activation.TANH)
            .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
    static final Dataset DATA = Generators.circle(64, 0.1, 5);

    private static TrainingConfig config(String optimizer) {
        return TrainingConfig.builder().batchSize(16).epochs(1).learningRate(0.05)
                .optimizer(OptimizerSpec.parse(optimizer, 0.9)).l1(1e-4).l2(1e-3).seed(2).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "nesterov", "adam"})
    void anOutsideGradientThenApplyGradientsIsAStep(String optimizer) {
        var backend = BackendProvider.byName("scalar");
        Mlp a = Mlp.initialize(SPEC, Initializer.XAVIER, 1);
        Mlp b = a.copy();
        Mlp c = a.copy();
        Trainer stepper = a.trainer(config(optimizer), backend);
        Trainer applier = b.trainer(config(optimizer), backend);
        Trainer sharded = c.trainer(config(optimizer), backend);
        Network network = b.network();
        float[] targets = DATA.encodeTargets(1);
        int[] order = Dataset.permutation(DATA.rows(), new java.util.SplittableRandom(3));
        var kernels = backend.newKernels();
        for (int step = 0; step < 4; step++) {
            int from = step * 16;
            stepper.loadBatch(DATA.features(), targets, order, from, 16);
            stepper.step(16, 0.05f);
            apply(applier, b, network, kernels, order, from, targets, new int[][]{{0, 16}});
            assertArrayEquals(a.parameters(), b.parameters(), optimizer + " step " + step + ": one shard, same bits");
            // The same batch as two shards of 10 and 6 rows, each scaled for the whole batch, summed.
            apply(sharded, c, network, kernels, order, from, targets, new int[][]{{0, 10}, {10, 6}});
            assertArrayEquals(a.parameters(), c.parameters(), 1e-6f, optimizer + " step " + step + ": two shards");
        }
    }

    private static void apply(Trainer trainer, Mlp model, Network network, org.vecmlp.kernel.Kernels kernels,
                              int[] order, int from, float[] targets, int[][] shards) {
        float[] sum = new float[network.layout().size()];
        for (int[] shard : shards) {
            Workspace ws = network.newWorkspace(shard[1], true);
            for (int r = 0; r < shard[1]; r++) {
                int src = order[from + shard[0] + r];
                System.arraycopy(DATA.features(), src * 2, ws.input(), r * 2, 2);
                ws.targets()[r] = targets[src];
            }
            float[] g = new float[sum.length];
            network.forward(kernels, model.parameters(), ws, shard[1]);
            network.loss(ws, shard[1], 16);
            network.backward(kernels, model.parameters(), g, ws, shard[1], false);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += g[i];
            }
        }
        System.arraycopy(sum, 0, trainer.gradients(), 0, sum.length);
        trainer.applyGradients(0.05f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "adam"})
    void anOptimizerStateCarriedOverContinuesTheSameTrajectory(String optimizer) {
        var backend = BackendProvider.byName("scalar");
        Mlp a = Mlp.initialize(SPEC, Initializer.XAVIER, 4);
        Trainer first = a.trainer(config(optimizer), backend);
        float[] targets = DATA.encodeTargets(1);
        int[] order = Dataset.permutation(DATA.rows(), new java.util.SplittableRandom(6));
        for (int step = 0; step < 2; step++) {
            first.loadBatch(DATA.features(), targets, order, step * 16, 16);
            first.step(16, 0.05f);
        }
        Mlp b = a.copy();
        Trainer second = b.trainer(config(optimizer), backend);
        OptimizerState state = first.optimizerState();
        assertEquals(2, state.steps());
        second.restoreOptimizerState(state);
        for (int step = 2; step < 4; step++) {
            first.loadBatch(DATA.features(), targets, order, step * 16, 16);
            first.step(16, 0.05f);
            second.loadBatch(DATA.features(), targets, order, step * 16, 16);
            second.step(16, 0.05f);
        }
        assertArrayEquals(a.parameters(), b.parameters(), optimizer + ": the same bits after the hand-over");
        Trainer adam = Mlp.initialize(SPEC, Initializer.XAVIER, 4).trainer(config("adam"), backend);
        if (!optimizer.equals("adam")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> adam.restoreOptimizerState(state));
            assertEquals("the optimizer state does not fit a adam optimizer of " + a.parameterCount()
                    + " parameters", e.getMessage());
        }
    }
}
