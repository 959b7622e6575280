package org.vecmlp.train;

/** Receives the metrics of every finished epoch, on the training thread. */
@FunctionalInterface
public interface TrainingListener {
    void onEpoch(EpochMetrics metrics);
}
