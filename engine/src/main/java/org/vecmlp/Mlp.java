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

    /**
     * A new model with weights from {@code init} (seeded) and zero biases.
     *
     * @param spec the layers and the loss
     * @param init how the weights are drawn
     * @param seed the seed of the draw: the same seed gives the same weights
     * @return the model
     */
    public static Mlp initialize(MlpSpec spec, Initializer init, long seed) {
        Mlp model = new Mlp(spec, new float[new ParameterLayout(spec.widths()).size()]);
        init.initialize(model.layout(), model.parameters, seed);
        return model;
    }

    /**
     * A model over the given parameters (not copied), e.g. read from a file.
     *
     * @param spec       the layers and the loss
     * @param parameters every weight and bias in the spec's layout ({@link ParameterLayout}); the model uses this array
     * @return the model
     */
    public static Mlp withParameters(MlpSpec spec, float[] parameters) {
        return new Mlp(spec, parameters);
    }

    /** {@return the layers and the loss} */
    public MlpSpec spec() {
        return spec;
    }

    /** {@return the network that runs the layers (forward and backward passes over any parameter set)} */
    public Network network() {
        return network;
    }

    /** {@return where each layer's weights and biases lie in {@link #parameters()}} */
    public ParameterLayout layout() {
        return network.layout();
    }

    /** {@return the live parameter buffer: training updates it in place} */
    public float[] parameters() {
        return parameters;
    }

    /** {@return the number of weights and biases} */
    public int parameterCount() {
        return parameters.length;
    }

    /** {@return an independent copy (same spec, copied parameters)} */
    public Mlp copy() {
        return new Mlp(spec, parameters.clone());
    }

    /**
     * A trainer on the default backend ({@link BackendProvider#defaultBackend()}).
     *
     * @param config batch size, epochs, optimizer, schedule, regularisation, seed
     * @return a trainer that updates this model's parameters in place
     */
    public Trainer trainer(TrainingConfig config) {
        return new Trainer(network, parameters, config, BackendProvider.defaultBackend());
    }

    /**
     * A trainer on the given backend.
     *
     * @param config  batch size, epochs, optimizer, schedule, regularisation, seed
     * @param backend the kernels (scalar, simd, or a parallel backend with its threads)
     * @return a trainer that updates this model's parameters in place
     */
    public Trainer trainer(TrainingConfig config, Backend backend) {
        return new Trainer(network, parameters, config, backend);
    }

    /** {@return a thread-safe predictor over a snapshot of the current parameters, on the default backend} */
    public Predictor predictor() {
        return predictor(BackendProvider.defaultBackend());
    }

    /**
     * A thread-safe predictor over a snapshot of the current parameters.
     *
     * @param backend the kernels (a parallel backend also splits large batches across its threads)
     * @return the predictor; later training does not change it
     */
    public Predictor predictor(Backend backend) {
        return new Predictor(network, parameters, backend, Predictor.DEFAULT_CHUNK_ROWS); // it packs its own copy
    }
}
