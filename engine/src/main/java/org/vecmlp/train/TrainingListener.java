package org.vecmlp.train;

/** Receives the metrics of every finished epoch, on the training thread. */
@FunctionalInterface
public interface TrainingListener {
    /**
     * Called after each epoch.
     *
     * @param metrics the epoch's losses, accuracies, gradient norms and throughput
     */
    void onEpoch(EpochMetrics metrics);
}
