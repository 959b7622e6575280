package org.vecmlp.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vecmlp.data.Dataset;
import org.vecmlp.nn.Network;
import org.vecmlp.train.EpochMetrics;
import org.vecmlp.train.OptimizerState;
import org.vecmlp.train.Trainer;
import org.vecmlp.train.TrainingListener;

/**
 * Data-parallel training over partitions, on any {@link PartitionRunner}: the driver's loop of both modes. The
 * updates run on the driver with the engine's trainer ({@link Trainer#applyGradients}); the partitions' work is
 * {@link StepWork}. The same recipe, partitions and seed give the same bits on Spark, with any number of executors
 * or cores, as on the in-process reference.
 */
public final class DistributedTrainer {
    private final Recipe recipe;
    private final DistributedOptions options;

    /**
     * A trainer.
     *
     * @param recipe  the network, the optimizer, the rates, the global batch and the kernels
     * @param options the mode and the partitions
     */
    public DistributedTrainer(Recipe recipe, DistributedOptions options) {
        this.recipe = recipe;
        this.options = options;
    }

    /**
     * What a training run produced.
     *
     * @param parameters  the trained parameters
     * @param epochLosses the mean data loss over each epoch's (sync) or each round's (local SGD) examples
     * @param updates     the driver's updates: steps (sync) or averagings (local SGD)
     */
    public record Result(float[] parameters, List<Double> epochLosses, long updates) {
    }

    /**
     * Trains from {@code initial} for {@code epochs} epochs.
     *
     * @param train   the training set
     * @param initial the starting parameters (not changed)
     * @param epochs  passes over the training set (local SGD: the rounds that process as many examples)
     * @param runner  where the partitions run
     * @return the result
     * @throws DistributedTrainingException when a task fails on every attempt or the loss becomes non-finite
     */
    public Result fit(Dataset train, float[] initial, int epochs, PartitionRunner runner) {
        return fit(train, initial, epochs, runner, m -> { });
    }

