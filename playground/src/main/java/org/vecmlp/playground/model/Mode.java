package org.vecmlp.playground.model;

import java.util.Locale;

/** Which rules a playground network trains by. */
public enum Mode {
    /**
     * TensorFlow Playground's own math, to reproduce its lessons: a tanh output (linear for regression) with labels
     * ±1 and loss ½(o−t)², weights U(−0.5, 0.5) and biases 0.1, plain SGD on gradients averaged over the batch, the
     * L1/L2 penalty applied after the step (an L1 weight that crosses zero is set to 0 and stays there), batches
     * taken in a fixed order that runs on across epochs.
     */
    PARITY,
    /**
     * The engine's own training: a sigmoid output with binary cross-entropy (or tanh with squared loss) for
     * classification, the chosen optimizer (SGD, momentum, Nesterov, Adam), L1/L2 in the gradient, Xavier
     * initialisation, batches reshuffled every epoch.
     */
    ENGINE;

    /** {@return the name used in settings and URLs} */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
