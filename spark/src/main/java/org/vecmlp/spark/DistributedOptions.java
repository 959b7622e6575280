package org.vecmlp.spark;

import java.util.Locale;

/**
 * How training is distributed.
 *
 * @param mode       synchronous SGD or local SGD with model averaging
 * @param partitions the number of partitions the training set is cut into
 * @param localSteps local SGD's steps per partition between averagings (1 or more; unused by sync)
 * @param hooks      injected faults and delays (tests); {@link TaskHooks#NONE} otherwise
 */
public record DistributedOptions(Mode mode, int partitions, int localSteps, TaskHooks hooks) {
    /** The two modes. */
    public enum Mode {
        /**
         * Per step: the parameters broadcast, each partition's gradient over its share of the global mini-batch,
         * the partials summed on the driver in a fixed tree, one optimizer update: the same mathematics as one
         * machine training on the global batch.
         */
        SYNC,
        /**
         * Per round: each partition trains k steps on its own rows from the round's model (and optimizer state),
         * then parameters and optimizer state are averaged in partition order: k times fewer rounds.
         */
        LOCAL_SGD;

        /** {@return the name {@link #parse} reads: sync or local-sgd} */
        public String cliName() {
            return this == SYNC ? "sync" : "local-sgd";
        }

        /**
         * Parses a mode's name.
         *
         * @param name sync or local-sgd
         * @return the mode
         */
        public static Mode parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "sync" -> SYNC;
                case "local-sgd", "local" -> LOCAL_SGD;
                default -> throw new IllegalArgumentException("unknown distributed mode '" + name
                        + "' (expected sync or local-sgd)");
            };
        }
    }

    /** Checks the values. */
    public DistributedOptions {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (localSteps < 1) {
            throw new IllegalArgumentException("local steps must be at least 1, got " + localSteps);
        }
    }

    /**
     * Synchronous SGD.
     *
     * @param partitions the partitions
     * @return the options
     */
    public static DistributedOptions sync(int partitions) {
        return new DistributedOptions(Mode.SYNC, partitions, 1, TaskHooks.NONE);
    }

    /**
     * Local SGD averaging every k steps.
     *
     * @param partitions the partitions
     * @param k          local steps between averagings
     * @return the options
     */
    public static DistributedOptions localSgd(int partitions, int k) {
        return new DistributedOptions(Mode.LOCAL_SGD, partitions, k, TaskHooks.NONE);
    }

    /**
     * The same options with injected faults or delays.
     *
     * @param h the hooks
     * @return the options
     */
    public DistributedOptions withHooks(TaskHooks h) {
        return new DistributedOptions(mode, partitions, localSteps, h);
    }
}
