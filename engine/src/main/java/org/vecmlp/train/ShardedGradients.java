package org.vecmlp.train;

import static org.vecmlp.kernel.KernelParameters.PARALLEL_ELEMENTWISE_CHUNK;

import org.vecmlp.kernel.BlockedGemm;
import org.vecmlp.kernel.Kernels;
import org.vecmlp.kernel.PackedOperand;
import org.vecmlp.kernel.VectorOps;
import org.vecmlp.kernel.parallel.ForkJoinRunner;
import org.vecmlp.kernel.parallel.ParallelBackend;
import org.vecmlp.nn.Network;
import org.vecmlp.tensor.Workspace;

/**
 * Data-parallel gradients: the batch is cut into shards of {@link ParallelPolicy#shardRows()} rows; each shard is a
 * task with its own workspace, kernels and gradient buffer (shard 0's is the trainer's), computing the gradient of
 * the whole batch's loss restricted to its rows. The shard gradients are then summed in a fixed binary-tree order
 * (shard 0 += shard 1, 2 += 3, …, then 0 += 2, …), range by range in parallel. Nothing depends on which thread ran
 * which shard, so the result is the same for any thread count. Everything is allocated once, for the largest batch.
 *
 * <p>Before the shards run, each layer's weights whose shard products are packed are packed once for the step, for
 * the forward product and transposed for the input gradient ({@link PackedOperand}), by all threads together; every
 * shard reads them instead of packing its own copy. The bits are those of shards that pack for themselves.
 */
final class ShardedGradients implements ForkJoinRunner.Body {
    private final Network network;
    private final ForkJoinRunner runner;
    private final int shardRows;
    private final Workspace[] workspaces;
    private final Kernels[] kernels;
    private final float[][] gradients;
    private final double[] lossSums;
    private final VectorOps reducer;
    private final BlockedGemm packer;          // null when the inner GEMM does not pack
    private final PackedOperand[] packedW;     // per layer, null where its shard product is not packed
    private final PackedOperand[] packedWT;
    private final int[] packTaskEnds;          // cumulative pack tasks over (layer, W), (layer, Wᵀ)

    // The step being run.
    private float[] params;
    private Workspace batch;
    private int rows;
    private int shards;
    private Phase phase;

    private enum Phase { PACK, SHARDS, REDUCE }

    ShardedGradients(Network network, ParallelBackend backend, int shardRows, ForkJoinRunner runner, int maxRows,
                     float[] trainerGradients) {
        this.network = network;
        this.runner = runner;
        this.shardRows = shardRows;
        int maxShards = Math.ceilDiv(maxRows, shardRows);
        workspaces = new Workspace[maxShards];
        kernels = new Kernels[maxShards];
        gradients = new float[maxShards][];
        lossSums = new double[maxShards];
        for (int s = 0; s < maxShards; s++) {
            workspaces[s] = network.newWorkspace(shardRows, true);
            kernels[s] = backend.inner().newKernels();
            gradients[s] = s == 0 ? trainerGradients : new float[trainerGradients.length];
        }
        reducer = backend.inner().newKernels().ops();
        int depth = network.depth();
        packedW = new PackedOperand[depth];
        packedWT = new PackedOperand[depth];
        packTaskEnds = new int[2 * depth];
        packer = kernels[0].gemm() instanceof BlockedGemm g ? g : null;
        int tasks = 0;
        for (int l = 0; l < depth; l++) {
            int in = network.layout().fanIn(l);
            int out = network.layout().fanOut(l);
            if (packer != null && packer.packs(shardRows, out, in)) {
                packedW[l] = new PackedOperand(packer, false, in, out);
                tasks += packedW[l].packTasks();
            }
            packTaskEnds[2 * l] = tasks;
            if (packer != null && l > 0 && packer.packs(shardRows, in, out)) {
                packedWT[l] = new PackedOperand(packer, true, out, in); // dX = dZ·Wᵀ: B stored in×out
                tasks += packedWT[l].packTasks();
            }
            packTaskEnds[2 * l + 1] = tasks;
        }
    }

    /** How many tasks pack the step's shared weights (0: every shard packs its own). */
    int sharedPackTasks() {
        return packTaskEnds[packTaskEnds.length - 1];
    }

    /** Can this instance run a batch of {@code batchRows} rows? */
    boolean fits(int batchRows) {
        return Math.ceilDiv(batchRows, shardRows) <= workspaces.length;
    }

    /**
     * Fills shard 0's buffer (the trainer's gradients) with the batch gradient of the data loss for the first
     * {@code batchRows} rows of {@code batchWorkspace}, and copies each shard's outputs back into the batch
     * workspace's output layer. Returns the summed per-sample losses, added in shard order.
     */
    double compute(float[] parameters, Workspace batchWorkspace, int batchRows) {
        params = parameters;
        batch = batchWorkspace;
        rows = batchRows;
        shards = Math.ceilDiv(batchRows, shardRows);
        try {
            phase = Phase.PACK;
            runner.run(this, packTaskEnds[packTaskEnds.length - 1]);
            phase = Phase.SHARDS;
            runner.run(this, shards);
            phase = Phase.REDUCE;
            runner.run(this, Math.ceilDiv(gradients[0].length, PARALLEL_ELEMENTWISE_CHUNK));
        } finally {
            params = null;
            batch = null;
        }
        double total = 0;
        for (int s = 0; s < shards; s++) {
            total += lossSums[s];
        }
        return total;
    }

    @Override
    public void run(int index) {
        switch (phase) {
            case PACK -> packTask(index);
            case SHARDS -> shard(index);
            case REDUCE -> reduceRange(index);
        }
    }

    /** One task of packing the step's weights: the {@code index}-th over every layer's W and Wᵀ in order. */
    private void packTask(int index) {
        int slot = 0;
        while (packTaskEnds[slot] <= index) {
            slot++;
        }
        int l = slot / 2;
        PackedOperand operand = slot % 2 == 0 ? packedW[l] : packedWT[l];
        int first = slot == 0 ? 0 : packTaskEnds[slot - 1];
        operand.packTask(packer, index - first, params, network.layout().weightOffset(l),
                network.layout().fanOut(l));
    }

    private void shard(int s) {
        Workspace ws = workspaces[s];
        int from = s * shardRows;
        int n = Math.min(shardRows, rows - from);
        int in = network.spec().inputs();
        int out = network.spec().outputs();
        System.arraycopy(batch.input(), from * in, ws.input(), 0, n * in);
        System.arraycopy(batch.targets(), from * out, ws.targets(), 0, n * out);
        Kernels k = kernels[s];
        network.forward(k, params, ws, n, packedW);
        lossSums[s] = network.loss(ws, n, rows);
        network.backward(k, params, gradients[s], ws, n, false, packedWT);
        int last = network.depth() - 1;
        System.arraycopy(ws.activation(last), 0, batch.activation(last), from * out, n * out);
    }

    /** The fixed tree over shards, on one range of the parameter vector. */
    private void reduceRange(int chunk) {
        int from = chunk * PARALLEL_ELEMENTWISE_CHUNK;
        int len = Math.min(PARALLEL_ELEMENTWISE_CHUNK, gradients[0].length - from);
        for (int stride = 1; stride < shards; stride *= 2) {
            for (int s = 0; s + stride < shards; s += 2 * stride) {
                reducer.axpy(1f, gradients[s + stride], from, gradients[s], from, len);
            }
        }
    }
}
