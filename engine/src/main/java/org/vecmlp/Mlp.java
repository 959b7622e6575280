package org.vecmlp;

import java.util.Objects;
import org.vecmlp.infer.Predictor;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.nn.Network;
import org.vecmlp.tensor.ParameterLayout;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.Trainer;
import org.vecmlp.train.TrainingConfig;

/**
 * A multi-layer perceptron: its spec and its parameters, all weights and biases in one flat array laid out by
 * {@link ParameterLayout}. The entry point for embedding:
 *
 * <pre>{@code
 * Mlp model = Mlp.initialize(spec, Initializer.XAVIER, 42);
 * model.trainer(config).fit(trainSet, validationSet);
 * float[] probabilities = model.predictor().predict(row);
 * }</pre>
 */
public final class Mlp {
    private final MlpSpec spec;
    private final Network network;
    private final float[] parameters;

    private Mlp(MlpSpec spec, float[] parameters) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.network = new Network(spec);
        if (parameters.length != network.layout().size()) {
            throw new IllegalArgumentException(spec.describe() + " has " + network.layout().size()
                    + " parameters, got " + parameters.length);
        }
        this.parameters = parameters;
    }

    /** A new model with weights from {@code init} (seeded) and zero biases. */
    public static Mlp initialize(MlpSpec spec, Initializer init, long seed) {
        Mlp model = new Mlp(spec, new float[new ParameterLayout(spec.widths()).size()]);
        init.initialize(model.layout(), model.parameters, seed);
        return model;
    }

    /** A model over the given parameters (not copied), e.g. read from a file. */
    public static Mlp withParameters(MlpSpec spec, float[] parameters) {
        return new Mlp(spec, parameters);
    }

    public MlpSpec spec() {
        return spec;
    }

    public Network network() {
        return network;
    }

    public ParameterLayout layout() {
        return network.layout();
    }

    /** The live parameter buffer: training updates it in place. */
    public float[] parameters() {
        return parameters;
    }

    public int parameterCount() {
        return parameters.length;
    }

    /** An independent copy (same spec, copied parameters). */
    public Mlp copy() {
        return new Mlp(spec, parameters.clone());
    }

    /** A trainer on the default backend. */
    public Trainer trainer(TrainingConfig config) {
        return new Trainer(network, parameters, config, BackendProvider.defaultBackend());
    }

    /** A trainer on the given backend. */
    public Trainer trainer(TrainingConfig config, Backend backend) {
        return new Trainer(network, parameters, config, backend);
    }

    /** A thread-safe predictor over a snapshot of the current parameters, on the default backend. */
    public Predictor predictor() {
        return predictor(BackendProvider.defaultBackend());
    }

    /** A thread-safe predictor over a snapshot of the current parameters. */
    public Predictor predictor(Backend backend) {
        return new Predictor(network, parameters.clone(), backend, Predictor.DEFAULT_CHUNK_ROWS);
    }
}
