package org.vecmlp.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.vecmlp.data.Dataset;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.Kernels;
import org.vecmlp.kernel.parallel.ForkJoinRunner;
import org.vecmlp.kernel.parallel.ParallelBackend;
import org.vecmlp.nn.Network;
import org.vecmlp.nn.Outputs;
import org.vecmlp.tensor.ParameterLayout;
import org.vecmlp.tensor.Workspace;

/**
 * Trains a model in place. A step is: forward (storing what backward needs) → loss and its output gradient →
 * backward (writing the flat gradient buffer, each entry once, so it needs no zeroing) → regularisation → one
 * optimizer update. Everything a
 * step touches is allocated when the trainer is built, so steps allocate nothing.
 *
 * <p>On a {@link ParallelBackend} a step is either data parallel (batch shards with their own gradients, reduced in
 * a fixed order) or operation parallel (the step's large GEMMs and element-wise passes split by output blocks), as
 * the {@link TrainingConfig}'s {@link ParallelPolicy#dataParallel} decides; both give the same bits for any thread count. A step whose thread
 * is interrupted stops before the update, leaving the model unchanged.
 *
 * <p>Not thread-safe: one trainer per model, driven by one thread.
 */
public final class Trainer {
    private final float[] parameters; // the model's live buffer, updated in place
    private final Network network;
    private final TrainingConfig config;
    private final Kernels kernels;
    private final Backend backend;
    private final Optimizer optimizer;
    private final float[] gradients;
    private final ParameterLayout layout;
    private final ParallelBackend parallel;
    private ShardedGradients sharded;
    private Workspace workspace;
    // A parallel step is one session of the step runner, which every parallel kernel of this trainer runs through;
    // the step's arguments and results pass through these fields, so starting it allocates nothing.
    private final ForkJoinRunner stepRunner;
    private final Runnable stepBody = this::runStep;
    private boolean stepUpdated;
    private int stepRows;
    private float stepLr;
    private double stepLoss;

    /**
     * A trainer of a model's parameters, updated in place: what {@code Mlp.trainer} makes.
     *
     * @param network    the layers
     * @param parameters the model's live buffer, in {@code network}'s layout
     * @param config     how to train
     * @param backend    the kernels; a parallel backend splits each step across its threads
     */
    public Trainer(Network network, float[] parameters, TrainingConfig config, Backend backend) {
        if (parameters.length != network.layout().size()) {
            throw new IllegalArgumentException("the network has " + network.layout().size() + " parameters, got "
                    + parameters.length);
        }
        this.parameters = parameters;
        this.network = network;
        this.config = config;
        this.backend = backend;
        this.parallel = backend instanceof ParallelBackend p ? p : null;
        this.stepRunner = parallel != null ? parallel.newRunner() : null;
        this.kernels = parallel != null ? parallel.newKernels(stepRunner) : backend.newKernels();
        this.layout = network.layout();
        this.gradients = new float[layout.size()];
        this.optimizer = new Optimizer(config.optimizer(), layout.size());
    }

    /**
     * The workspace for batches of up to {@code rows} rows, (re)allocated only when a larger one is needed.
     *
     * @param rows the batch size it must hold
     * @return the buffers the steps read and write
     */
    public Workspace workspace(int rows) {
        if (workspace == null || workspace.capacity() < rows) {
            workspace = network.newWorkspace(rows, true);
        }
        return workspace;
    }

    /** {@return the gradient buffer of the last step, in the parameter layout} */
    public float[] gradients() {
        return gradients;
    }

    /** {@return how this trainer trains} */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Copies rows {@code order[from..from+rows)} of {@code features} and {@code targets} (encoded for the output
     * layer) into the workspace. Allocates nothing once the workspace is big enough.
     *
     * @param features row-major features of the whole set
     * @param targets  row-major encoded targets of the whole set (one-hot, 0/1 or values)
     * @param order    the row order of this epoch
     * @param from     the batch's first position in {@code order}
     * @param rows     the batch's size
     */
    public void loadBatch(float[] features, float[] targets, int[] order, int from, int rows) {
        Workspace ws = workspace(rows);
        int in = network.spec().inputs();
        int out = network.spec().outputs();
        float[] x = ws.input();
        float[] y = ws.targets();
        for (int r = 0; r < rows; r++) {
            int src = order[from + r];
            System.arraycopy(features, src * in, x, r * in, in);
            System.arraycopy(targets, src * out, y, r * out, out);
        }
    }

