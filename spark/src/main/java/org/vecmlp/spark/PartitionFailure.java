package org.vecmlp.spark;

/** A partition's task failed in the in-process runner: which partition, and why. */
final class PartitionFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The failing partition. */
    private final int partition;

    PartitionFailure(int partition, RuntimeException cause) {
        super("partition " + partition + ": " + cause.getMessage(), cause);
        this.partition = partition;
    }

    int partition() {
        return partition;
    }
}
