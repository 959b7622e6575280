package org.vecmlp.spark;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * Partitions on Apache Spark: the partitions are one element each of an RDD kept in the executors' block managers; a
 * task's shared value travels with the job (in its task binary when small, else in a broadcast of its own), one job
 * runs the task on every partition, and its results come back in partition order whatever order the tasks finished
 * in.
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
        // One element a slice: partition i holds element i. A parallelized collection's tasks carry their rows in
        // their partition objects, so every step would ship the data again; checkpointed locally (in the executors'
        // block managers), the RDD's partitions become bare indices and a step's tasks carry only the step.
        rdd = spark.parallelize(partitions, count);
        rdd.rdd().localCheckpoint();
        rdd.count();
    }

    @Override
    public <S extends Serializable, R extends Serializable> List<R> run(S shared, Task<S, R> task) {
        spark.setCallSite("vecmlp: one task a partition"); // else every job walks the driver's stack for a name
        if (serializedSizeBelow(shared, INLINE_LIMIT)) {
            return runJob(new OnePartition<>(shared, null, task));
        }
        Broadcast<S> value = spark.broadcast(shared);
        try {
            return runJob(new OnePartition<>(null, value, task));
        } finally {
            value.destroy();
        }
    }

    /**
     * Below this, the shared value travels inside the job's task binary, which Spark broadcasts for every job anyway
     * (one broadcast a step instead of two: about a fifth of a small step's time here); above it, in a broadcast of
     * its own, since Spark warns of task binaries over 1 MiB.
     */
    static final int INLINE_LIMIT = 1 << 20;

    private <R extends Serializable> List<R> runJob(OnePartition<?, R> function) {
        @SuppressWarnings("unchecked")
        ClassTag<R> any = (ClassTag<R>) (ClassTag<?>) ClassTag$.MODULE$.AnyRef();
        Object[] results = (Object[]) spark.sc().runJob(rdd.rdd(), function, any);
        List<R> list = new ArrayList<>(results.length);
        for (Object r : results) {
            @SuppressWarnings("unchecked")
            R result = (R) r;
            list.add(result);
        }
        return list; // runJob returns results by partition index, whatever order the tasks finished in
    }

    /** Whether a value's Java serialisation is shorter than {@code limit} bytes; stops counting at the limit. */
    static boolean serializedSizeBelow(Serializable value, int limit) {
        final class Full extends IOException { // thrown once the count reaches the limit: no need to write on
            private static final long serialVersionUID = 1L;
        }
        OutputStream counter = new OutputStream() {
            private long count;

            @Override
            public void write(int b) throws IOException {
                write(null, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                count += len;
                if (count >= limit) {
                    throw new Full();
                }
            }
        };
        try (ObjectOutputStream out = new ObjectOutputStream(counter)) {
            out.writeObject(value);
            return true;
        } catch (Full e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("the shared value does not serialise", e);
        }
    }

    /**
     * The function a task runs: a named class, not a lambda, because Spark's closure cleaner reads a lambda's
     * defining class from its jar on every job (about a tenth of a step's CPU time here) and leaves a plain class
     * alone; and a job run straight on the partitions' RDD needs no mapped RDD and no collect closure either. It
     * carries the shared value itself or a broadcast of it.
     *
     * @param <S> the shared value's type
     * @param <R> the result's type
     */
    private static final class OnePartition<S extends Serializable, R extends Serializable>
            extends AbstractFunction2<TaskContext, scala.collection.Iterator<PartitionRows>, R>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final S inline;
        private final Broadcast<S> broadcast;
        private final Task<S, R> task;

        OnePartition(S inline, Broadcast<S> broadcast, Task<S, R> task) {
            this.inline = inline;
            this.broadcast = broadcast;
            this.task = task;
        }

        @Override
        public R apply(TaskContext context, scala.collection.Iterator<PartitionRows> rows) {
            PartitionRows part = rows.next();
            if (rows.hasNext()) { // also ends the block's read, which Spark would otherwise log as unreleased
                throw new IllegalStateException("partition " + part.index() + " holds more than one element");
            }
            return task.run(broadcast == null ? inline : broadcast.value(), part, context.attemptNumber());
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