    /**
     * One training step on the first {@code rows} rows of the workspace.
     *
     * @param rows the batch's size (loaded with {@link #loadBatch})
     * @param lr   the learning rate of this step
     * @return the sum over rows of the per-sample data losses (without regularisation)
     * @throws java.util.concurrent.CancellationException when the thread is interrupted before the update; the model is
     *         then unchanged
     */
    public double step(int rows, float lr) {
        stepRows = rows;
        stepLr = lr;
        stepUpdated = false;
        if (stepRunner != null && stepForks(rows)) {
            // One session per step: the pool's other threads stand by for all of the step's parallel pieces.
            stepRunner.session(stepBody);
        } else {
            runStep();
        }
        if (!stepUpdated) {
            throw interrupted();
        }
        return stepLoss;
    }

    /**
     * Whether a parallel step over {@code rows} rows forks at all: data-parallel shards always do; otherwise only
     * when some GEMM or the update is large enough to split. Tiny networks then run on the calling thread, without
     * holding the pool's threads.
     */
    private boolean stepForks(int rows) {
        if (config.parallel().dataParallel(rows, layout.size())) {
            return true;
        }
        if (layout.size() >= org.vecmlp.kernel.KernelParameters.PARALLEL_ELEMENTWISE_MIN) {
            return true;
        }
        for (int l = 0; l < layout.layers(); l++) {
            if ((long) rows * layout.fanIn(l) * layout.fanOut(l) >= org.vecmlp.kernel.KernelParameters.PARALLEL_GEMM_MIN_FLOPS) {
                return true;
            }
        }
        return false;
    }

    /**
     * The step itself, always on the calling thread (a session runs it there too), so the interrupt status read
     * between the gradients and the update is the caller's.
     */
    private void runStep() {
        stepLoss = computeGradients(stepRows);
        if (!Thread.currentThread().isInterrupted()) {
            optimizer.update(kernels.ops(), stepLr, parameters, gradients);
            stepUpdated = true;
        }
    }

    private static CancellationException interrupted() {
        return new CancellationException("training step interrupted before its update: the model is unchanged");
    }

    /**
     * A step without the update: fills {@link #gradients()} with the gradient of the batch objective (reduced data
     * loss plus regularisation) on the first {@code rows} rows of the workspace.
     *
     * @param rows the batch's size (loaded with {@link #loadBatch})
     * @return the summed per-sample data losses
     */
    public double computeGradients(int rows) {
        Workspace ws = workspace;
        if (ws == null) {
            throw new IllegalStateException("no batch loaded: call loadBatch first");
        }
        float[] params = parameters;
        double lossSum;
        if (parallel != null && config.parallel().dataParallel(rows, params.length)) {
            if (sharded == null || !sharded.fits(rows)) {
                sharded = new ShardedGradients(network, parallel, config.parallel().shardRows(), stepRunner,
                        ws.capacity(), gradients);
            }
            lossSum = sharded.compute(params, ws, rows);
        } else {
            network.forward(kernels, params, ws, rows);
            lossSum = network.loss(ws, rows);
            network.backward(kernels, params, gradients, ws, rows, false); // overwrites: no zeroing pass
        }
        addRegularisationGradient(params);
        return lossSum;
    }

    private void addRegularisationGradient(float[] params) {
        float l1 = (float) config.l1();
        float l2 = (float) config.l2();
        if (l1 == 0f && l2 == 0f) {
            return;
        }
        for (int l = 0; l < layout.layers(); l++) {
            int off = layout.weightOffset(l);
            int len = layout.weightCount(l);
            if (l2 != 0f) {
                kernels.ops().axpy(l2, params, off, gradients, off, len);
            }
            if (l1 != 0f) {
                kernels.ops().addScaledSign(l1, params, off, gradients, off, len);
            }
        }
    }

