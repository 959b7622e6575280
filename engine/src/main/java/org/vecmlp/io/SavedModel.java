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
 * @param classes      the number of classes, 0 for regression
 * @param metadata     free-form key-value pairs (copied)
 */
public record SavedModel(Mlp model, Standardizer standardizer, int classes, Map<String, String> metadata) {
    /** Checks that the standardizer fits the model's inputs and the class count is not negative. */
    public SavedModel {
        Objects.requireNonNull(model, "model");
        metadata = Map.copyOf(metadata);
        if (standardizer != null && standardizer.features() != model.spec().inputs()) {
            throw new IllegalArgumentException("the standardizer has " + standardizer.features()
                    + " features but the model has " + model.spec().inputs() + " inputs");
        }
        if (classes < 0) {
            throw new IllegalArgumentException("classes must be ≥ 0, got " + classes);
        }
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
