package org.vecmlp.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vecmlp.nn.LayerSpec;
import org.vecmlp.Mlp;
import org.vecmlp.train.NetworkDesign;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Standardizer;
import org.vecmlp.io.ModelFile;
import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.parallel.ParallelBackend;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.train.Evaluation;
import org.vecmlp.train.Evaluator;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.LearningRateSchedule;
import org.vecmlp.train.MemoryEstimate;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.ParallelPolicy;
import org.vecmlp.train.Trainer;
import org.vecmlp.train.TrainingConfig;
import org.vecmlp.train.TrainingDivergedException;
import org.vecmlp.train.TrainingHistory;
import org.vecmlp.spark.DistributedOptions;
import org.vecmlp.spark.DistributedTrainer;
import org.vecmlp.spark.DistributedTrainingException;
import org.vecmlp.spark.Masters;
import org.vecmlp.spark.PartitionRunner;
import org.vecmlp.spark.Partitions;
import org.vecmlp.spark.Recipe;
import org.vecmlp.spark.TaskHooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vecmlp train}: builds a network for the data, trains it with progress, reports and saves it. */
@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Train a network on a built-in set, a CSV file or MNIST IDX files.")
final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    VecmlpCommand parent;

    @Mixin
    DataSource source;

    @Option(names = "--test-fraction", defaultValue = "0.2",
            description = "Fraction of rows held out for testing, in [0, 1) (default ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--standardize", description = "Standardise features with statistics from the training part (stored in the model).")
    boolean standardize;

    @Option(names = "--hidden", defaultValue = "16,16", paramLabel = "N,N,…",
            description = "Hidden layer widths (default ${DEFAULT-VALUE}); \"\" for a single neuron.")
    String hidden;

    @Option(names = "--activation", defaultValue = "relu",
            description = "Hidden activation: identity, sigmoid, tanh, relu, leaky-relu[:alpha] (default ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--output", description = "Output activation: identity, sigmoid, softmax, tanh, threshold "
            + "(default: the one that fits the loss).")
    String output;

    @Option(names = "--loss", description = "mse, mse-sum, bce, ce or perceptron (default: bce for two classes, "
            + "ce for more, mse for regression).")
    String loss;

    @Option(names = "--init", description = "uniform, normal, xavier or he (default: he for ReLU, xavier otherwise).")
    String init;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N|full",
            description = "Mini-batch size: 1 = SGD, 0 or 'full' = full-batch gradient descent (default ${DEFAULT-VALUE}).")
    String batch;

    @Option(names = "--epochs", defaultValue = "50", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--schedule", defaultValue = "constant",
            description = "Learning-rate schedule: constant, step (halve every 10 epochs) or cosine (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--optimizer", defaultValue = "adam",
            description = "sgd, momentum, nesterov or adam (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum for momentum and nesterov (default ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--l1", defaultValue = "0", description = "L1 strength λ on weights (default ${DEFAULT-VALUE}).")
    double l1;

    @Option(names = "--l2", defaultValue = "0", description = "L2 strength λ on weights (default ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--early-stop", defaultValue = "0", paramLabel = "PATIENCE",
            description = "Stop when the validation loss (10%% of the training part) has not improved for PATIENCE "
                    + "epochs and keep the best weights; 0 = off (default).")
    int earlyStop;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, scalar, simd or parallel (default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--threads", defaultValue = "1", description = "Threads for the parallel backend (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--parallel-mode", defaultValue = "auto", paramLabel = "MODE",
            description = "Parallel backend only: auto (the engine's rule), data (batch shards) or operation (split "
                    + "GEMMs); default ${DEFAULT-VALUE}. Results depend on the mode, never on --threads.")
    String parallelMode;

    @Option(names = "--shard-rows", defaultValue = "" + ParallelPolicy.DEFAULT_SHARD_ROWS, paramLabel = "N",
            description = "Parallel backend only: rows per data-parallel shard (default ${DEFAULT-VALUE}).")
    int shardRows;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train data-parallel on Apache Spark: local, local[N], local[*] or local[N,F] (F attempts a "
                    + "task) in an embedded Spark bound to 127.0.0.1 with no web UI, or " + Masters.IN_PROCESS
                    + " (the partitions one after another, no Spark: the reference Spark's result equals bit for "
                    + "bit). For a cluster, submit org.vecmlp.spark.TrainJob with spark-submit.")
    String spark;

    @Option(names = "--partitions", paramLabel = "N",
            description = "With --spark: partitions of the training rows (default: the local master's cores).")
    Integer partitions;

    @Option(names = "--spark-mode", defaultValue = "sync", paramLabel = "MODE",
            description = "With --spark: sync (broadcast, per-partition gradients, one update a global mini-batch) "
                    + "or local-sgd (K steps on each partition, then parameters and optimizer state averaged); "
                    + "default ${DEFAULT-VALUE}.")
    String sparkMode;

    @Option(names = "--local-steps", defaultValue = "4", paramLabel = "K",
            description = "With --spark-mode local-sgd: steps on each partition between averagings (default "
                    + "${DEFAULT-VALUE}).")
    int localSteps;

    @Option(names = "--save", paramLabel = "FILE", description = "Write the trained model here (atomically).")
    Path save;

    @Option(names = "--json", description = "Print one JSON object with the results on stdout.")
    boolean json;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "Also write that JSON object to FILE (atomically); the summary stays on stdout.")
    Path metrics;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        try {
            return run();
        } finally {
            if (opened != null) {
                opened.close(); // stops a parallel backend's pool; nothing for the others
            }
        }
    }

    private Backend opened;

    private Integer run() throws IOException {
        validateNumbers();
        DistributedOptions distributed = distributedOptions();
        OutputPaths.check("--save", save);
        OutputPaths.check("--metrics", metrics);
        LossFunction lossFunction = loss == null ? null : LossFunction.parse(loss);
        Boolean classification = lossFunction == null ? null : lossFunction.isClassification();
        Dataset all = source.load(classification, 0);
        PrintStream err = parent.err();
        for (String warning : source.warnings) {
            err.println("vecmlp: warning: " + warning);
        }
        if (lossFunction == null) {
            lossFunction = NetworkDesign.defaultLoss(all);
        }
        Dataset.Split split = all.split(testFraction, source.seed);
        Dataset train = split.train();
        Dataset test = split.test();
        warnAboutRawMagnitudes(train, err);
        Standardizer standardizer = null;
        if (standardize) {
            standardizer = Standardizer.fit(train);
            train = standardizer.apply(train);
            test = standardizer.apply(test);
        }

        Activation hiddenActivation = Activation.parse(activation);
        MlpSpec spec = buildSpec(all, lossFunction, hiddenActivation);
        Initializer initializer = init != null ? Initializer.parse(init)
                : NetworkDesign.defaultInitializer(hiddenActivation);
        ParallelPolicy parallelPolicy = Backends.parallelPolicy(parallelMode, shardRows);
        Backend chosen = Backends.resolveForTraining(backend, threads, parallelPolicy);
        opened = chosen;
        if (spark != null && chosen instanceof ParallelBackend) {
            throw new CliException("--backend " + backend + ": with --spark every partition runs the scalar or simd "
                    + "kernels on one thread; the partitions are the parallelism");
        }

        ProgressReporter progress = new ProgressReporter(err, parent.terminal());
        TrainingConfig.Builder config = TrainingConfig.builder().batchSize(batchSize()).epochs(epochs).learningRate(lr)
                .schedule(LearningRateSchedule.parse(schedule)).optimizer(OptimizerSpec.parse(optimizer, momentum))
                .l1(l1).l2(l2).seed(source.seed).parallel(parallelPolicy).listener(progress);
        if (earlyStop > 0) {
            config.earlyStopping(earlyStop, 0, 0.1);
        }
        TrainingConfig trainingConfig = config.build();
        checkMemory(spec, trainingConfig, chosen, all, train.rows());
        Mlp model = Mlp.initialize(spec, initializer, source.seed);
        Trainer trainer = model.trainer(trainingConfig, chosen);
        err.printf(Locale.ROOT, "vecmlp: training %s on %s (%d train, %d test rows), backend %s, %d thread(s)%n",
                spec.describe(), all.name(), train.rows(), test.rows(), chosen.name(), threads);

        long start = System.nanoTime();
        Outcome outcome = distributed == null ? fitHere(trainer, train, progress, model, standardizer, all)
                : fitDistributed(distributed, spec, trainingConfig, chosen, train, progress, model, standardizer, all,
                err);
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluator evaluator = new Evaluator(model.network(), chosen.newKernels(), MemoryEstimate.EVALUATION_ROWS);
        Evaluation trainEval = evaluator.evaluate(model.parameters(), train);
        Evaluation testEval = test.rows() > 0 ? evaluator.evaluate(model.parameters(), test) : null;
        if (save != null) {
            ModelFile.write(save, saved(model, standardizer, all, outcome.bestEpoch()));
        }

        long trainedSamples = outcome.samples();
        Map<String, Object> result = Json.object();
        result.put("dataset", all.name());
        result.put("train_samples", train.rows());
        result.put("test_samples", test.rows());
        result.put("architecture", spec.describe());
        result.put("layers", layers(spec));
        result.put("loss", spec.loss().cliName());
        result.put("optimizer", optimizer);
        result.put("learning_rate", lr);
        int batch = trainer.config().effectiveBatchSize(train.rows());
        result.put("batch", batch);
        result.put("backend", chosen.name());
        result.put("threads", threads);
        if (chosen instanceof ParallelBackend) {
            ParallelPolicy policy = trainer.config().parallel();
            result.put("parallel_mode", policy.dataParallel(batch, model.parameters().length) ? "data" : "operation");
            result.put("shard_rows", policy.shardRows());
        }
        if (distributed != null) {
            result.put("spark", spark);
            result.put("partitions", distributed.partitions());
            result.put("spark_mode", distributed.mode().cliName());
            if (distributed.mode() == DistributedOptions.Mode.LOCAL_SGD) {
                result.put("local_steps", distributed.localSteps());
            }
            result.put("updates", outcome.updates());
        }
        result.put("epochs", outcome.epochs());
        result.put("stopped_early", outcome.stoppedEarly());
        result.put("best_epoch", outcome.bestEpoch());
        result.put("train_loss", trainEval.loss());
        result.put("test_loss", testEval == null ? null : testEval.loss());
        if (all.isClassification()) {
            result.put("train_accuracy", trainEval.accuracy());
            result.put("test_accuracy", testEval == null ? null : testEval.accuracy());
        }
        result.put("samples_per_second", trainedSamples / seconds);
        result.put("seconds", seconds);
        result.put("layer_gradient_norms", outcome.layerGradientNorms());
        result.put("model", save == null ? null : save.toString());

        String summary = summary(all, trainEval, testEval, trainedSamples / seconds, seconds);
        if (metrics != null) {
            org.vecmlp.io.AtomicFiles.write(metrics,
                    (Json.write(result) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (json) {
            err.println(summary);
            parent.out().println(Json.write(result));
        } else {
            parent.out().println(summary);
        }
        return 0;
    }

    /** What a run did, whichever way it trained: its epochs, the epoch kept, the samples seen, its updates (--spark). */
    private record Outcome(int epochs, boolean stoppedEarly, int bestEpoch, long samples, long updates,
                           double[] layerGradientNorms) {
    }

    private Outcome fitHere(Trainer trainer, Dataset train, ProgressReporter progress, Mlp model,
                            Standardizer standardizer, Dataset all) throws IOException {
        TrainingHistory history;
        try {
            history = trainer.fit(train);
        } catch (TrainingDivergedException e) {
            progress.finish();
            throw diverged(e.getMessage(), model, standardizer, all, e.epoch() - 1);
        }
        progress.finish();
        long samples = 0;
        for (var m : history.epochs()) {
            samples += m.samples();
        }
        return new Outcome(history.epochs().size(), history.stoppedEarly(), history.bestEpoch(), samples, -1,
                history.last().layerGradientNorms());
    }

    /** Trains on the partitions of --spark; the model's parameters become the result. */
    private Outcome fitDistributed(DistributedOptions options, MlpSpec spec, TrainingConfig config, Backend kernels,
                                   Dataset train, ProgressReporter progress, Mlp model, Standardizer standardizer,
                                   Dataset all, PrintStream err) throws IOException {
        if (options.partitions() > train.rows()) {
            throw new CliException("--partitions " + options.partitions() + ": more partitions than the "
                    + train.rows() + " training rows (each partition needs at least one)");
        }
        err.printf(Locale.ROOT, "vecmlp: on %s, %d partitions, %s%n", spark, options.partitions(),
                options.mode() == DistributedOptions.Mode.SYNC ? "synchronous SGD"
                        : "local SGD averaging every " + options.localSteps() + " steps");
        DistributedTrainer.Result result;
        try (PartitionRunner runner = Masters.open(spark)) {
            result = new DistributedTrainer(Recipe.of(spec, config, kernels.name()), options)
                    .fit(train, model.parameters(), epochs, runner, progress);
        } catch (DistributedTrainingException e) {
            progress.finish();
            System.arraycopy(e.lastGoodParameters(), 0, model.parameters(), 0, model.parameters().length);
            // The epochs the kept model completed: the failed step's (or round's) steps before it, over an epoch's.
            long stepsDone = options.mode() == DistributedOptions.Mode.SYNC ? e.step()
                    : e.step() * options.localSteps();
            int perEpoch = Partitions.stepsPerEpoch(train.rows(), config.effectiveBatchSize(train.rows()));
            throw diverged(e.getMessage(), model, standardizer, all, (int) Math.min(epochs, stepsDone / perEpoch));
        }
        progress.finish();
        System.arraycopy(result.parameters(), 0, model.parameters(), 0, model.parameters().length);
        return new Outcome(epochs, false, epochs, (long) epochs * train.rows(), result.updates(), null);
    }

    /** A run that stopped: its message, and the last good model saved when --save asks for one. */
    private CliException diverged(String message, Mlp model, Standardizer standardizer, Dataset all, int epoch)
            throws IOException {
        String kept = "";
        if (save != null) {
            ModelFile.write(save, saved(model, standardizer, all, Math.max(epoch, 0)));
            kept = " Saved that model to " + save + ".";
        }
        return new CliException(message + "." + kept);
    }

    /**
     * --spark and the options that go with it, checked before any data is read: null without --spark.
     */
    private DistributedOptions distributedOptions() {
        var parsed = command.commandLine().getParseResult();
        if (spark == null) {
            for (String option : List.of("--partitions", "--spark-mode", "--local-steps")) {
                if (parsed.hasMatchedOption(option)) {
                    throw new CliException(option + " goes with --spark MASTER");
                }
            }
            return null;
        }
        try {
            Masters.check(spark);
        } catch (IllegalArgumentException e) {
            throw new CliException("--spark " + e.getMessage());
        }
        if (!spark.equals(Masters.IN_PROCESS) && !Masters.sparkOnClassPath()) {
            throw new CliException("--spark " + spark + ": Apache Spark is not on the class path; scripts/vecmlp adds "
                    + "it (the jars listed in spark/target/spark-classpath.txt, which the build writes), or give "
                    + Masters.IN_PROCESS + " to train on the same partitions without Spark");
        }
        for (String option : List.of("--early-stop", "--threads", "--parallel-mode", "--shard-rows")) {
            if (parsed.hasMatchedOption(option)) {
                throw new CliException(option + " does not go with --spark: the partitions are the parallelism and "
                        + "every epoch runs to the end");
            }
        }
        if (!schedule.equals("constant")) {
            throw new CliException("--schedule " + schedule + " does not go with --spark (a constant rate only)");
        }
        DistributedOptions.Mode mode;
        try {
            mode = DistributedOptions.Mode.parse(sparkMode);
        } catch (IllegalArgumentException e) {
            throw new CliException("--spark-mode " + e.getMessage());
        }
        if (localSteps < 1) {
            throw new CliException("--local-steps must be at least 1, got " + localSteps);
        }
        int count = partitions != null ? partitions : defaultPartitions();
        if (count < 1) {
            throw new CliException("--partitions must be at least 1, got " + count);
        }
        return new DistributedOptions(mode, count, localSteps, TaskHooks.NONE);
    }

    /** The cores a local master names; the reference has none, so it needs --partitions. */
    private int defaultPartitions() {
        if (spark.equals(Masters.IN_PROCESS)) {
            throw new CliException("--spark " + Masters.IN_PROCESS + " needs --partitions N: the partitions of the "
                    + "run it stands in for");
        }
        return Masters.cores(spark);
    }

    /**
     * Refuses, before anything of the network's size is allocated, a run that cannot fit the JVM's heap: the
     * engine's estimate of parameters, copies and buffers against the maximum heap less the data already loaded.
     */
    private void checkMemory(MlpSpec spec, TrainingConfig config, Backend chosen, Dataset all, int trainRows) {
        int batchRows = config.effectiveBatchSize(trainRows);
        long parameters = spec.parameterCount();
        int shards = chosen instanceof ParallelBackend
                && config.parallel().dataParallel(batchRows, (int) Math.min(parameters, Integer.MAX_VALUE))
                ? Math.ceilDiv(batchRows, config.parallel().shardRows()) : 1;
        MemoryEstimate need = MemoryEstimate.of(spec, config, trainRows, all.isClassification() ? all.classes() : 0,
                shards);
        long data = 3L * all.features().length * Float.BYTES; // the set, its split, its standardised copy
        long room = Runtime.getRuntime().maxMemory() - data;
        if (need.total() > room || parameters > Integer.MAX_VALUE - 16) {
            throw new CliException("--hidden " + hidden + " --batch " + batch + ": training " + spec.describe()
                    + " (" + parameters + " parameters) needs about " + need.describe() + ", more than the "
                    + MemoryEstimate.size(Math.max(0, room)) + " this JVM may use for it (its heap, -Xmx, less the "
                    + "data); use narrower layers or a smaller batch, or give the JVM more memory (VECMLP_JAVA_OPTS="
                    + "-Xmx…)");
        }
    }

    /** Features far from unit scale without --standardize saturate activations or overflow the loss: say so once. */
    private void warnAboutRawMagnitudes(Dataset train, PrintStream err) {
        if (standardize) {
            return;
        }
        float largest = 0f;
        for (float v : train.features()) {
            largest = Math.max(largest, Math.abs(v));
        }
        if (largest > RAW_MAGNITUDE_WARNING) {
            err.printf(Locale.ROOT, "vecmlp: warning: %s has features as large as %.3g in magnitude; unscaled, they "
                    + "saturate the activations or overflow the loss; pass --standardize%n", train.name(), largest);
        }
    }

    /** Features beyond this magnitude, unstandardised, draw a warning. */
    static final float RAW_MAGNITUDE_WARNING = 1e4f;

    private String summary(Dataset all, Evaluation trainEval, Evaluation testEval, double rate, double seconds) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "train loss %.4f", trainEval.loss()));
        if (all.isClassification()) {
            sb.append(String.format(Locale.ROOT, ", accuracy %.4f", trainEval.accuracy()));
        }
        if (testEval != null) {
            sb.append(String.format(Locale.ROOT, " | test loss %.4f", testEval.loss()));
            if (all.isClassification()) {
                sb.append(String.format(Locale.ROOT, ", accuracy %.4f", testEval.accuracy()));
            }
        }
        sb.append(String.format(Locale.ROOT, " | %s samples/s, %.2fs", ProgressReporter.rate(rate), seconds));
        if (save != null) {
            sb.append(" | model saved to ").append(save);
        }
        return sb.toString();
    }

    private SavedModel saved(Mlp model, Standardizer standardizer, Dataset all, int epoch) {
        return new SavedModel(model, standardizer, all.isClassification() ? all.classes() : 0,
                Map.of("dataset", all.name(), "epochs", String.valueOf(epoch)));
    }

    private static List<Map<String, Object>> layers(MlpSpec spec) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (LayerSpec l : spec.layers()) {
            Map<String, Object> layer = Json.object();
            layer.put("units", l.units());
            layer.put("activation", l.activation().displayName());
            list.add(layer);
        }
        return list;
    }

    private MlpSpec buildSpec(Dataset data, LossFunction lossFunction, Activation hiddenActivation) {
        List<Integer> widths;
        try {
            widths = NetworkDesign.parseWidths(hidden);
        } catch (IllegalArgumentException e) {
            throw new CliException("--hidden: " + e.getMessage());
        }
        try {
            NetworkDesign.outputs(data, lossFunction);
        } catch (IllegalArgumentException e) {
            throw new CliException("--loss " + e.getMessage());
        }
        Activation out = output == null ? null : Activation.parse(output);
        try {
            return NetworkDesign.spec(data, widths, hiddenActivation, out, lossFunction);
        } catch (IllegalArgumentException e) {
            throw new CliException("the network does not fit: " + e.getMessage());
        }
    }

    private int batchSize() {
        try {
            return TrainingConfig.parseBatchSize(batch);
        } catch (IllegalArgumentException e) {
            throw new CliException("--batch " + e.getMessage());
        }
    }

    /** A generated row: two features and a target, held as the set, its split and the encoded targets. */
    private static final long GENERATED_BYTES_PER_SAMPLE = 3L * 3 * Float.BYTES;

    private void validateNumbers() {
        if (epochs < 1) {
            throw new CliException("--epochs must be at least 1, got " + epochs);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new CliException("--lr must be a positive number, got " + lr);
        }
        if ((float) lr == 0f) {
            throw new CliException("--lr " + lr + " is 0 in single precision, so nothing would train (the smallest "
                    + "positive float is " + Float.MIN_VALUE + ")");
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new CliException("--test-fraction must be in [0, 1), got " + testFraction);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new CliException("--momentum must be in [0, 1), got " + momentum);
        }
        if (!(l1 >= 0) || !(l2 >= 0) || !Double.isFinite(l1) || !Double.isFinite(l2)) {
            throw new CliException("--l1 and --l2 must be ≥ 0, got " + l1 + " and " + l2);
        }
        if (earlyStop < 0) {
            throw new CliException("--early-stop must be ≥ 0 epochs, got " + earlyStop);
        }
        if (threads < 1) {
            throw new CliException("--threads must be at least 1, got " + threads);
        }
        if (shardRows < 1) {
            throw new CliException("--shard-rows must be at least 1, got " + shardRows);
        }
        if (source.samples < 2) {
            throw new CliException("--samples must be at least 2, got " + source.samples);
        }
        long generated = (long) source.samples * GENERATED_BYTES_PER_SAMPLE;
        if (source.isBuiltIn() && generated > Runtime.getRuntime().maxMemory() / 2) {
            throw new CliException("--samples " + source.samples + ": the generated set and its split would take about "
                    + MemoryEstimate.size(generated) + ", more than half of the "
                    + MemoryEstimate.size(Runtime.getRuntime().maxMemory()) + " this JVM may use (-Xmx); ask for "
                    + "fewer samples");
        }
        if (!(source.noise >= 0 && source.noise <= 1)) {
            throw new CliException("--noise must be in [0, 1], got " + source.noise);
        }
        batchSize();
    }
}
