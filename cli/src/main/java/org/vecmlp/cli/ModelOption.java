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

    /** Checks the input width and applies the model's standardisation. */
    static Dataset fit(SavedModel saved, Dataset data, Path modelFile) {
        int inputs = saved.model().spec().inputs();
        if (data.featureCount() != inputs) {
            throw new CliException(modelFile + ": the model takes " + inputs + " features but " + data.name()
                    + " has " + data.featureCount());
        }
        return saved.standardizer() == null ? data : saved.standardizer().apply(data);
    }
}
