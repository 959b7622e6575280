package org.vecmlp.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vecmlp.data.Dataset;
import org.vecmlp.io.ModelFile;
import org.vecmlp.io.SavedModel;
import picocli.CommandLine.Option;

/** {@code --model FILE}, read and checked, and how a data set is made to fit it. */
final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model written by 'vecmlp train --save'.")
    Path model;

    SavedModel read() throws IOException {
        DataSource.existingFile(model.toString(), "--model");
        return ModelFile.read(model);
    }

    /**
     * Makes labelled data fit the model, or refuses it by name: the input width; the kind of target (a classifier
     * needs class labels, a regression model numeric targets of its output width); and every label within the
     * model's classes (a set with fewer classes than the model is evaluated over the model's classes). Then applies
     * the model's standardisation.
     */
    static Dataset fit(SavedModel saved, Dataset data, Path modelFile) {
        int inputs = saved.model().spec().inputs();
        if (data.featureCount() != inputs) {
            throw new CliException(modelFile + ": the model takes " + inputs + " features but " + data.name()
                    + " has " + data.featureCount() + (data.featureCount() == inputs - 1 ? " besides its label column "
                    + "(is the label column missing? labelled data has the features and one label column: the last, "
                    + "or the one --label names)" : ""));
        }
        int classes = saved.classes();
        int outputs = saved.model().spec().outputs();
        if (classes > 0) {
            if (!data.isClassification()) {
                throw new CliException(modelFile + " is a classifier of " + classes + " classes, but " + data.name()
                        + " has numeric targets, not class labels (evaluate a regression model on it)");
            }
            if (data.classes() != classes) {
                int[] labels = data.labels();
                for (int r = 0; r < labels.length; r++) {
                    if (labels[r] >= classes) {
                        throw new CliException(data.name() + ": row " + (r + 1) + " has label " + labels[r]
                                + ", but " + modelFile + " is a classifier of " + classes + " classes (0 to "
                                + (classes - 1) + ")");
                    }
                }
                data = Dataset.classification(data.name(), data.features(), data.rows(), data.featureCount(),
                        labels, classes); // the labels fit: count the model's classes (confusion matrix, one-hot)
            }
        } else {
            if (data.isClassification()) {
                throw new CliException(modelFile + " is a regression model, but " + data.name()
                        + " is a classification set of " + data.classes() + " classes (evaluate a classifier on it)");
            }
            if (data.targetWidth() != outputs) {
                throw new CliException(modelFile + " predicts " + outputs + " values per row, but " + data.name()
                        + " has " + data.targetWidth() + " target" + (data.targetWidth() == 1 ? "" : "s")
                        + " per row");
            }
        }
        return saved.standardizer() == null ? data : saved.standardizer().apply(data);
    }
}
