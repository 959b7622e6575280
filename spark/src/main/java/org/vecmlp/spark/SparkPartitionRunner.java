package org.vecmlp.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Partitions on Apache Spark: the partitions are one cached RDD element each; a task's shared value is broadcast,
 * the task runs in {@code mapPartitions}, and {@code collect()} returns the results in partition order whatever order
 * the tasks finished in.
 */
public final class SparkPartitionRunner implements PartitionRunner {
    private final JavaSparkContext spark;
    private final boolean ownsContext;
    private JavaRDD<PartitionRows> rdd;
    private int count;

    /**
     * A runner on a context.
     *
     * @param spark       the context
     * @param ownsContext whether {@link #close()} stops it
     */
    public SparkPartitionRunner(JavaSparkContext spark, boolean ownsContext) {
        this.spark = spark;
        this.ownsContext = ownsContext;
    }

    /**
     * An embedded Spark for one process: the given master (local[N] or local[N,F], where F attempts a task),
     * bound to 127.0.0.1, no web UI, no progress bars.
     *
     * @param master the master URL
     * @return the runner, which stops the context when closed
     */
    public static SparkPartitionRunner embedded(String master) {
        org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf().setMaster(master).setAppName("vecmlp")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "1");
        return new SparkPartitionRunner(new JavaSparkContext(conf), true);
    }

    @Override
    public void load(List<PartitionRows> partitions) {
        if (rdd != null) {
            rdd.unpersist(true);
        }
        count = partitions.size();
        rdd = spark.parallelize(partitions, count).cache(); // one element a slice: partition i holds element i
    }

    @Override
    public <S extends Serializable, R extends Serializable> List<R> run(S shared, Task<S, R> task) {
        Broadcast<S> value = spark.broadcast(shared);
        try {
            return rdd.mapPartitions((Iterator<PartitionRows> it) -> {
                PartitionRows part = it.next();
                TaskContext context = TaskContext.get();
                return List.of(task.run(value.value(), part, context == null ? 0 : context.attemptNumber()))
                        .iterator();
            }, true).collect();
        } finally {
            value.destroy();
        }
    }

    @Override
    public String describe() {
        return "Spark " + spark.master() + ", " + count + " partitions";
    }

    @Override
    public void close() {
        if (rdd != null) {
            rdd.unpersist(false);
        }
        if (ownsContext) {
            spark.stop();
        }
    }
}
