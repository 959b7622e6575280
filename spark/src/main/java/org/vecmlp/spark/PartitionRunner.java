package org.vecmlp.spark;

import java.io.Serializable;
import java.util.List;

/**
 * Runs one task on every partition and returns the results in partition order: on Apache Spark
 * ({@link SparkPartitionRunner}) or in this JVM, one partition after another ({@link InProcessPartitionRunner}, the
 * reference). The trainer above it is the same for both, so the bits may differ only if the distribution changes
 * something.
 */
public interface PartitionRunner extends AutoCloseable {
    /**
     * A task: the shared value (the parameters of the step, sent to every partition once) and one partition.
     *
     * @param <S> the shared value's type
     * @param <R> the result's type
     */
    @FunctionalInterface
    interface Task<S extends Serializable, R extends Serializable> extends Serializable {
        /**
         * Runs on one partition.
         *
         * @param shared    the value every partition reads (it must not be changed)
         * @param partition the partition's rows
         * @param attempt   the attempt number (0 first; Spark retries failed tasks)
         * @return its result
         */
        R run(S shared, PartitionRows partition, int attempt);
    }

    /**
     * Places the partitions (once, before the first task).
     *
     * @param partitions the partitions, in order
     */
    void load(List<PartitionRows> partitions);

    /**
     * Runs a task on every partition.
     *
     * @param shared the value every task reads
     * @param task   the task
     * @param <S>    the shared value's type
     * @param <R>    the result's type
     * @return one result a partition, in partition order
     */
    <S extends Serializable, R extends Serializable> List<R> run(S shared, Task<S, R> task);

    /** {@return a description for messages: the master, the partitions} */
    String describe();

    @Override
    void close();
}
