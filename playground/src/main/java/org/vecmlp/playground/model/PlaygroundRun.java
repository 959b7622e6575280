package org.vecmlp.playground.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.Kernels;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.nn.Network;
import org.vecmlp.playground.data.Feature;
import org.vecmlp.playground.data.Point;
import org.vecmlp.playground.data.Problem;
import org.vecmlp.tensor.ParameterLayout;
import org.vecmlp.tensor.Workspace;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.Trainer;
import org.vecmlp.train.TrainingConfig;

/**
 * One playground network and its training, an epoch at a time, on the engine's network and trainer. Both modes
 * ({@link Mode}) compute gradients with the engine; the parity mode then applies TensorFlow Playground's update
 * rule itself, the engine mode takes the engine's optimizer step.
 *
 * <p>A run stops itself when the loss or a weight stops being finite: the weights of the last good epoch are put
 * back and {@link #divergence()} says what happened. Not thread-safe: one thread drives a run.
 */
public final class PlaygroundRun {
    /** The playground's view of the input plane: [−6, 6] on both axes. */
    public static final double EXTENT = 6;

    private Settings settings;
    private final PlaygroundData data;
    private final List<Feature> features;
    private final MlpSpec spec;
    private final Network network;
    private final ParameterLayout layout;
    private final float[] params;
    private final float[] lastGood;
    private final boolean[] dead;
    private final Trainer trainer;
    private final Kernels kernels;
    private final float[] trainX;
    private final float[] trainY;
    private final float[] testX;
    private final float[] testY;
    private final int[] order;
    private final Workspace evalWs;
    private final double[] normSums;
    private final boolean sigmoidOutput;
    /** 0 for regression, 2 for two classes (labels ±1), C ≥ 3 for a softmax over C classes (labels 0 … C−1). */
    private final int classes;
    private final int batchSize;
    private int epoch;
    private EpochStats stats;
    private String divergence;
    private Workspace gridWs;
    private int gridN;

    /**
     * A fresh run: data split, network built and initialised, epoch-0 statistics computed.
     *
     * @param settings what to train, and how
     * @param data     the points (see {@link PlaygroundData#of})
     * @param backend  the kernels
     */
    public PlaygroundRun(Settings settings, PlaygroundData data, Backend backend) {
        this(settings, data, backend, settings.batchSize());
    }

