package org.vecmlp.train;

import java.util.List;

/**
 * The metrics of every epoch run, and how training ended.
 *
 * @param epochs       one entry per epoch, in order
 * @param stoppedEarly whether early stopping ended training before the planned epochs
 * @param bestEpoch    1-based epoch whose weights the model holds: the best validation epoch under early stopping,
 *                     otherwise the last
 */
public record TrainingHistory(List<EpochMetrics> epochs, boolean stoppedEarly, int bestEpoch) {
    /** Copies the epochs. */
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** {@return the last epoch's metrics} */
    public EpochMetrics last() {
        return epochs.get(epochs.size() - 1);
    }
}