    /**
     * Trains from {@code initial} for {@code epochs} epochs, telling a listener after each epoch (sync) or each
     * averaging round (local SGD) its mean training loss; accuracies and gradient norms are not computed (NaN, empty).
     *
     * @param train    the training set
     * @param initial  the starting parameters (not changed)
     * @param epochs   passes over the training set (local SGD: the rounds that process as many examples)
     * @param runner   where the partitions run
     * @param listener told the progress, on the driver
     * @return the result
     * @throws DistributedTrainingException when a task fails on every attempt or the loss becomes non-finite
     */
    public Result fit(Dataset train, float[] initial, int epochs, PartitionRunner runner, TrainingListener listener) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        Network network = new Network(recipe.spec());
        if (initial.length != network.layout().size()) {
            throw new IllegalArgumentException("the network has " + network.layout().size() + " parameters, got "
                    + initial.length);
        }
        List<PartitionRows> parts = Partitions.split(train, network.spec().outputs(), options.partitions());
        runner.load(parts);
        return options.mode() == DistributedOptions.Mode.SYNC
                ? sync(train.rows(), parts, network, initial.clone(), epochs, runner, listener)
                : local(train.rows(), parts, network, initial.clone(), epochs, runner, listener);
    }

    private Result sync(int n, List<PartitionRows> parts, Network network, float[] params, int epochs,
                        PartitionRunner runner, TrainingListener listener) {
        int batch = recipe.batch() <= 0 ? n : Math.min(recipe.batch(), n);
        Trainer driver = new Trainer(network, params, recipe.config(batch), recipe.kernels());
        int[] sizes = parts.stream().mapToInt(PartitionRows::rows).toArray();
        int steps = Partitions.stepsPerEpoch(n, batch);
        List<Double> losses = new ArrayList<>();
        float[] lastGood = params.clone();
        long global = 0;
        for (int e = 0; e < epochs; e++) {
            long started = System.nanoTime();
            double epochLoss = 0;
            for (int s = 0; s < steps; s++, global++) {
                int stepRows = Partitions.stepRows(sizes, steps, s);
                StepWork.SyncStep step = new StepWork.SyncStep(recipe, params.clone(), global, e, steps, s, stepRows,
                        options.hooks());
                List<StepWork.Partial> partials = runStep(runner, step, global, lastGood);
                List<float[]> grads = new ArrayList<>(partials.size());
                double[] partLosses = new double[partials.size()];
                for (int p = 0; p < partials.size(); p++) {
                    grads.add(partials.get(p).gradient());
                    partLosses[p] = partials.get(p).lossSum();
                }
                System.arraycopy(TreeSum.sum(grads), 0, driver.gradients(), 0, params.length);
                driver.applyGradients((float) recipe.learningRate());
                double stepLoss = TreeSum.sum(partLosses);
                if (!Double.isFinite(stepLoss) || !finite(params)) {
                    throw new DistributedTrainingException("training diverged at step " + global + " (epoch "
                            + (e + 1) + "): the loss became non-finite; lower the learning rate", global, -1,
                            lastGood, null);
                }
                epochLoss += stepLoss;
                System.arraycopy(params, 0, lastGood, 0, params.length);
            }
            losses.add(epochLoss / n);
            listener.onEpoch(progress(e + 1, epochs, epochLoss / n, n, started));
        }
        return new Result(params, losses, global);
    }

    private Result local(int n, List<PartitionRows> parts, Network network, float[] params, int epochs,
                         PartitionRunner runner, TrainingListener listener) {
        int batch = recipe.batch() <= 0 ? n : Math.min(recipe.batch(), n);
        int perPartitionBatch = Math.max(1, batch / parts.size());
        Recipe local = recipe.withBatch(perPartitionBatch);
        // As many examples as the epochs: each round every partition takes k batches of about B / P rows.
        long rounds = Math.max(1, ((long) epochs * Partitions.stepsPerEpoch(n, batch) + options.localSteps() - 1)
                / options.localSteps());
        OptimizerState state = new Trainer(network, params.clone(), local.config(perPartitionBatch),
                local.kernels()).optimizerState();
        List<Double> losses = new ArrayList<>();
        float[] lastGood = params.clone();
        for (long r = 0; r < rounds; r++) {
            long started = System.nanoTime();
            StepWork.LocalRound round = new StepWork.LocalRound(local, params.clone(), state, r,
                    options.localSteps(), options.hooks());
            List<StepWork.LocalResult> results = runRound(runner, round, r, lastGood);
            List<float[]> models = new ArrayList<>();
            List<float[]> firsts = new ArrayList<>();
            List<float[]> seconds = new ArrayList<>();
            double[] partLosses = new double[results.size()];
            long rows = 0;
            for (int p = 0; p < results.size(); p++) {
                StepWork.LocalResult res = results.get(p);
                models.add(res.params());
                if (res.state().first() != null) {
                    firsts.add(res.state().first());
                }
                if (res.state().second() != null) {
                    seconds.add(res.state().second());
                }
                partLosses[p] = res.lossSum();
                rows += res.rows();
            }
            float[] mean = average(models);
            System.arraycopy(mean, 0, params, 0, params.length);
            state = new OptimizerState(results.get(0).state().steps(), firsts.isEmpty() ? null : average(firsts),
                    seconds.isEmpty() ? null : average(seconds));
            double loss = TreeSum.sum(partLosses);
            if (!Double.isFinite(loss) || !finite(params)) {
                throw new DistributedTrainingException("training diverged in round " + r + ": the loss became "
                        + "non-finite; lower the learning rate", r, -1, lastGood, null);
            }
            losses.add(loss / rows);
            System.arraycopy(params, 0, lastGood, 0, params.length);
            listener.onEpoch(progress((int) Math.min(r + 1, Integer.MAX_VALUE), (int) Math.min(rounds,
                    Integer.MAX_VALUE), loss / rows, rows, started));
        }
        return new Result(params, losses, rounds);
    }

    private EpochMetrics progress(int done, int total, double loss, long samples, long started) {
        return new EpochMetrics(done, total, loss, Double.NaN, Double.NaN, Double.NaN, recipe.learningRate(),
                new double[0], samples, (System.nanoTime() - started) / 1e9);
    }

    /** The mean of the partitions' vectors: their tree sum over the count. */
    private static float[] average(List<float[]> vectors) {
        float[] sum = TreeSum.sum(vectors);
        float count = vectors.size();
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= count;
        }
        return sum;
    }

    private static List<StepWork.Partial> runStep(PartitionRunner runner, StepWork.SyncStep step, long global,
                                                  float[] lastGood) {
        try {
            return runner.run(step, StepWork::gradient);
        } catch (Exception e) { // Spark's SparkException is checked, thrown from Scala undeclared
            throw failed(runner, "step", global, lastGood, e);
        }
    }

    private static List<StepWork.LocalResult> runRound(PartitionRunner runner, StepWork.LocalRound round, long r,
                                                       float[] lastGood) {
        try {
            return runner.run(round, StepWork::localSteps);
        } catch (Exception e) {
            throw failed(runner, "round", r, lastGood, e);
        }
    }

    private static final Pattern TASK = Pattern.compile("[Tt]ask (\\d+)(?:\\.\\d+)? in stage");

    /** A failed job, named by its step and, where Spark's message says it, the partition of the task. */
    private static DistributedTrainingException failed(PartitionRunner runner, String what, long index,
                                                       float[] lastGood, Exception e) {
        int partition = e instanceof PartitionFailure f ? f.partition() : -1;
        for (Throwable t = e; t != null && partition < 0; t = t.getCause()) {
            Matcher m = TASK.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                partition = Integer.parseInt(m.group(1));
                break;
            }
        }
        String root = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        return new DistributedTrainingException(what + " " + index + (partition >= 0 ? ", partition " + partition : "")
                + " failed on " + runner.describe() + ": " + root + " (the model of the last completed " + what
                + " is kept)", index, partition, lastGood, e);
    }

    private static boolean finite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
