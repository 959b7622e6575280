package org.vecmlp.spark;

import java.util.regex.Pattern;

/**
 * The masters a single process can train on without a cluster: Spark's local modes, embedded in this JVM, and the
 * in-process reference (no Spark at all). A cluster is reached with {@code spark-submit} and {@link TrainJob}, whose
 * master spark-submit gives.
 */
public final class Masters {
    private Masters() {
    }

    /** The in-process reference: the partitions one after another in this JVM, no Spark needed. */
    public static final String IN_PROCESS = "in-process";

    /** {@code local}, {@code local[N]}, {@code local[*]}, and each with {@code ,F} task attempts. */
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]{0,3})(,[1-9][0-9]{0,2})?])?");

    /**
     * Checks a master before anything starts.
     *
     * @param master the master
     * @return it, when it is {@link #IN_PROCESS} or a local mode
     * @throws IllegalArgumentException saying what is accepted, and where a cluster master goes instead
     */
    public static String check(String master) {
        if (master.equals(IN_PROCESS) || LOCAL.matcher(master).matches()) {
            return master;
        }
        String why = master.startsWith("spark://") || master.startsWith("yarn") || master.startsWith("k8s://")
                || master.startsWith("mesos://")
                ? "a cluster master: submit the job with spark-submit --class org.vecmlp.spark.TrainJob "
                + "spark/target/vecmlp-spark.jar, which reads its master from spark-submit"
                : "not a master this process can start";
        throw new IllegalArgumentException("'" + master + "' is " + why + " (expected local, local[N], local[*], "
                + "local[N,F] with F attempts a task, or " + IN_PROCESS + " for the reference without Spark)");
    }

    /**
     * Whether Apache Spark's classes can be loaded: the {@code spark} module's dependencies are provided by the
     * cluster or, for the command line, added to its class path.
     *
     * @return true when {@code org.apache.spark.SparkContext} is present
     */
    public static boolean sparkOnClassPath() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, Masters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The cores a local master names: {@code local} 1, {@code local[N]} and {@code local[N,F]} N, {@code local[*]}
     * this machine's.
     *
     * @param master a local master
     * @return its cores
     * @throws IllegalArgumentException for a master that is not local (the reference has no cores)
     */
    public static int cores(String master) {
        if (master.equals(IN_PROCESS) || !LOCAL.matcher(master).matches()) {
            throw new IllegalArgumentException("'" + master + "' is not a local master");
        }
        if (master.equals("local")) {
            return 1;
        }
        String n = master.substring("local[".length(), master.length() - 1).split(",")[0];
        return n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
    }

    /**
     * Starts the runner a checked master names.
     *
     * @param master {@link #IN_PROCESS} or a local mode
     * @return the runner; closing it stops the embedded Spark
     */
    public static PartitionRunner open(String master) {
        check(master);
        return master.equals(IN_PROCESS) ? new InProcessPartitionRunner() : SparkPartitionRunner.embedded(master);
    }
}