    /**
     * The update half of a step, for a gradient computed elsewhere (summed over machines, say): adds the
     * regularisation gradient to {@link #gradients()}, which the caller has filled with the batch's mean data-loss
     * gradient, then applies one optimizer update. With {@link #gradients()} filled by {@code computeGradients}'s
     * data part, this is {@link #step} to the bit.
     *
     * @param lr the learning rate of this update
     */
    public void applyGradients(float lr) {
        addRegularisationGradient(parameters);
        optimizer.update(kernels.ops(), lr, parameters, gradients);
    }

    /** {@return a copy of the optimizer's state (its step count and moment buffers), to carry to another trainer} */
    public OptimizerState optimizerState() {
        return optimizer.state();
    }

    /**
     * Puts back an optimizer state taken from a trainer of the same network and optimizer.
     *
     * @param state the state ({@link #optimizerState()})
     * @throws IllegalArgumentException when its buffers do not fit this trainer's optimizer
     */
    public void restoreOptimizerState(OptimizerState state) {
        optimizer.restore(state);
    }

    /** {@return the regularisation penalty {@code l1·Σ|w| + (l2/2)·Σw²} of the current weights} */
    public double regularisationPenalty() {
        if (config.l1() == 0 && config.l2() == 0) {
            return 0;
        }
        float[] params = parameters;
        double abs = 0;
        double squares = 0;
        for (int l = 0; l < layout.layers(); l++) {
            int off = layout.weightOffset(l);
            int len = layout.weightCount(l);
            abs += config.l1() == 0 ? 0 : kernels.ops().sumOfAbs(params, off, len);
            squares += config.l2() == 0 ? 0 : kernels.ops().sumOfSquares(params, off, len);
        }
        return config.l1() * abs + 0.5 * config.l2() * squares;
    }

    /**
     * Trains on {@code train} for the configured epochs, without a validation set (unless early stopping asks).
     *
     * @param train the training set
     * @return the metrics of every epoch
     * @throws TrainingDivergedException when the loss becomes non-finite
     */
    public TrainingHistory fit(Dataset train) {
        return fit(train, null);
    }

