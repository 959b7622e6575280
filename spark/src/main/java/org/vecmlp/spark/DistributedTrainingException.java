package org.vecmlp.spark;

/**
 * Distributed training stopped: a task failed on every attempt Spark gave it, or the loss became non-finite. Names
 * the step (or round) and the partition, and keeps the model of the last step that completed.
 */
public final class DistributedTrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The global step (sync) or round (local SGD) that failed. */
    private final long step;
    /** The failing partition, or −1 when it is not known (a non-finite loss). */
    private final int partition;
    /** The parameters after the last step that completed. */
    private final float[] lastGood;

    DistributedTrainingException(String message, long step, int partition, float[] lastGood, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.partition = partition;
        this.lastGood = lastGood.clone();
    }

    /** {@return the global step (sync) or round (local SGD) that failed, from 0} */
    public long step() {
        return step;
    }

    /** {@return the partition whose task failed, or −1 when the failure was not a task's} */
    public int partition() {
        return partition;
    }

    /** {@return a copy of the parameters after the last completed step} */
    public float[] lastGoodParameters() {
        return lastGood.clone();
    }
}
