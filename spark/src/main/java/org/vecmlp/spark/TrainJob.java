package org.vecmlp.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.vecmlp.Mlp;
import org.vecmlp.train.NetworkDesign;
import org.vecmlp.data.CsvTable;
import org.vecmlp.data.DataFormatException;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Standardizer;
import org.vecmlp.io.ModelFile;
import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.train.Evaluation;
import org.vecmlp.train.Evaluator;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.MemoryEstimate;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training on a cluster: {@code spark-submit --class org.vecmlp.spark.TrainJob vecmlp-spark.jar --data PATH --save
 * PATH …}. Reads a CSV file with a header row from any path Hadoop reads (hdfs://, s3a://, file://, …) on the driver,
 * cuts the training rows into partitions, trains with synchronous SGD or local SGD on the executors, and writes the
 * model file to a Hadoop path (through a temporary file and a rename). The network, split, standardisation and saved
 * file are those of {@code vecmlp train} with the same options: the same options give the same model file, byte for
 * byte, as {@code vecmlp train --spark}.
 */
@Command(name = "org.vecmlp.spark.TrainJob", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Train a vecmlp network on Apache Spark (submit with spark-submit).")
public final class TrainJob implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "CSV file with a header row, on any Hadoop file system (hdfs://…, s3a://…, file://…).")
    String data;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "Label column, by name or 0-based index (negative counts from the end); default the last.")
    String label;

    @Option(names = "--save", required = true, paramLabel = "PATH",
            description = "Where the model file goes, on any Hadoop file system (written through a temporary file).")
    String save;

    @Option(names = "--master", description = "Spark master; default the one spark-submit gives.")
    String master;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Partitions of the training rows; 0 = Spark's default parallelism (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--spark-mode", defaultValue = "sync", paramLabel = "MODE",
            description = "sync (one update a global mini-batch) or local-sgd (k local steps, then averaging); "
                    + "default ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--local-steps", defaultValue = "4", paramLabel = "K",
            description = "local-sgd: steps on each partition between averagings (default ${DEFAULT-VALUE}).")
    int localSteps;

    @Option(names = "--test-fraction", defaultValue = "0.2", description = "Rows held out for testing, in [0, 1).")
    double testFraction;

    @Option(names = "--standardize", description = "Standardise features with the training part's statistics.")
    boolean standardize;

    @Option(names = "--hidden", defaultValue = "16,16", paramLabel = "N,N,…", description = "Hidden layer widths.")
    String hidden;

    @Option(names = "--activation", defaultValue = "relu", description = "Hidden activation.")
    String activation;

    @Option(names = "--output", description = "Output activation (default: the one that fits the loss).")
    String output;

    @Option(names = "--loss", description = "mse, mse-sum, bce, ce or perceptron (default: from the labels).")
    String loss;

    @Option(names = "--init", description = "uniform, normal, xavier or he (default: he for ReLU, else xavier).")
    String init;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N|full", description = "Global mini-batch.")
    String batch;

    @Option(names = "--epochs", defaultValue = "50", description = "Epochs.")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate.")
    double lr;

    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, momentum, nesterov or adam.")
    String optimizer;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum for momentum and nesterov.")
    double momentum;

    @Option(names = "--l1", defaultValue = "0", description = "L1 strength on weights.")
    double l1;

    @Option(names = "--l2", defaultValue = "0", description = "L2 strength on weights.")
    double l2;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the split, initialisation and batches.")
    long seed;

    @Option(names = "--backend", defaultValue = "auto", description = "Executors' kernels: auto, scalar or simd.")
    String backend;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    private TrainJob() {
    }

    /**
     * The entry point spark-submit calls.
     *
     * @param args the options ({@code --help} lists them)
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the job and returns its exit status: 0 done, 2 bad input (a message naming the option or file line, no
     * stack trace), 1 a failed job.
     *
     * @param args the options
     * @param out  where the summary goes
     * @param err  where progress and errors go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        TrainJob job = new TrainJob();
        job.out = out;
        job.err = err;
        CommandLine cli = new CommandLine(job);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof DataFormatException) {
                err.println("vecmlp: " + e.getMessage());
                return 2;
            }
            if (e instanceof DistributedTrainingException) {
                err.println("vecmlp: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        checkNumbers();
        DistributedOptions.Mode trainMode = DistributedOptions.Mode.parse(mode);
        LossFunction lossFunction = loss == null ? null : LossFunction.parse(loss);
        Activation hiddenActivation = Activation.parse(activation);
        Activation out = output == null ? null : Activation.parse(output);
        String kernels = kernels();
        SparkConf conf = new SparkConf().setAppName("vecmlp train").setIfMissing("spark.master", "local[*]");
        if (master != null) {
            conf.setMaster(master);
        }
        if (conf.get("spark.master").startsWith("local")) { // one process: no port beyond the loopback
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1")
                    .setIfMissing("spark.ui.enabled", "false");
        }
        try (JavaSparkContext spark = new JavaSparkContext(conf);
             SparkPartitionRunner runner = new SparkPartitionRunner(spark, false)) {
            Configuration hadoop = spark.hadoopConfiguration();
            Path target = checkTarget(new Path(save), hadoop);
            Dataset all = read(new Path(data), hadoop, lossFunction);
            if (lossFunction == null) {
                lossFunction = NetworkDesign.defaultLoss(all);
            }
            Dataset.Split split = all.split(testFraction, seed);
            Dataset train = split.train();
            Dataset test = split.test();
            Standardizer standardizer = null;
            if (standardize) {
                standardizer = Standardizer.fit(train);
                train = standardizer.apply(train);
                test = standardizer.apply(test);
            }
            MlpSpec spec = NetworkDesign.spec(all, NetworkDesign.parseWidths(hidden), hiddenActivation, out,
                    lossFunction);
            int parts = partitions > 0 ? partitions : spark.defaultParallelism();
            if (parts > train.rows()) {
                throw new IllegalArgumentException("--partitions " + parts + ": more partitions than the "
                        + train.rows() + " training rows");
            }
            TrainingConfig config = TrainingConfig.builder().batchSize(batchSize()).epochs(epochs).learningRate(lr)
                    .optimizer(OptimizerSpec.parse(optimizer, momentum)).l1(l1).l2(l2).seed(seed).build();
            Initializer initializer = init != null ? Initializer.parse(init)
                    : NetworkDesign.defaultInitializer(hiddenActivation);
            Mlp model = Mlp.initialize(spec, initializer, seed);
            DistributedOptions options = new DistributedOptions(trainMode, parts, localSteps, TaskHooks.NONE);
            err.printf(Locale.ROOT, "vecmlp: training %s on %s (%d train, %d test rows) on %s, %s, %d partitions, "
                            + "%s kernels%n", spec.describe(), all.name(), train.rows(), test.rows(), spark.master(),
                    mode, parts, kernels);
            long start = System.nanoTime();
            DistributedTrainer.Result result = new DistributedTrainer(Recipe.of(spec, config, kernels), options)
                    .fit(train, model.parameters(), epochs, runner, m -> err.printf(Locale.ROOT,
                            "epoch %d/%d: loss %.4f%n", m.epoch(), m.epochs(), m.trainLoss()));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.arraycopy(result.parameters(), 0, model.parameters(), 0, result.parameters().length);
            SavedModel saved = new SavedModel(model, standardizer, all.isClassification() ? all.classes() : 0,
                    Map.of("dataset", all.name(), "epochs", String.valueOf(epochs)));
            write(target, hadoop, ModelFile.encode(saved));
            Evaluator evaluator = new Evaluator(model.network(), BackendProvider.byName(kernels).newKernels(),
                    MemoryEstimate.EVALUATION_ROWS);
            Evaluation trainEval = evaluator.evaluate(model.parameters(), train);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "train loss %.4f", trainEval.loss()));
            if (test.rows() > 0) {
                line.append(String.format(Locale.ROOT, " | test loss %.4f",
                        evaluator.evaluate(model.parameters(), test).loss()));
            }
            this.out.println(line.append(String.format(Locale.ROOT, " | %d updates in %.2fs | model saved to %s",
                    result.updates(), seconds, target)));
            return 0;
        }
    }

    private String kernels() {
        return switch (backend) {
            case "auto" -> BackendProvider.available().contains("simd") ? "simd" : "scalar";
            case "scalar", "simd" -> backend;
            default -> throw new IllegalArgumentException("--backend " + backend + ": each executor runs the scalar "
                    + "or simd kernels (auto picks simd where the Vector API is present); Spark's tasks are the "
                    + "parallelism");
        };
    }

    /** The model's path, refused before any work when its folder is missing or it names a folder. */
    private static Path checkTarget(Path target, Configuration hadoop) throws IOException {
        FileSystem fs = target.getFileSystem(hadoop);
        Path qualified = fs.makeQualified(target);
        if (fs.exists(qualified) && fs.getFileStatus(qualified).isDirectory()) {
            throw new IllegalArgumentException("--save " + target + ": is a directory");
        }
        Path parent = qualified.getParent();
        if (parent != null && !fs.exists(parent)) {
            throw new IllegalArgumentException("--save " + target + ": the folder " + parent + " does not exist");
        }
        return qualified;
    }

    private Dataset read(Path path, Configuration hadoop, LossFunction lossFunction) throws IOException {
        FileSystem fs = path.getFileSystem(hadoop);
        if (!fs.exists(path)) {
            throw new IllegalArgumentException("--data " + path + ": no such file");
        }
        FileStatus status = fs.getFileStatus(path);
        if (status.isDirectory()) {
            throw new IllegalArgumentException("--data " + path + ": is a directory, not a CSV file");
        }
        CsvTable table;
        try (InputStream in = fs.open(path);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            table = CsvTable.read(fs.makeQualified(path).toString(), path.getName(), reader);
        }
        int column = table.column(label == null ? "-1" : label);
        boolean classify = lossFunction != null ? lossFunction.isClassification() : table.holdsClassLabels(column);
        return classify ? table.toClassification(column, 0) : table.toRegression(column);
    }

    /** Writes through a temporary file beside the target and a rename, so that a reader never sees half a model. */
    private static void write(Path target, Configuration hadoop, byte[] bytes) throws IOException {
        FileSystem fs = target.getFileSystem(hadoop);
        fs.setWriteChecksum(false); // no .crc files beside a model on the local file system
        Path temporary = new Path(target.getParent(), "." + target.getName() + ".vecmlp-tmp");
        try (OutputStream o = fs.create(temporary, true)) {
            o.write(bytes);
        }
        if (fs.exists(target) && !fs.delete(target, false)) {
            throw new IOException(target + ": could not replace the existing file");
        }
        if (!fs.rename(temporary, target)) {
            fs.delete(temporary, false);
            throw new IOException(target + ": could not move the model into place from " + temporary);
        }
    }

    private int batchSize() {
        try {
            return TrainingConfig.parseBatchSize(batch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--batch " + e.getMessage());
        }
    }

    private void checkNumbers() {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("--partitions must be at least 1 (or 0 for Spark's default), got "
                    + partitions);
        }
        if (localSteps < 1) {
            throw new IllegalArgumentException("--local-steps must be at least 1, got " + localSteps);
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in [0, 1), got " + testFraction);
        }
        batchSize();
    }
}
