package org.vecmlp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.SimdOrSkip;
import org.vecmlp.kernel.parallel.ForkJoinRunner;
import org.vecmlp.kernel.parallel.ParallelBackend;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.Network;

/**
 * Which layers' weights the shards share packed: those whose shard products pack, on a GEMM that packs. That the
 * bits stay those of shards packing for themselves is {@code ParallelDeterminismTest}'s.
 */
class ShardedGradientsTest {
    private static final MlpSpec NET = MlpSpec.builder(2).hidden(300, Activation.RELU).hidden(200, Activation.TANH)
            .output(3, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);

    @Test
    void packsTheWeightsOfLayersWhoseShardProductsPackOnce() {
        Backend simd = SimdOrSkip.simd();
        Network network = new Network(NET);
        try (ParallelBackend backend = new ParallelBackend(simd, 2)) {
            ForkJoinRunner runner = backend.newRunner();
            ShardedGradients sharded = new ShardedGradients(network, backend, 32, runner, 128,
                    new float[network.layout().size()]);
            assertNotEquals(0, sharded.sharedPackTasks(), "the 300→200 layer's W and Wᵀ are packed once per step");
        }
        try (ParallelBackend backend = new ParallelBackend(Backend.scalar(), 2)) {
            ShardedGradients sharded = new ShardedGradients(network, backend, 32, backend.newRunner(), 128,
                    new float[network.layout().size()]);
            assertEquals(0, sharded.sharedPackTasks(), "the scalar GEMM does not pack");
        }
    }
}
