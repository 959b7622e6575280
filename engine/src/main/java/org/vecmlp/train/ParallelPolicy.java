package org.vecmlp.train;

import java.util.Locale;
import org.vecmlp.kernel.KernelParameters;

/**
 * How a training step uses a parallel backend: training policy, so it lives in the {@link TrainingConfig}, not in the
 * backend (which only runs pieces). Neither choice depends on the thread count, so the same seed gives the same
 * weights on any number of threads; the mode and the shard size do change the bits (shards sum their gradients).
 *
 * @param mode      data parallel shards, operation parallel GEMMs, or the rule of {@link #dataParallel}
 * @param shardRows rows per data-parallel shard
 */
public record ParallelPolicy(Mode mode, int shardRows) {
    /** Rows per data-parallel shard unless configured: large enough that a shard's GEMMs run at full speed. */
    public static final int DEFAULT_SHARD_ROWS = 64;

    /** The rule ({@code AUTO}) and the shard size 64. */
    public static final ParallelPolicy DEFAULT = new ParallelPolicy(Mode.AUTO, DEFAULT_SHARD_ROWS);

    /** How a step is split. */
    public enum Mode {
        /** Data parallel when the batch makes two shards and the network is small (see {@link #dataParallel}). */
        AUTO,
        /** Always shards (when the batch makes at least two). */
        DATA,
        /** Never shards: the step's large GEMMs and passes are split instead. */
        OPERATION
    }

    /** Checks that there is a mode and a shard holds at least one row. */
    public ParallelPolicy {
        java.util.Objects.requireNonNull(mode, "mode");
        if (shardRows < 1) {
            throw new IllegalArgumentException("shard rows must be at least 1, got " + shardRows);
        }
    }

    /**
     * Parses a mode's name.
     *
     * @param name {@code auto}, {@code data} or {@code operation}, in any case
     * @return the mode
     * @throws IllegalArgumentException for another name
     */
    public static Mode parseMode(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> Mode.AUTO;
            case "data" -> Mode.DATA;
            case "operation" -> Mode.OPERATION;
            default -> throw new IllegalArgumentException("parallel mode must be auto, data or operation, got '"
                    + name + "'");
        };
    }

    /**
     * Whether a step over {@code rows} rows of a network with {@code parameters} parameters runs as data-parallel
     * shards. {@link Mode#AUTO}'s rule: when the batch makes at least two shards and a gradient copy per shard stays
     * small ({@link KernelParameters#DATA_PARALLEL_MAX_PARAMETERS}); otherwise the step's own operations are split,
     * which needs no gradient copies (big layers) and costs nothing when they are too small to split.
     *
     * @param rows             the batch's rows
     * @param parameters the network's parameters
     * @return whether the step runs as shards
     */
    public boolean dataParallel(int rows, int parameters) {
        return switch (mode) {
            case DATA -> rows >= 2 * shardRows;
            case OPERATION -> false;
            case AUTO -> rows >= 2 * shardRows && parameters <= KernelParameters.DATA_PARALLEL_MAX_PARAMETERS;
        };
    }
}
