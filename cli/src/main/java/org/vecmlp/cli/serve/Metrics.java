package org.vecmlp.cli.serve;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code /metrics} reports, in Prometheus' text format: prediction requests by status, their latency and the
 * batches' sizes as histograms, the queue's depth, the JVM's heap. Counting is lock-free (adders and atomic arrays).
 */
public final class Metrics {
    /** Upper bounds of the latency buckets, in seconds. */
    static final double[] LATENCY_BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5};
    /** Upper bounds of the batch-size buckets, in rows. */
    static final double[] BATCH_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
    private static final int[] STATUSES = {200, 400, 413, 500, 503, 504};

    private final LongAdder[] byStatus = new LongAdder[STATUSES.length + 1];
    private final Histogram latency = new Histogram(LATENCY_BOUNDS);
    private final Histogram batchRows = new Histogram(BATCH_BOUNDS);
    private final LongAdder batchRequests = new LongAdder();

    Metrics() {
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i] = new LongAdder();
        }
    }

    /** A prediction request ended with {@code status} after {@code nanos}. */
    void request(int status, long nanos) {
        int i = 0;
        while (i < STATUSES.length && STATUSES[i] != status) {
            i++;
        }
        byStatus[i].increment();
        latency.observe(nanos / 1e9);
    }

    /** A batch of {@code requests} requests and {@code rows} rows ran. */
    void batch(int requests, int rows, long nanos) {
        batchRows.observe(rows);
        batchRequests.add(requests);
    }

    /**
     * The prediction requests answered with a status so far.
     *
     * @param status an HTTP status (those not counted on their own are counted together)
     * @return the count
     */
    public long requests(int status) {
        for (int i = 0; i < STATUSES.length; i++) {
            if (STATUSES[i] == status) {
                return byStatus[i].sum();
            }
        }
        return byStatus[STATUSES.length].sum();
    }

    /** {@return the batches run so far} */
    public long batches() {
        return batchRows.count();
    }

    /** {@return the rows of every batch so far} */
    public double batchedRows() {
        return batchRows.sum();
    }

    String prometheus(int queued) {
        StringBuilder b = new StringBuilder(4096);
        b.append("# HELP vecmlp_requests_total Prediction requests answered, by HTTP status.\n");
        b.append("# TYPE vecmlp_requests_total counter\n");
        for (int i = 0; i < STATUSES.length; i++) {
            b.append("vecmlp_requests_total{status=\"").append(STATUSES[i]).append("\"} ")
                    .append(byStatus[i].sum()).append('\n');
        }
        b.append("vecmlp_requests_total{status=\"other\"} ").append(byStatus[STATUSES.length].sum()).append('\n');
        long errors = 0;
        for (int i = 1; i < byStatus.length; i++) {
            errors += byStatus[i].sum();
        }
        b.append("# HELP vecmlp_request_errors_total Prediction requests answered with an error status.\n");
        b.append("# TYPE vecmlp_request_errors_total counter\n");
        b.append("vecmlp_request_errors_total ").append(errors).append('\n');
        latency.write(b, "vecmlp_request_duration_seconds", "Time from a prediction request's arrival to its answer.");
        batchRows.write(b, "vecmlp_batch_rows", "Rows predicted together in one batch.");
        b.append("# HELP vecmlp_batched_requests_total Requests answered through batches.\n");
        b.append("# TYPE vecmlp_batched_requests_total counter\n");
        b.append("vecmlp_batched_requests_total ").append(batchRequests.sum()).append('\n');
        b.append("# HELP vecmlp_queue_depth Requests waiting to be batched now.\n");
        b.append("# TYPE vecmlp_queue_depth gauge\n");
        b.append("vecmlp_queue_depth ").append(queued).append('\n');
        java.lang.management.MemoryUsage heap =
                java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        b.append("# HELP vecmlp_heap_used_bytes The JVM's heap in use now (after a collection: what stays live).\n");
        b.append("# TYPE vecmlp_heap_used_bytes gauge\n");
        b.append("vecmlp_heap_used_bytes ").append(heap.getUsed()).append('\n');
        b.append("# HELP vecmlp_heap_committed_bytes The JVM's heap reserved from the system now.\n");
        b.append("# TYPE vecmlp_heap_committed_bytes gauge\n");
        b.append("vecmlp_heap_committed_bytes ").append(heap.getCommitted()).append('\n');
        return b.toString();
    }

    /** A cumulative histogram in Prometheus' sense: a count per upper bound, the sum and the count. */
    static final class Histogram {
        private final double[] bounds;
        private final AtomicLongArray counts;
        private final DoubleAdder sum = new DoubleAdder();
        private final LongAdder count = new LongAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length);
        }

        void observe(double v) {
            for (int i = 0; i < bounds.length; i++) {
                if (v <= bounds[i]) {
                    counts.incrementAndGet(i);
                    break;
                }
            }
            sum.add(v);
            count.increment();
        }

        long count() {
            return count.sum();
        }

        double sum() {
            return sum.sum();
        }

        void write(StringBuilder b, String name, String help) {
            b.append("# HELP ").append(name).append(' ').append(help).append('\n');
            b.append("# TYPE ").append(name).append(" histogram\n");
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += counts.get(i);
                b.append(name).append("_bucket{le=\"").append(label(bounds[i])).append("\"} ").append(cumulative)
                        .append('\n');
            }
            b.append(name).append("_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
            b.append(name).append("_sum ").append(String.format(Locale.ROOT, "%.9g", sum.sum())).append('\n');
            b.append(name).append("_count ").append(count.sum()).append('\n');
        }

        private static String label(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
