package org.vecmlp.bench;

import java.util.SplittableRandom;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;

/**
 * The training workloads the benchmarks and the PyTorch comparison share: a network and a batch size.
 *
 * <ul>
 *   <li>{@code playground}: 2-8-8-1 tanh, sigmoid + binary cross-entropy, batch 16 (TensorFlow Playground size);</li>
 *   <li>{@code mnist}: 784-256-128-10 ReLU, softmax + cross-entropy, batch 128;</li>
 *   <li>{@code wide}: 1024-1024-1024-10 ReLU, softmax + cross-entropy, batch 256;</li>
 *   <li>{@code deepSigmoid}: 32-(64×8)-1 sigmoid, identity + squared loss, batch 64.</li>
 * </ul>
 */
enum Workload {
    playground(MlpSpec.builder(2).hidden(8, Activation.TANH).hidden(8, Activation.TANH)
            .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY), 16),
    mnist(MlpSpec.builder(784).hidden(256, Activation.RELU).hidden(128, Activation.RELU)
            .output(10, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY), 128),
    wide(MlpSpec.builder(1024).hidden(1024, Activation.RELU).hidden(1024, Activation.RELU)
            .output(10, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY), 256),
    deepSigmoid(MlpSpec.builder(32).hidden(8, 64, Activation.SIGMOID)
            .output(1, Activation.IDENTITY, LossFunction.SQUARED_MEAN), 64);

    final MlpSpec spec;
    final int batch;

    Workload(MlpSpec spec, int batch) {
        this.spec = spec;
        this.batch = batch;
    }

    /** Seeded inputs in [0, 1) for {@code rows} rows. */
    float[] inputs(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * spec.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        return x;
    }

    /** Seeded targets encoded for the output layer: one-hot classes, 0/1 labels, or reals. */
    float[] targets(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        int width = spec.outputs();
        float[] y = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            switch (spec.loss()) {
                case SOFTMAX_CROSS_ENTROPY -> y[r * width + random.nextInt(width)] = 1f;
                case BINARY_CROSS_ENTROPY -> y[r] = random.nextInt(2);
                default -> y[r] = (float) random.nextDouble(-1, 1);
            }
        }
        return y;
    }
}
