package org.vecmlp.infer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves many callers with one {@link Predictor}: the rows that arrive together are predicted as one batch, so the
 * weights are read once a batch instead of once a row (a wide network's 8 MB per row), and each caller gets its own
 * rows back. The answers are bitwise those of {@link Predictor#predict(float[])} on the same backend, whoever else
 * was in the batch: the predictor is batch-invariant (a row's bits do not depend on its batch or on the thread count).
 *
 * <p>One dispatcher thread takes the oldest request, waits up to {@link Options#maxWait} for more, until
 * {@link Options#maxBatch} rows, runs the batch (a parallel backend splits a large one across its threads) and
 * completes each request's future. At most {@link Options#capacity} requests are accepted and unanswered at once;
 * past that a submission fails at once with a {@link RejectedExecutionException}. A request not run within its
 * timeout fails with a {@link TimeoutException}. {@link #close()} refuses new requests and answers every accepted one
 * before it returns. Thread-safe; a request allocates its future (and its output array, unless the caller gives
 * one), nothing else.
 */
public final class BatchingPredictor implements AutoCloseable {
    /**
     * How requests are batched.
     *
     * @param maxBatch rows a batch holds at most (a request of more rows runs on its own)
     * @param maxWait  how long the dispatcher waits for more requests once it holds one
     * @param capacity requests accepted and not yet answered, at most
     * @param timeout  how long a request may wait to be run (from its submission)
     */
    public record Options(int maxBatch, Duration maxWait, int capacity, Duration timeout) {
        /**
         * 64 rows, no wait, 4,096 requests, 1 s. No wait: a batch is what arrived while the previous one ran, which
         * under load is plenty, and a lone caller is not kept waiting for company that does not come. Measured on a
         * 2-vCPU Zen 4 VM behind {@code vecmlp serve} (reports/2026-12-08-serving-http-wait0 against
         * reports/2026-12-08-serving-http-zen4): at 1 connection 1.18× the unbatched throughput with no wait,
         * 0.46× with 200 µs; from 8 connections up no wait is as good or better. A positive wait trades each
         * request's latency for larger batches.
         */
        public static final Options DEFAULT = new Options(64, Duration.ZERO, 4096, Duration.ofSeconds(1));

        /** Checks each value. */
        public Options {
            Objects.requireNonNull(maxWait, "maxWait");
            Objects.requireNonNull(timeout, "timeout");
            if (maxBatch < 1 || maxBatch > 1 << 20) {
                throw new IllegalArgumentException("maxBatch must be 1 to 1048576 rows, got " + maxBatch);
            }
            if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("maxWait must be 0 to 10 s, got " + maxWait);
            }
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
            }
            if (!timeout.isPositive()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
        }
    }

    /** Told of every batch run, for metrics (called on the dispatcher thread; keep it short). */
    @FunctionalInterface
    public interface BatchListener {
        /**
         * A batch has run.
         *
         * @param requests the requests in it
         * @param rows     their rows
         * @param nanos    how long the prediction took
         */
        void batch(int requests, int rows, long nanos);
    }

    /** A request is its own future: one allocation a request. */
    private static final class Request extends CompletableFuture<float[]> {
        final float[] x;
        final int rows;
        final float[] out;
        final long deadline;

        Request(float[] x, int rows, float[] out, long deadline) {
            this.x = x;
            this.rows = rows;
            this.out = out;
            this.deadline = deadline;
        }
    }

    private final Predictor predictor;
    private final Options options;
    private final int inputs;
    private final int outputs;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Semaphore room;
    private final float[] batchX;
    private final float[] batchOut;
    private final List<Request> batch = new ArrayList<>();
    private final Thread dispatcher;
    private final BatchListener listener;
    private volatile boolean closed;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    /**
     * A batching predictor over {@code predictor}, with its own dispatcher thread (a daemon).
     *
     * @param predictor the model (thread-safe; this class is its only caller on the dispatcher thread)
     * @param options   batch size, wait, capacity and timeout
     * @param listener  told of each batch, or null
     */
    public BatchingPredictor(Predictor predictor, Options options, BatchListener listener) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = listener;
        this.inputs = predictor.inputs();
        this.outputs = predictor.outputs();
        this.room = new Semaphore(options.capacity());
        this.batchX = new float[Math.multiplyExact(options.maxBatch(), inputs)];
        this.batchOut = new float[Math.multiplyExact(options.maxBatch(), outputs)];
        this.dispatcher = new Thread(this::dispatch, "vecmlp-batching");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /**
     * As {@link #BatchingPredictor(Predictor, Options, BatchListener)} with no listener.
     *
     * @param predictor the model
     * @param options   batch size, wait, capacity and timeout
     */
    public BatchingPredictor(Predictor predictor, Options options) {
        this(predictor, options, null);
    }

    /** {@return features a row has} */
    public int inputs() {
        return inputs;
    }

    /** {@return values a row's answer has} */
    public int outputs() {
        return outputs;
    }

    /**
     * Submits one row; the future completes with its {@link #outputs()} values in a new array.
     *
     * @param row {@link #inputs()} features (not copied: leave it unchanged until the future completes)
     * @return the answer, or a future failed with {@link RejectedExecutionException} (full, or closed) or
     *         {@link TimeoutException}
     */
    public CompletableFuture<float[]> submit(float[] row) {
        return submit(row, 1, null);
    }

    /**
     * Submits {@code rows} rows; the future completes with {@code out} (or a new array) holding their outputs.
     *
     * @param x    {@code rows × inputs()} features, row after row (not copied)
     * @param rows how many rows, at least 1
     * @param out  {@code rows × outputs()} values to fill, or null for a new array
     * @return the answer, or a future failed with {@link RejectedExecutionException} or {@link TimeoutException}
     */
    public CompletableFuture<float[]> submit(float[] x, int rows, float[] out) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        if (x.length < (long) rows * inputs) {
            throw new IllegalArgumentException("the input holds " + x.length + " values; " + rows + " rows of "
                    + inputs + " need " + (long) rows * inputs);
        }
        if (out != null && out.length < (long) rows * outputs) {
            throw new IllegalArgumentException("the output holds " + out.length + " values; " + rows + " rows need "
                    + (long) rows * outputs);
        }
        Request r = new Request(x, rows, out != null ? out : new float[rows * outputs],
                System.nanoTime() + options.timeout().toNanos());
        if (closed) {
            rejected.incrementAndGet();
            r.completeExceptionally(new RejectedExecutionException("the batching predictor is closed"));
            return r;
        }
        if (!room.tryAcquire()) {
            rejected.incrementAndGet();
            r.completeExceptionally(new RejectedExecutionException("the queue is full (" + options.capacity()
                    + " requests waiting)"));
            return r;
        }
        accepted.incrementAndGet();
        queue.add(r);
        if (closed && queue.remove(r)) { // closed while adding: the dispatcher may have drained the queue already
            room.release();
            r.completeExceptionally(new RejectedExecutionException("the batching predictor is closed"));
        }
        return r;
    }

    /**
     * One row, waiting for its answer.
     *
     * @param row {@link #inputs()} features
     * @return its {@link #outputs()} values
     * @throws RejectedExecutionException when the queue is full or this is closed
     * @throws IllegalStateException      wrapping a {@link TimeoutException} or an interruption
     */
    public float[] predict(float[] row) {
        try {
            return submit(row).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a prediction", e);
        }
    }

    /** {@return requests waiting to be run now} */
    public int queued() {
        return queue.size();
    }

    /** {@return requests accepted so far} */
    public long accepted() {
        return accepted.get();
    }

    /** {@return requests refused so far (queue full or closed)} */
    public long rejected() {
        return rejected.get();
    }

    /** {@return accepted requests that timed out before they ran} */
    public long timedOut() {
        return timedOut.get();
    }

    /** {@return batches run so far} */
    public long batches() {
        return batches.get();
    }

    /** Refuses new requests, answers every accepted one, and stops the dispatcher. */
    @Override
    public void close() {
        closed = true;
        dispatcher.interrupt(); // wakes it from waiting; it then drains the queue
        boolean interrupted = false;
        while (dispatcher.isAlive()) {
            try {
                dispatcher.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch() {
        while (true) {
            Request first;
            try {
                first = closed ? queue.poll() : queue.take();
            } catch (InterruptedException e) {
                continue; // close() woke us: look at the queue again without blocking
            }
            if (first == null) {
                return; // closed and drained
            }
            collect(first);
            Thread.interrupted(); // close()'s wake-up call is for the queue, not for the prediction's threads
            runBatch();
        }
    }

    /** The batch: {@code first} and whatever arrives within the wait, up to the row limit. */
    private void collect(Request first) {
        batch.clear();
        int rows = 0;
        if (!expired(first)) {
            batch.add(first);
            rows = first.rows;
        }
        // Waiting for company ends in time for the earliest deadline of the batch: its requests run before then.
        long end = Math.min(System.nanoTime() + options.maxWait().toNanos(), first.deadline);
        while (rows < options.maxBatch()) {
            Request next = queue.peek();
            if (next != null) {
                if (rows > 0 && rows + next.rows > options.maxBatch()) {
                    break; // it starts the next batch
                }
                queue.poll();
                if (!expired(next)) {
                    batch.add(next);
                    rows += next.rows;
                    end = Math.min(end, next.deadline);
                }
                continue;
            }
            long left = end - System.nanoTime();
            if (left <= 0 || closed || batch.isEmpty()) {
                break;
            }
            try {
                next = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                continue; // closed: take what is there and go
            }
            if (next != null) {
                if (rows + next.rows > options.maxBatch()) {
                    runAlone(next); // cannot join this batch and must not wait behind it
                } else if (!expired(next)) {
                    batch.add(next);
                    rows += next.rows;
                    end = Math.min(end, next.deadline);
                }
            }
        }
    }

    private boolean expired(Request r) {
        if (System.nanoTime() - r.deadline > 0) {
            timedOut.incrementAndGet();
            room.release();
            r.completeExceptionally(new TimeoutException("the request waited longer than its timeout ("
                    + options.timeout().toMillis() + " ms) to be run"));
            return true;
        }
        return false;
    }

    /** Runs the collected requests as one batch, or one oversized request on its own arrays. */
    private void runBatch() {
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() == 1 && batch.get(0).rows > options.maxBatch()) {
            runAlone(batch.get(0));
            return;
        }
        int rows = 0;
        for (Request r : batch) {
            System.arraycopy(r.x, 0, batchX, rows * inputs, r.rows * inputs);
            rows += r.rows;
        }
        long t0 = System.nanoTime();
        Throwable failure = null;
        try {
            predictor.predict(batchX, rows, batchOut);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        long nanos = System.nanoTime() - t0;
        batches.incrementAndGet();
        if (listener != null) {
            listener.batch(batch.size(), rows, nanos); // before the answers: a caller that saw its answer sees this
        }
        int at = 0;
        for (Request r : batch) {
            room.release();
            if (failure == null) {
                System.arraycopy(batchOut, at * outputs, r.out, 0, r.rows * outputs);
                r.complete(r.out);
            } else {
                r.completeExceptionally(failure);
            }
            at += r.rows;
        }
        batch.clear();
    }

    private void runAlone(Request r) {
        if (expired(r)) {
            return;
        }
        long t0 = System.nanoTime();
        Throwable failure = null;
        try {
            predictor.predict(r.x, r.rows, r.out);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        batches.incrementAndGet();
        if (listener != null) {
            listener.batch(1, r.rows, System.nanoTime() - t0);
        }
        room.release();
        if (failure == null) {
            r.complete(r.out);
        } else {
            r.completeExceptionally(failure);
        }
    }
}
