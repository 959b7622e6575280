package org.vecmlp.spark;

import java.util.List;

/**
 * Sums per-partition vectors in a fixed binary tree over the partition order: ((v0 + v1) + (v2 + v3)) + … The order
 * depends only on the number of partitions, never on which task finished first, so the bits of the sum are the same
 * for any number of executors or cores.
 */
public final class TreeSum {
    private TreeSum() {
    }

    /**
     * The tree sum, written into a new array (the inputs are left as they are).
     *
     * @param vectors one vector a partition, in partition order, all the same length
     * @return their sum
     */
    public static float[] sum(List<float[]> vectors) {
        int count = vectors.size();
        if (count == 0) {
            throw new IllegalArgumentException("nothing to sum");
        }
        float[][] work = new float[count][];
        for (int i = 0; i < count; i++) {
            work[i] = vectors.get(i).clone();
            if (work[i].length != work[0].length) {
                throw new IllegalArgumentException("partition " + i + " sent " + work[i].length + " values, partition 0 "
                        + work[0].length);
            }
        }
        for (int stride = 1; stride < count; stride *= 2) {
            for (int i = 0; i + stride < count; i += 2 * stride) {
                float[] a = work[i];
                float[] b = work[i + stride];
                for (int j = 0; j < a.length; j++) {
                    a[j] += b[j];
                }
            }
        }
        return work[0];
    }

    /**
     * The tree sum of scalars, in the same order.
     *
     * @param values one value a partition
     * @return their sum
     */
    public static double sum(double[] values) {
        double[] work = values.clone();
        for (int stride = 1; stride < work.length; stride *= 2) {
            for (int i = 0; i + stride < work.length; i += 2 * stride) {
                work[i] += work[i + stride];
            }
        }
        return work.length == 0 ? 0 : work[0];
    }
}
