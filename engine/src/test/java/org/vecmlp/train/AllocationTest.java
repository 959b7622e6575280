package org.vecmlp.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecmlp.Mlp;
import org.vecmlp.SteadyAllocation;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;

/**
 * After warm-up a training step allocates nothing: the bytes the training thread allocates over 5,000 steps and
 * over 50,000 steps must be the same to within a small constant (what measuring itself costs), so nothing grows
 * with the number of steps.
 */
class AllocationTest {

    static Stream<Arguments> setups() {
        return Stream.of(
                Arguments.of("scalar", "sgd tanh bce", OptimizerSpec.sgd(), Activation.TANH,
                        Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY, 0.0),
                Arguments.of("scalar", "adam relu softmax l1+l2", OptimizerSpec.adam(), Activation.RELU,
                        Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY, 1e-3),
                Arguments.of("scalar", "nesterov sigmoid mse", OptimizerSpec.nesterov(0.9), Activation.SIGMOID,
                        Activation.IDENTITY, LossFunction.SQUARED_MEAN, 1e-4),
                Arguments.of("simd", "sgd tanh bce", OptimizerSpec.sgd(), Activation.TANH,
                        Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY, 0.0),
                Arguments.of("simd", "adam relu softmax l1+l2", OptimizerSpec.adam(), Activation.RELU,
                        Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY, 1e-3),
                Arguments.of("simd", "nesterov sigmoid mse", OptimizerSpec.nesterov(0.9), Activation.SIGMOID,
                        Activation.IDENTITY, LossFunction.SQUARED_MEAN, 1e-4));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("setups")
    void trainingStepsDoNotAllocate(String backend, String name, OptimizerSpec optimizer, Activation hidden, Activation output,
                                    LossFunction loss, double lambda) {
        int outputs = loss == LossFunction.SOFTMAX_CROSS_ENTROPY ? 2 : 1;
        MlpSpec spec = MlpSpec.builder(2).hidden(40, hidden).hidden(24, hidden).output(outputs, output, loss);
        Dataset data = loss == LossFunction.SQUARED_MEAN ? Generators.plane(64, 0, 1) : Generators.circle(64, 0, 1);
        float[] targets = data.encodeTargets(outputs);
        Mlp model = Mlp.initialize(spec, Initializer.XAVIER, 1);
        Trainer trainer = model.trainer(TrainingConfig.builder().batchSize(16).optimizer(optimizer).learningRate(1e-3)
                .l1(lambda).l2(lambda).build(), org.vecmlp.kernel.SimdOrSkip.byName(backend));
        int[] order = new int[data.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        trainer.loadBatch(data.features(), targets, order, 0, 16);
        // Steady state first: compiled code, whenever the JIT gets there (a fixed count of warm-up steps was enough
        // on one machine and load and not on another); then the real check on a long run.
        java.util.function.LongSupplier allocated = SteadyAllocation.currentThread();
        SteadyAllocation.Wait wait = SteadyAllocation.await(allocated,
                () -> steps(trainer, data, targets, order, 5_000), 1024, java.time.Duration.ofSeconds(120));
        assertTrue(wait.quiet(), name + ": steady state (compiled code) " + wait);
        long longRun = SteadyAllocation.during(allocated, () -> steps(trainer, data, targets, order, 50_000));
        assertTrue(longRun < 64 * 1024, name + ": after " + wait + ", 50,000 steps allocated " + longRun + " bytes");
    }

    private static void steps(Trainer trainer, Dataset data, float[] targets, int[] order, int count) {
        for (int s = 0; s < count; s++) {
            int from = (s * 16) % data.rows();
            trainer.loadBatch(data.features(), targets, order, from, 16);
            trainer.step(16, 1e-3f);
        }
    }
}
