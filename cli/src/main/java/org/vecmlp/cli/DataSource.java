package org.vecmlp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vecmlp.data.CsvTable;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.data.IdxReader;
import picocli.CommandLine.Option;

/**
 * Where the rows come from: a built-in generated set, a CSV file with a header row, or an MNIST IDX image/label
 * pair. Shared by train, eval and predict.
 */
final class DataSource {
    @Option(names = "--data", required = true, paramLabel = "NAME|PATH",
            description = "Built-in set (circle, xor, gauss, spiral, plane), a CSV file with a header row, "
                    + "or an IDX image file (with --labels).")
    String data;

    @Option(names = "--labels", paramLabel = "PATH", description = "IDX label file that goes with an IDX image file.")
    Path labels;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "CSV label column, by name or 0-based index (negative counts from the end). Default: the last column.")
    String label;

    @Option(names = "--samples", defaultValue = "1000", description = "Rows to generate for a built-in set (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--noise", defaultValue = "0.1", description = "Noise in [0, 1] for a built-in set (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of everything random: a built-in set, the train/test split, initialisation and "
                    + "shuffling (default ${DEFAULT-VALUE}).")
    long seed;

    /** Things about the data a user should hear once (printed by the command as warnings), found while loading. */
    final java.util.List<String> warnings = new java.util.ArrayList<>();

    /** True when {@link #data} names a built-in set rather than a file. */
    boolean isBuiltIn() {
        return Generators.NAMES.contains(data) && !Files.exists(Path.of(data));
    }

    /** A short name for reports: the built-in set's name or the file name. */
    String displayName() {
        return isBuiltIn() ? data : Path.of(data).getFileName().toString();
    }

    /**
     * Loads labelled rows. {@code classification}: true or false to force the task, null to decide from the data
     * (CSV: integer labels mean classification). {@code classes}: the class count the labels must fit, or 0.
     */
    Dataset load(Boolean classification, int classes) throws IOException {
        if (isBuiltIn()) {
            if (labels != null || label != null) {
                throw new CliException("--labels and --label apply to files, not to the built-in set '" + data + "'");
            }
            return Generators.generate(data, samples, noise, seed);
        }
        if (!Files.exists(Path.of(data))) {
            throw new CliException(data + ": no such file, nor a built-in set (" + String.join(", ", Generators.NAMES)
                    + ") (--data)");
        }
        Path path = existingFile(data, "--data");
        if (labels != null) {
            existingFile(labels.toString(), "--labels");
            return IdxReader.read(path, labels);
        }
        CsvTable table = CsvTable.read(path);
        int column = table.column(label == null ? "-1" : label);
        boolean classify = classification != null ? classification : table.holdsClassLabels(column);
        if (classification == null && !classify) {
            String negatives = negativeIntegerLabels(table, column);
            if (negatives != null) {
                warnings.add(path + ": the labels in column '" + table.header().get(column) + "' are integers with "
                        + "negative values (" + negatives + "), so they are read as regression targets; class labels "
                        + "must be 0 … C−1 (relabel them for classification, or pass --loss mse to say regression is "
                        + "meant)");
            }
        }
        return classify ? table.toClassification(column, classes) : table.toRegression(column);
    }

    /**
     * Loads feature rows for prediction: a CSV may have exactly {@code inputs} columns (features only) or one more
     * (the label column, dropped); generated and IDX sets drop their labels.
     */
    float[] loadFeatures(int inputs) throws IOException {
        Dataset d;
        if (isBuiltIn() || labels != null) {
            d = load(null, 0);
        } else {
            Path path = existingFile(data, "--data");
            CsvTable table = CsvTable.read(path);
            if (table.columns() == inputs && label == null) {
                float[] x = new float[table.rows() * inputs];
                for (int r = 0; r < table.rows(); r++) {
                    for (int j = 0; j < inputs; j++) {
                        x[r * inputs + j] = table.get(r, j);
                    }
                }
                return x;
            }
            if (table.columns() == inputs) {
                throw new CliException(path + ": --label " + label + " names a column, but the file has just the "
                        + inputs + " columns the model takes as features, so there is no label column to drop");
            }
            if (table.columns() != inputs + 1) {
                throw new CliException(path + ": " + table.columns() + " columns, but the model takes " + inputs
                        + " features (give " + inputs + " feature columns, optionally plus a label column)");
            }
            d = table.toRegression(table.column(label == null ? "-1" : label));
        }
        if (d.featureCount() != inputs) {
            throw new CliException(d.name() + " has " + d.featureCount() + " features but the model takes " + inputs);
        }
        return d.features();
    }

    /** The distinct values of an all-integer column with negatives and few values (e.g. "-1, 0, 1"), else null. */
    private static String negativeIntegerLabels(CsvTable table, int column) {
        java.util.TreeSet<Integer> values = new java.util.TreeSet<>();
        for (int r = 0; r < table.rows(); r++) {
            float v = table.get(r, column);
            if (v != Math.rint(v) || Math.abs(v) > 1e6f) {
                return null;
            }
            values.add((int) v);
            if (values.size() > 32) {
                return null; // many integer values: a numeric target, as regression reads it
            }
        }
        if (values.first() >= 0) {
            return null;
        }
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    static Path existingFile(String name, String option) {
        Path p = Path.of(name);
        if (!Files.exists(p)) {
            throw new CliException(name + ": no such file (" + option + ")");
        }
        if (!Files.isRegularFile(p)) {
            throw new CliException(name + ": not a regular file (" + option + ")");
        }
        if (!Files.isReadable(p)) {
            throw new CliException(name + ": cannot be read (" + option + ")");
        }
        return p;
    }
}