    /**
     * A fresh run with a batch size outside the page's 1–30, for the optimisation lessons (128, the full set).
     *
     * @param settings  what to train, and how (its batch size is not used)
     * @param data      the points (see {@link PlaygroundData#of})
     * @param backend   the kernels
     * @param batchSize examples per step, at least 1; 0 or more than the training set: the whole set (GD)
     */
    public PlaygroundRun(Settings settings, PlaygroundData data, Backend backend, int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be ≥ 0 (0: the whole set), got " + batchSize);
        }
        this.batchSize = batchSize == 0 ? data.train().size() : Math.min(batchSize, data.train().size());
        this.settings = settings;
        this.data = data;
        this.features = settings.featureList();
        this.classes = data.classes();
        if (classes > 2 && settings.mode() == Mode.PARITY) {
            throw new SettingsException("mode", "mode: TensorFlow Playground's rules (parity) train two classes; "
                    + "these data have " + classes + ", so they train in engine mode (softmax and cross-entropy)");
        }
        this.spec = spec(settings, classes);
        this.network = new Network(spec);
        this.layout = network.layout();
        this.params = new float[layout.size()];
        initialise(settings, layout, params);
        this.lastGood = params.clone();
        this.dead = new boolean[params.length];
        this.sigmoidOutput = spec.outputLayer().activation().kind() == Activation.Kind.SIGMOID;
        this.trainX = inputs(data.train());
        this.trainY = targets(data.train());
        this.testX = inputs(data.test());
        this.testY = targets(data.test());
        int n = data.train().size();
        this.order = new int[2 * n]; // the parity mode's first batch of an epoch reaches back into the last one
        for (int i = 0; i < order.length; i++) {
            order[i] = i % n;
        }
        TrainingConfig.Builder config = TrainingConfig.builder().batchSize(this.batchSize).epochs(1)
                .learningRate(settings.learningRate()).seed(Seeds.of(settings.seed(), "train"));
        if (settings.mode() == Mode.ENGINE) {
            double rate = settings.effectiveRegularizationRate();
            config.optimizer(OptimizerSpec.parse(settings.optimizer(), 0.9))
                    .l1("L1".equals(settings.regularization()) ? rate : 0)
                    .l2("L2".equals(settings.regularization()) ? rate : 0);
        } else {
            config.optimizer(OptimizerSpec.sgd());
        }
        this.trainer = new Trainer(network, params, config.build(), backend);
        this.kernels = backend.newKernels();
        this.evalWs = network.newWorkspace(Math.max(data.train().size(), Math.max(1, data.test().size())), true);
        this.normSums = new double[layout.layers()];
        this.stats = evaluate(new double[layout.layers()]);
    }

    /**
     * Whether a change of {@code key} can go on in this run rather than start a new one, as TensorFlow Playground
     * does: the learning rate always (both modes read it every step), the regularisation and its rate in parity
     * mode (its update reads them every step; the engine's trainer holds them in its configuration).
     *
     * @param key a setting's URL key
     * @return true when {@link #retune} can take the change
     */
    public boolean retunable(String key) {
        if (divergence != null && settings.mode() == Mode.ENGINE && !"sgd".equals(settings.optimizer())) {
            return false; // the optimizer's state (velocity, moments) diverged with the weights: start anew
        }
        return key.equals("learningRate")
                || settings.mode() == Mode.PARITY && (key.equals("regularization") || key.equals("regularizationRate"));
    }

    /**
     * Goes on with {@code next}, which differs from the settings in force only in {@link #retunable} keys (and
     * what changes the view only): the weights, the epoch and the history stay. A run that diverged goes on from its
     * last good weights (those it kept), which is how a lower learning rate is tried after a divergence.
     *
     * @param next the new settings
     */
    public void retune(Settings next) {
        Map<String, String> now = settings.toMap();
        for (Map.Entry<String, String> e : next.toMap().entrySet()) {
            String key = e.getKey();
            if (!e.getValue().equals(now.get(key)) && !retunable(key) && !VIEW_KEYS.contains(key)) {
                throw new IllegalArgumentException(key + " changes the run; it needs a new one");
            }
        }
        if (divergence != null && !next.toMap().get("learningRate").equals(now.get("learningRate"))) {
            divergence = null;
        }
        settings = next;
    }

    /** Settings that change only the drawing or when to stop: a change to them keeps the run as it is. */
    public static final java.util.Set<String> VIEW_KEYS = java.util.Set.of("showTestData", "discretize", "speed",
            "epochs", "stopLoss");

    /**
     * The trained network as a model file holds it, to take away from the page: its inputs are the features
     * switched on, in the playground's order (named in the metadata), not the raw point. A sigmoid output is a
     * two-class classifier (class 1 is the label +1); a tanh output (parity mode) predicts the label ±1 itself, so it
     * is stored as regression, its sign being the class; regression stays regression.
     *
     * @return a snapshot of the current weights
     */
    public org.vecmlp.io.SavedModel savedModel() {
        Map<String, String> metadata = new java.util.LinkedHashMap<>();
        metadata.put("dataset", "playground " + settings.dataName());
        metadata.put("inputs", String.join(",", features.stream().map(Feature::key).toList()));
        metadata.put("epochs", Integer.toString(epoch));
        metadata.put("playground.settings", settings.toQuery());
        if (classes == 2 && !sigmoidOutput) {
            metadata.put("labels", "the output predicts the label -1 or +1: its sign is the class");
        }
        int fileClasses = classes > 2 ? classes : classes == 2 && sigmoidOutput ? 2 : 0;
        return new org.vecmlp.io.SavedModel(org.vecmlp.Mlp.withParameters(spec, params.clone()), null, fileClasses,
                metadata);
    }

    /**
     * The gradient of the last training step (in the parameters' layout), for the page's backpropagation formulas;
     * null before the first step.
     *
     * @return a copy, or null at epoch 0
     */
    public float[] lastGradients() {
        return epoch == 0 ? null : trainer.gradients().clone();
    }

    /** The network the settings describe: features in, the hidden layers, one output unit. */
    static MlpSpec spec(Settings s, int classes) {
        MlpSpec.Builder b = MlpSpec.builder(s.featureList().size());
        List<String> acts = s.hiddenActivations();
        for (int i = 0; i < s.networkShape().size(); i++) {
            b.hidden(s.networkShape().get(i), hiddenActivation(acts.get(i)));
        }
        if (s.problem() == Problem.REGRESSION) {
            return b.output(1, Activation.IDENTITY, LossFunction.SQUARED_MEAN);
        }
        if (classes > 2) {
            return b.output(classes, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);
        }
        if (s.mode() == Mode.ENGINE && "bce".equals(s.loss())) {
            return b.output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
        }
        return b.output(1, Activation.TANH, LossFunction.SQUARED_MEAN);
    }

    private static Activation hiddenActivation(String name) {
        return "leaky-relu".equals(name) ? Activation.leakyRelu() : Activation.parse(name);
    }

    private static void initialise(Settings s, ParameterLayout layout, float[] params) {
        long seed = Seeds.of(s.seed(), "weights");
        if (s.mode() == Mode.ENGINE) { // He for rectifiers, Xavier for the squashing functions
            boolean rectifier = !s.networkShape().isEmpty() && s.hiddenActivations().get(0).contains("relu");
            (rectifier ? Initializer.HE : Initializer.XAVIER).initialize(layout, params, seed);
            return;
        }
        SplittableRandom random = new SplittableRandom(seed); // the playground: U(−0.5, 0.5) weights, biases 0.1
        for (int l = 0; l < layout.layers(); l++) {
            for (int i = 0; i < layout.weightCount(l); i++) {
                params[layout.weightOffset(l) + i] = (float) (random.nextDouble() - 0.5);
            }
            Arrays.fill(params, layout.biasOffset(l), layout.end(l), 0.1f);
        }
    }

    private float[] inputs(List<Point> points) {
        float[] x = new float[points.size() * features.size()];
        for (int r = 0; r < points.size(); r++) {
            Point p = points.get(r);
            for (int f = 0; f < features.size(); f++) {
                x[r * features.size() + f] = (float) features.get(f).apply(p.x(), p.y());
            }
        }
        return x;
    }

    private float[] targets(List<Point> points) {
        if (classes > 2) { // one-hot rows for the softmax
            float[] y = new float[points.size() * classes];
            for (int r = 0; r < points.size(); r++) {
                y[r * classes + (int) points.get(r).label()] = 1f;
            }
            return y;
        }
        float[] y = new float[points.size()];
        for (int r = 0; r < points.size(); r++) {
            double label = points.get(r).label();
            y[r] = (float) (sigmoidOutput ? (label + 1) / 2 : label); // a sigmoid's targets are 0/1
        }
        return y;
    }

    /** {@return the settings this run was built from} */
    public Settings settings() {
        return settings;
    }

    /** {@return the points it trains and tests on} */
    public PlaygroundData data() {
        return data;
    }

    /** {@return the features it feeds the network, in order} */
    public List<Feature> features() {
        return features;
    }

    /** {@return the network's description} */
    public MlpSpec spec() {
        return spec;
    }

    /** {@return where each layer's weights and biases sit in {@link #parameters()}} */
    public ParameterLayout layout() {
        return layout;
    }

    /** {@return the live parameters (read them between epochs; do not change them)} */
    public float[] parameters() {
        return params;
    }

    /** {@return the statistics after the last epoch (epoch 0 before training)} */
    public EpochStats stats() {
        return stats;
    }

    /** {@return examples per step: the settings' batch size unless the run was built with another} */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The share of weights (not biases) whose magnitude is at most {@code threshold}: L1's sparsity.
     *
     * @param threshold the magnitude counted as zero
     * @return a share in [0, 1]
     */
    public double nearZeroWeightShare(double threshold) {
        int count = 0;
        int total = 0;
        for (int l = 0; l < layout.layers(); l++) {
            for (int i = layout.weightOffset(l); i < layout.weightOffset(l) + layout.weightCount(l); i++) {
                total++;
                count += Math.abs(params[i]) <= threshold ? 1 : 0;
            }
        }
        return (double) count / total;
    }

    /** {@return passes over the training set so far} */
    public int epoch() {
        return epoch;
    }

    /** {@return why the run stopped by itself, or null while it can go on} */
    public String divergence() {
        return divergence;
    }

    /**
     * Whether this run should stop: it diverged, or a stop condition of {@code stops} holds (its epoch limit, its
     * training loss to stop at). The conditions are read from the argument, since a page may change them while the
     * run goes on.
     *
     * @param stops the settings whose {@code epochs} and {@code stopLoss} apply
     * @return true when training should not go on
     */
    public boolean finished(Settings stops) {
        return divergence != null || (stops.epochs() > 0 && epoch >= stops.epochs())
                || (stops.stopLoss() > 0 && stats.trainLoss() <= stops.stopLoss());
    }

    /**
     * Trains one pass over the training set. Does nothing once {@link #divergence()} is set.
     *
     * @return the statistics after it
     */
    public EpochStats trainEpoch() {
        if (divergence != null) {
            return stats;
        }
        Arrays.fill(normSums, 0);
        int steps = settings.mode() == Mode.PARITY ? parityEpoch() : engineEpoch();
        double[] norms = new double[normSums.length];
        for (int l = 0; l < norms.length; l++) {
            norms[l] = steps == 0 ? 0 : normSums[l] / steps;
        }
        epoch++;
        EpochStats next = evaluate(norms);
        if (!Double.isFinite(next.trainLoss()) || !allFinite(params)) {
            System.arraycopy(lastGood, 0, params, 0, params.length);
            divergence = "training diverged in epoch " + epoch + ": the loss became "
                    + (Double.isNaN(next.trainLoss()) ? "NaN" : "infinite") + " at learning rate "
                    + settings.toMap().get("learningRate") + "; the weights of epoch " + (epoch - 1)
                    + " are kept. Lower the learning rate and reset.";
            epoch--;
            return stats;
        }
        System.arraycopy(params, 0, lastGood, 0, params.length);
        stats = next;
        return stats;
    }

    /**
     * The playground's loop over the (once-shuffled) set in a fixed order: an update after the i-th example when
     * i + 1 is a multiple of B, i counted from 0 each epoch; the n mod B examples left over at the end of an epoch
     * join the first batch of the next (the playground accumulates their derivatives until that update).
     */
    private int parityEpoch() {
        int n = data.train().size();
        int batch = batchSize;
        int leftover = epoch == 0 ? 0 : n % batch;
        int steps = 0;
        for (int end = batch; end <= n; end += batch) {
            int from = end - batch;
            int rows = batch;
            if (from == 0 && leftover > 0) {
                from = n - leftover; // order runs 0..n−1 twice, so [n − r, n + B) is the leftover then 0..B−1
                rows = batch + leftover;
            }
            trainer.loadBatch(trainX, trainY, order, from, rows);
            trainer.computeGradients(rows); // the mean of the batch's per-example gradients of ½(o−t)²
            addNorms(trainer.gradients());
            parityUpdate(trainer.gradients());
            steps++;
        }
        return steps;
    }

    /** {@code updateWeights} of the playground: the gradient step, then the penalty from the weight before it. */
    private void parityUpdate(float[] grads) {
        float lr = (float) settings.learningRate();
        float penalty = (float) (settings.learningRate() * settings.effectiveRegularizationRate());
        boolean l1 = "L1".equals(settings.regularization()) && penalty != 0;
        boolean l2 = "L2".equals(settings.regularization()) && penalty != 0;
        for (int l = 0; l < layout.layers(); l++) {
            int w0 = layout.weightOffset(l);
            int w1 = w0 + layout.weightCount(l);
            for (int i = w0; i < w1; i++) {
                if (dead[i]) {
                    continue; // an L1 weight that crossed zero stays at zero, as in the playground
                }
                float old = params[i];
                float stepped = old - lr * grads[i];
                float regulDer = l1 ? Math.signum(old) : l2 ? old : 0f;
                float next = stepped - penalty * regulDer;
                if (l1 && stepped * next < 0) {
                    next = 0f;
                    dead[i] = true;
                }
                params[i] = next;
            }
            for (int i = layout.biasOffset(l); i < layout.end(l); i++) {
                params[i] -= lr * grads[i];
            }
        }
    }

    /** The engine's loop: reshuffled batches, the optimizer's step, regularisation in the gradient. */
    private int engineEpoch() {
        int n = data.train().size();
        int batch = batchSize;
        int[] perm = org.vecmlp.data.Dataset.permutation(n, new SplittableRandom(
                Seeds.of(settings.seed(), "epoch" + epoch)));
        float lr = (float) settings.learningRate();
        int steps = 0;
        for (int from = 0; from < n; from += batch) {
            int rows = Math.min(batch, n - from);
            trainer.loadBatch(trainX, trainY, perm, from, rows);
            trainer.step(rows, lr);
            addNorms(trainer.gradients());
            steps++;
        }
        return steps;
    }

    private void addNorms(float[] grads) {
        for (int l = 0; l < layout.layers(); l++) {
            double sum = 0;
            for (int i = layout.weightOffset(l); i < layout.end(l); i++) {
                sum += (double) grads[i] * grads[i];
            }
            normSums[l] += Math.sqrt(sum);
        }
    }

    private static boolean allFinite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private EpochStats evaluate(double[] norms) {
        int cells = classes > 2 ? classes * classes : 4;
        int[] trainConfusion = new int[cells];
        int[] testConfusion = new int[cells];
        double trainLoss = setLoss(trainX, trainY, data.train(), trainConfusion);
        double testLoss = data.test().isEmpty() ? Double.NaN : setLoss(testX, testY, data.test(), testConfusion);
        return new EpochStats(epoch, trainLoss, testLoss, accuracy(trainConfusion, data.train().size()),
                accuracy(testConfusion, data.test().size()), norms, trainConfusion, testConfusion);
    }

    private double accuracy(int[] confusion, int rows) {
        if (data.problem() != Problem.CLASSIFICATION || rows == 0) {
            return Double.NaN;
        }
        if (classes > 2) {
            int right = 0;
            for (int c = 0; c < classes; c++) {
                right += confusion[c * classes + c];
            }
            return (double) right / rows;
        }
        return (double) (confusion[0] + confusion[3]) / rows;
    }

    /** The mean per-example loss (the engine's own loss of the output layer) and the confusion counts. */
    private double setLoss(float[] x, float[] y, List<Point> points, int[] confusion) {
        int rows = points.size();
        System.arraycopy(x, 0, evalWs.input(), 0, x.length);
        System.arraycopy(y, 0, evalWs.targets(), 0, y.length);
        float[] out = network.forward(kernels, params, evalWs, rows);
        if (classes > 2) { // rows: the actual class, columns: the predicted one
            for (int r = 0; r < rows; r++) {
                confusion[(int) points.get(r).label() * classes + argmax(out, r * classes, classes)]++;
            }
        } else if (data.problem() == Problem.CLASSIFICATION) {
            for (int r = 0; r < rows; r++) {
                boolean predicted = sigmoidOutput ? out[r] >= 0.5f : out[r] >= 0f;
                boolean actual = points.get(r).label() > 0;
                confusion[actual ? (predicted ? 0 : 1) : (predicted ? 2 : 3)]++;
            }
        }
        return network.loss(evalWs, rows) / rows;
    }

    /** The index of the largest of {@code n} values from {@code off} (the first on a tie). */
    static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[off + j] > v[off + best]) {
                best = j;
            }
        }
        return best;
    }

    /** {@return 0 for regression, 2 for two classes, else the softmax's class count} */
    public int classes() {
        return classes;
    }

    /**
     * The output as the views draw it: in [−1, 1] for classification (a sigmoid's p as 2p − 1).
     *
     * @param raw the output unit's value
     * @return the value to colour
     */
    public double displayOutput(float raw) {
        return sigmoidOutput ? 2.0 * raw - 1.0 : raw;
    }

    /**
     * Evaluates the network over an n×n grid of the plane [−6, 6]² (cell centres; row 0 at the top, x2 = +6).
     *
     * @param n the cells per side
     * @return the grid's activations
     */
    public GridView grid(int n) {
        return GridView.evaluate(this, n);
    }

    /**
     * The grid's workspace, kept between frames: its inputs (the features at every cell centre) are written when it is
     * made and are the same for every frame of one n.
     */
    Workspace gridWorkspace(int n) {
        if (gridWs == null || gridN != n) {
            gridWs = network.newWorkspace(n * n, false);
            gridN = n;
            GridView.writeInputs(features, n, gridWs.input());
        }
        return gridWs;
    }

    Network network() {
        return network;
    }

    Kernels kernels() {
        return kernels;
    }
}
