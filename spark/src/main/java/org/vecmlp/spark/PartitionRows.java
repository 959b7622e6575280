package org.vecmlp.spark;

import java.io.Serializable;

/**
 * One partition's training rows, as it travels to an executor: features and targets encoded for the output layer,
 * row-major.
 *
 * @param index    the partition's index (0-based, in partition order)
 * @param features {@code rows × inputs} values
 * @param targets  {@code rows × outputs} values (one-hot, 0/1 or regression values)
 * @param rows     the rows
 * @param inputs   features a row
 * @param outputs  targets a row
 */
public record PartitionRows(int index, float[] features, float[] targets, int rows, int inputs, int outputs)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks the sizes. */
    public PartitionRows {
        if (rows < 1 || (long) rows * inputs != features.length || (long) rows * outputs != targets.length) {
            throw new IllegalArgumentException("partition " + index + ": " + rows + " rows do not match "
                    + features.length + " features and " + targets.length + " targets");
        }
    }
}