    /**
     * Trains on {@code train}, reporting validation metrics on {@code validation} (may be null) after every epoch.
     * With early stopping and no validation set, a seeded fraction of {@code train} is held out for it.
     *
     * @param train      the training set
     * @param validation the validation set, or null
     * @return the metrics of every epoch
     * @throws TrainingDivergedException when the loss becomes non-finite; the model then holds the weights from the
     *         start of that epoch
     */
    public TrainingHistory fit(Dataset train, Dataset validation) {
        checkFits(train);
        TrainingConfig.EarlyStopping early = config.earlyStopping();
        if (early != null && validation == null) {
            if (Math.round(early.validationFraction() * train.rows()) < 1 || train.rows() < 2) {
                throw new IllegalArgumentException(train.name() + ": " + train.rows() + " rows are too few to hold "
                        + "out " + early.validationFraction() + " of them as early stopping's validation set (use more "
                        + "rows, or no early stopping)");
            }
            Dataset.Split split = train.split(early.validationFraction(), config.seed() ^ 0x5DEECE66DL);
            train = split.train();
            validation = split.test();
        }
        if (validation != null) {
            checkFits(validation);
        }
        int n = train.rows();
        int outWidth = network.spec().outputs();
        int batch = config.effectiveBatchSize(n);
        float[] targets = train.encodeTargets(outWidth);
        float[] validationTargets = validation == null ? null : validation.encodeTargets(outWidth);
        Evaluator evaluator = validation == null ? null : new Evaluator(network, kernels, Math.max(batch, 256));
        Workspace ws = workspace(batch);
        int[] labels = train.isClassification() ? train.labels() : null;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom shuffler = new SplittableRandom(config.seed());
        float[] params = parameters;
        float[] lastGood = params.clone();
        float[] best = early != null ? params.clone() : null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        double[] normSums = new double[layout.layers()];
        List<EpochMetrics> history = new ArrayList<>();
        boolean stoppedEarly = false;

        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            long start = System.nanoTime();
            double lr = config.schedule().rate(config.learningRate(), epoch, config.epochs());
            if (batch < n) {
                Dataset.shuffle(order, n, shuffler);
            }
            System.arraycopy(params, 0, lastGood, 0, params.length);
            Arrays.fill(normSums, 0);
            double lossSum = 0;
            double penaltySum = 0;
            long correct = 0;
            int steps = 0;
            for (int from = 0; from < n; from += batch) {
                int rows = Math.min(batch, n - from);
                loadBatch(train.features(), targets, order, from, rows);
                penaltySum += rows * regularisationPenalty(); // at the weights the batch's data loss is taken at
                lossSum += step(rows, (float) lr);
                steps++;
                accumulateGradientNorms(normSums);
                if (labels != null) {
                    correct += countCorrect(ws, labels, order, from, rows, outWidth);
                }
            }
            // The objective at the weights each batch saw before its update (data loss and penalty alike), averaged
            // over the epoch's samples: one consistent quantity (see EpochMetrics#trainLoss).
            double trainLoss = (lossSum + penaltySum) / n;
            // The loss is measured before each update, so the last update can still overflow: check the weights too.
            if (!Double.isFinite(trainLoss) || !Double.isFinite(kernels.ops().sumOfSquares(params, 0, params.length))) {
                System.arraycopy(lastGood, 0, params, 0, params.length);
                throw new TrainingDivergedException(epoch + 1, lr,
                        new TrainingHistory(history, false, history.size()));
            }
            double validationLoss = Double.NaN;
            double validationAccuracy = Double.NaN;
            if (evaluator != null) {
                Evaluation e = evaluator.evaluate(params, validation, validationTargets);
                validationLoss = e.loss() + regularisationPenalty();
                validationAccuracy = e.accuracy();
            }
            double[] norms = new double[normSums.length];
            for (int l = 0; l < norms.length; l++) {
                norms[l] = normSums[l] / steps;
            }
            EpochMetrics metrics = new EpochMetrics(epoch + 1, config.epochs(), trainLoss,
                    labels != null ? (double) correct / n : Double.NaN, validationLoss, validationAccuracy, lr, norms,
                    n, (System.nanoTime() - start) / 1e9);
            history.add(metrics);
            for (TrainingListener listener : config.listeners()) {
                listener.onEpoch(metrics);
            }
            if (early != null) {
                if (validationLoss < bestLoss - early.minDelta()) {
                    bestLoss = validationLoss;
                    bestEpoch = epoch + 1;
                    sinceBest = 0;
                    System.arraycopy(params, 0, best, 0, params.length);
                } else if (++sinceBest >= early.patience()) {
                    stoppedEarly = true;
                    break;
                }
            }
        }
        if (early != null && bestEpoch > 0) {
            System.arraycopy(best, 0, params, 0, params.length);
        } else {
            bestEpoch = history.size();
        }
        return new TrainingHistory(history, stoppedEarly, bestEpoch);
    }

    private void checkFits(Dataset data) {
        int in = network.spec().inputs();
        if (data.featureCount() != in) {
            throw new IllegalArgumentException(data.name() + " has " + data.featureCount()
                    + " features but the network has " + in + " inputs");
        }
        if (data.rows() < 1) {
            throw new IllegalArgumentException(data.name() + " has no rows to train on");
        }
    }

    private void accumulateGradientNorms(double[] normSums) {
        for (int l = 0; l < normSums.length; l++) {
            normSums[l] += Math.sqrt(kernels.ops().sumOfSquares(gradients, layout.weightOffset(l), layout.blockSize(l)));
        }
    }

    /** Correct predictions in the batch just trained, read from the forward pass it made. */
    private int countCorrect(Workspace ws, int[] labels, int[] order, int from, int rows, int outWidth) {
        float[] out = ws.activation(network.depth() - 1);
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            if (Outputs.predictedClass(out, r * outWidth, outWidth) == labels[order[from + r]]) {
                correct++;
            }
        }
        return correct;
    }

    /** {@return the backend this trainer's kernels come from} */
    public Backend backend() {
        return backend;
    }
}
