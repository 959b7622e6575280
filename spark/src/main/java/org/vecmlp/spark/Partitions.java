package org.vecmlp.spark;

import java.util.ArrayList;
import java.util.List;
import org.vecmlp.data.Dataset;

/**
 * How a training set is cut into partitions and how a step's global mini-batch is shared among them: partition p
 * holds rows [⌊p·n/P⌋, ⌊(p+1)·n/P⌋) of the set; in an epoch of S steps, step s takes positions
 * [⌊s·n_p/S⌋, ⌊(s+1)·n_p/S⌋) of partition p's own permutation of its rows. Every row is used once an epoch, and the
 * shares of a step add up to about the global batch, whatever the partition sizes.
 */
public final class Partitions {
    private Partitions() {
    }

    /**
     * Cuts a set into {@code count} contiguous partitions.
     *
     * @param train   the training set
     * @param width   the output layer's width, for the target encoding
     * @param count   the number of partitions, 1 to the number of rows
     * @return the partitions, in order
     */
    public static List<PartitionRows> split(Dataset train, int width, int count) {
        int n = train.rows();
        if (count < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + count);
        }
        if (count > n) {
            throw new IllegalArgumentException("partitions (" + count + ") cannot exceed the training rows (" + n
                    + "): a partition would have no rows");
        }
        float[] x = train.features();
        float[] y = train.encodeTargets(width);
        int in = train.featureCount();
        List<PartitionRows> parts = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            int from = start(n, count, p);
            int to = start(n, count, p + 1);
            float[] px = new float[(to - from) * in];
            float[] py = new float[(to - from) * width];
            System.arraycopy(x, from * in, px, 0, px.length);
            System.arraycopy(y, from * width, py, 0, py.length);
            parts.add(new PartitionRows(p, px, py, to - from, in, width));
        }
        return parts;
    }

    /** The first row of part {@code p} of {@code n} rows cut into {@code count} parts. */
    static int start(long n, int count, int p) {
        return (int) (n * p / count);
    }

    /**
     * Steps an epoch takes: the training rows over the global batch, rounded up.
     *
     * @param rows  the training rows
     * @param batch the global mini-batch
     * @return S
     */
    public static int stepsPerEpoch(int rows, int batch) {
        return (rows + batch - 1) / batch;
    }

    /**
     * Partition {@code p}'s positions in its epoch permutation for step {@code s}: {@code [from, to)}.
     *
     * @param partitionRows n_p
     * @param steps         S
     * @param s             the step within the epoch
     * @return {@code {from, to}}
     */
    public static int[] share(int partitionRows, int steps, int s) {
        return new int[]{start(partitionRows, steps, s), start(partitionRows, steps, s + 1)};
    }

    /**
     * The rows of a whole step, over every partition: the divisor of its mean gradient.
     *
     * @param partitionRows n_p of every partition
     * @param steps         S
     * @param s             the step within the epoch
     * @return Σ_p of the share sizes
     */
    public static int stepRows(int[] partitionRows, int steps, int s) {
        int total = 0;
        for (int n : partitionRows) {
            int[] sh = share(n, steps, s);
            total += sh[1] - sh[0];
        }
        return total;
    }
}
