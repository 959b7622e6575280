package org.vecmlp.spark;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.vecmlp.data.Dataset;
import org.vecmlp.kernel.Kernels;
import org.vecmlp.nn.Network;
import org.vecmlp.tensor.Workspace;
import org.vecmlp.train.OptimizerState;
import org.vecmlp.train.Trainer;

/**
 * What a partition computes, with the engine's own network and trainer: its part of a synchronous step's gradient,
 * or k local steps of local SGD. Plain functions of their arguments, so the in-process reference and Spark's
 * executors compute the same bits.
 */
final class StepWork {
    private StepWork() {
    }

    /**
     * A synchronous step, as every partition receives it.
     *
     * @param recipe     the network and its rules
     * @param params     the step's parameters
     * @param globalStep the step's number over the whole run
     * @param epoch      the epoch (seeds the permutations)
     * @param steps      steps an epoch
     * @param step       the step within the epoch
     * @param stepRows   the rows of the whole step, over every partition
     * @param hooks      injected faults and delays
     */
    record SyncStep(Recipe recipe, float[] params, long globalStep, int epoch, int steps, int step, int stepRows,
                    TaskHooks hooks) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * A partition's part of a synchronous step.
     *
     * @param partition the partition
     * @param gradient  its gradient, already divided by the step's rows
     * @param lossSum   its rows' summed losses
     * @param rows      its rows in the step
     */
    record Partial(int partition, float[] gradient, double lossSum, int rows) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** This epoch's order of a partition's rows: seeded by the seed, the epoch and the partition. */
    static int[] order(long seed, long epoch, PartitionRows part) {
        return Dataset.permutation(part.rows(), new SplittableRandom(Seeds.of(seed, epoch, part.index())));
    }

    static Partial gradient(SyncStep s, PartitionRows part, int attempt) {
        s.hooks().before(s.globalStep(), part.index(), attempt);
        int[] share = Partitions.share(part.rows(), s.steps(), s.step());
        int rows = share[1] - share[0];
        Scratch scratch = Scratch.of(s.recipe(), rows);
        Network network = scratch.network;
        float[] grads = new float[network.layout().size()];
        if (rows == 0) {
            return new Partial(part.index(), grads, 0, 0); // nothing of this partition in this step: zeros
        }
        int[] order = scratch.order(s.recipe().seed(), s.epoch(), part);
        Workspace ws = scratch.workspace;
        gather(part, order, share[0], rows, ws);
        Kernels kernels = scratch.kernels;
        network.forward(kernels, s.params(), ws, rows);
        double loss = network.loss(ws, rows, s.stepRows()); // this partition's rows as a shard of the whole step
        network.backward(kernels, s.params(), grads, ws, rows, false);
        return new Partial(part.index(), grads, loss, rows);
    }

    /**
     * What a task thread keeps from one synchronous step to the next: the network, its kernels (with their packing
     * buffers) and a workspace, and each partition's permutation of the epoch. Built anew every step they cost more
     * than a small step's compute (zeroed buffers, a permutation of the partition's rows). Each is a pure function
     * of the recipe, the rows and the seeds, so a reused one gives the same bits as a new one.
     */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> LAST = new ThreadLocal<>();
        final Recipe recipe;
        final Network network;
        final Kernels kernels;
        final Workspace workspace;
        /** By partition: the epoch's permutation with what it was drawn for (it depends on nothing else). */
        private final java.util.Map<Integer, Order> orders = new java.util.HashMap<>();

        private record Order(long seed, long epoch, int rows, int[] positions) {
        }

        private Scratch(Recipe recipe, int rows) {
            this.recipe = recipe;
            this.network = new Network(recipe.spec());
            this.kernels = recipe.kernels().newKernels();
            this.workspace = network.newWorkspace(Math.max(1, rows), true);
        }

        static Scratch of(Recipe recipe, int rows) {
            Scratch last = LAST.get();
            if (last == null || !last.recipe.equals(recipe) || last.workspace.capacity() < rows) {
                last = new Scratch(recipe, rows);
                LAST.set(last);
            }
            return last;
        }

        int[] order(long seed, long epoch, PartitionRows part) {
            Order o = orders.get(part.index());
            if (o == null || o.seed != seed || o.epoch != epoch || o.rows != part.rows()) {
                o = new Order(seed, epoch, part.rows(), StepWork.order(seed, epoch, part));
                orders.put(part.index(), o);
            }
            return o.positions;
        }
    }

    private static void gather(PartitionRows part, int[] order, int from, int rows, Workspace ws) {
        int in = part.inputs();
        int out = part.outputs();
        for (int r = 0; r < rows; r++) {
            int src = order[from + r];
            System.arraycopy(part.features(), src * in, ws.input(), r * in, in);
            System.arraycopy(part.targets(), src * out, ws.targets(), r * out, out);
        }
    }

    /**
     * A round of local SGD, as every partition receives it.
     *
     * @param recipe     the network and its rules (its batch: the per-partition batch)
     * @param params     the round's parameters
     * @param state      the round's optimizer state
     * @param round      the round's number
     * @param localSteps the steps each partition takes
     * @param hooks      injected faults and delays
     */
    record LocalRound(Recipe recipe, float[] params, OptimizerState state, long round, int localSteps,
                      TaskHooks hooks) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * A partition's model after its local steps.
     *
     * @param partition the partition
     * @param params    its parameters after the steps
     * @param state     its optimizer state after them
     * @param lossSum   the summed losses of its steps
     * @param rows      the rows its steps took
     */
    record LocalResult(int partition, float[] params, OptimizerState state, double lossSum, long rows)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * k local steps from the round's model: batches of the recipe's batch size from the partition's own rows, the
     * j-th local step of the partition (counting across rounds) at positions [j·b mod n_p …) of the permutation of
     * epoch ⌊j·b / n_p⌋.
     */
    static LocalResult localSteps(LocalRound r, PartitionRows part, int attempt) {
        r.hooks().before(r.round(), part.index(), attempt);
        Network network = new Network(r.recipe().spec());
        float[] params = r.params().clone();
        int batch = Math.min(r.recipe().batch(), part.rows());
        Trainer trainer = new Trainer(network, params, r.recipe().config(batch), r.recipe().kernels());
        trainer.restoreOptimizerState(r.state());
        double loss = 0;
        long rows = 0;
        for (int i = 0; i < r.localSteps(); i++) {
            long j = r.round() * r.localSteps() + i;
            long position = j * batch;
            int offset = (int) (position % part.rows());
            int take = Math.min(batch, part.rows() - offset);
            int[] order = order(r.recipe().seed(), position / part.rows(), part);
            trainer.loadBatch(part.features(), part.targets(), order, offset, take);
            loss += trainer.step(take, (float) r.recipe().learningRate());
            rows += take;
        }
        return new LocalResult(part.index(), params, trainer.optimizerState(), loss, rows);
    }
}
