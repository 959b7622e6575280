package org.vecmlp.train;

import java.util.Locale;
import org.vecmlp.nn.LayerSpec;
import org.vecmlp.nn.MlpSpec;

/**
 * What training a network takes in memory, from sizes alone (in longs, so nothing overflows), before anything is
 * allocated: a caller compares {@link #total()} with what the JVM may still use and refuses with a message, instead of
 * an {@code OutOfMemoryError} (or an integer overflow) minutes into a run.
 *
 * @param parameterBytes the parameters and their copies: weights, gradients, the last good weights, the best weights
 *                       (early stopping), the optimizer's state, the data-parallel shards' gradients
 * @param workspaceBytes the batch buffers of forward and backward: inputs, targets, each layer's activations,
 *                       derivatives and deltas, the logits; one set per data-parallel shard
 * @param evaluationBytes the evaluator's 512-row buffers, its confusion matrix and the encoded targets
 */
public record MemoryEstimate(long parameterBytes, long workspaceBytes, long evaluationBytes) {
    /** Rows per chunk the evaluator runs (the CLI's figure). */
    public static final int EVALUATION_ROWS = 512;

    /** {@return the sum of the three parts} */
    public long total() {
        return parameterBytes + workspaceBytes + evaluationBytes;
    }

    /**
     * The estimate for training {@code spec} on {@code trainRows} rows with {@code config}; {@code classes} is the
     * class count (0 for regression) and {@code shards} the data-parallel shards a step may use (1 without them).
     *
     * @param spec           the network
     * @param config       how it is trained (the batch size)
     * @param trainRows the training set's rows
     * @param classes     the class count, 0 for regression
     * @param shards       the data-parallel shards a step may use
     * @return the estimate, by part
     */
    public static MemoryEstimate of(MlpSpec spec, TrainingConfig config, int trainRows, int classes, int shards) {
        long p = spec.parameterCount();
        int states = switch (config.optimizer().kind()) {
            case SGD -> 0;
            case MOMENTUM, NESTEROV -> 1;
            case ADAM -> 2;
        };
        long copies = 3 + states + (config.earlyStopping() != null ? 1 : 0) + Math.max(0, shards - 1);
        long batch = config.effectiveBatchSize(trainRows);
        long shardRows = shards > 1 ? Math.ceilDiv(batch, shards) : batch;
        long workspace = Math.max(1, shards) * rowFloats(spec) * shardRows * Float.BYTES
                + (shards > 1 ? rowFloats(spec) * batch * Float.BYTES : 0);
        long evaluation = rowFloats(spec) * EVALUATION_ROWS * Float.BYTES + (long) classes * classes * Long.BYTES
                + (long) trainRows * spec.outputs() * Float.BYTES + (long) trainRows * Integer.BYTES;
        return new MemoryEstimate(copies * p * Float.BYTES, workspace, evaluation);
    }

    /** Floats a training workspace holds per row: inputs, targets and logits, then three buffers per layer. */
    private static long rowFloats(MlpSpec spec) {
        long floats = spec.inputs() + 2L * spec.outputs();
        for (LayerSpec layer : spec.layers()) {
            floats += 3L * layer.units();
        }
        return floats;
    }

    /**
     * {@return the estimate for messages: {@code 6.0 GiB (parameters 4.0 GiB, batch buffers 1.9 GiB, evaluation 0.1 GiB)}}
     */
    public String describe() {
        return String.format(Locale.ROOT, "%s (parameters and their copies %s, batch buffers %s, evaluation %s)",
                size(total()), size(parameterBytes), size(workspaceBytes), size(evaluationBytes));
    }

    /**
     * A byte count in the largest unit that keeps it ≥ 1: {@code 512 KiB}, {@code 6.0 GiB}.
     *
     * @param bytes the count
     * @return the text
     */
    public static String size(long bytes) {
        if (bytes < 1L << 20) {
            return String.format(Locale.ROOT, "%d KiB", Math.ceilDiv(bytes, 1024));
        }
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
