package org.vecmlp.io;

import java.util.Map;
import java.util.Objects;
import org.vecmlp.Mlp;
import org.vecmlp.data.Standardizer;
import org.vecmlp.infer.Predictor;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;

/**
 * Everything a model file holds: the network and its parameters, the input standardisation fitted at training time
 * (or none), the number of classes (0 for regression) and free-form metadata such as the data set's name.
 *
 * @param model        the network and its parameters
 * @param standardizer the input standardisation, or null for none
 * @param classes      the number of classes, 0 for regression; checked against the output layer
 *                     ({@link #classesMismatch})
 * @param metadata     free-form key-value pairs (copied)
 */
public record SavedModel(Mlp model, Standardizer standardizer, int classes, Map<String, String> metadata) {
    /** Checks that the standardizer fits the model's inputs and the class count fits its outputs. */
    public SavedModel {
        Objects.requireNonNull(model, "model");
        metadata = Map.copyOf(metadata);
        if (standardizer != null && standardizer.features() != model.spec().inputs()) {
            throw new IllegalArgumentException("the standardizer has " + standardizer.features()
                    + " features but the model has " + model.spec().inputs() + " inputs");
        }
        String mismatch = classesMismatch(model.spec().outputs(), classes);
        if (mismatch != null) {
            throw new IllegalArgumentException(mismatch);
        }
    }

    /**
     * The one check of a class count against a network, shared by every reader and writer of models (the model
     * file, ONNX, the command line): 0 means regression (any output width); a classifier of {@code C ≥ 2} classes
     * has one output per class, or a single output for two classes (sigmoid or threshold).
     *
     * @param outputs the network's output units
     * @param classes the declared class count
     * @return why they do not fit, or null when they do
     */
    public static String classesMismatch(int outputs, int classes) {
        if (classes < 0 || classes == 1) {
            return "invalid class count " + classes + " (0 for regression, else ≥ 2)";
        }
        if (classes > 0 && classes != outputs && !(classes == 2 && outputs == 1)) {
            return "declares " + classes + " classes, but the output layer has " + outputs + " unit"
                    + (outputs == 1 ? "" : "s") + " (a classifier has one output per class, or one output for two "
                    + "classes)";
        }
        return null;
    }

    /**
     * A thread-safe predictor over a snapshot of the model on the default backend that takes raw features: it
     * applies the stored standardisation itself.
     *
     * @return the predictor
     */
    public Predictor predictor() {
        return predictor(BackendProvider.defaultBackend());
    }

    /**
     * As {@link #predictor()} on the given backend.
     *
     * @param backend the kernels (a parallel backend also splits large batches across its threads)
     * @return a thread-safe predictor that takes raw features
     */
    public Predictor predictor(Backend backend) {
        return new Predictor(model.network(), model.parameters(), standardizer, backend,
                Predictor.DEFAULT_CHUNK_ROWS); // it packs its own copy of the weights and the standardisation
    }
}
