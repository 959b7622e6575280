package org.vecmlp.train;

/**
 * Training produced a non-finite loss. The model has been restored to the weights it had at the start of the failing
 * epoch (the last good ones).
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The 1-based epoch whose loss was not finite. */
    private final int epoch;
    private final transient TrainingHistory history;

    /**
     * The failure of epoch {@code epoch}.
     *
     * @param epoch        the 1-based epoch whose loss was not finite
     * @param learningRate the learning rate it ran at, for the message's advice
     * @param history      the epochs before it
     */
    public TrainingDivergedException(int epoch, double learningRate, TrainingHistory history) {
        super("training diverged in epoch " + epoch + ": the loss became NaN or infinite at learning rate "
                + learningRate + "; try a smaller learning rate. The model keeps the weights from the end of epoch "
                + (epoch - 1) + (epoch == 1 ? " (its initial weights)" : ""));
        this.epoch = epoch;
        this.history = history;
    }

    /** {@return the 1-based epoch that diverged} */
    public int epoch() {
        return epoch;
    }

    /** {@return the epochs completed before it} */
    public TrainingHistory history() {
        return history;
    }
}
