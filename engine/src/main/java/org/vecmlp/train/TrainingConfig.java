package org.vecmlp.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to train: batching, epochs, learning rate and its schedule, optimizer, regularisation, seed, early stopping
 * and listeners. Immutable; build with {@link #builder()}.
 *
 * <p>Batch size 1 is SGD, any other size is mini-batch SGD, and {@link #FULL_BATCH} (0) is full-batch gradient
 * descent over the whole training set. Mini-batches are drawn from a fresh seeded shuffle every epoch (full batch is
 * not shuffled). L1 and L2 apply to weights only, never to biases: the penalty {@code l1·Σ|w| + (l2/2)·Σw²} is
 * added to the reported loss and {@code l1·sign(w) + l2·w} to the gradient.
 *
 * @param batchSize     rows per step: 1 for SGD, {@link #FULL_BATCH} for gradient descent
 * @param epochs        passes over the training set
 * @param learningRate  the base learning rate
 * @param schedule      how the rate changes over the epochs
 * @param optimizer     plain SGD, momentum, Nesterov or Adam
 * @param l1            the L1 strength on weights
 * @param l2            the L2 strength on weights
 * @param seed          seeds the shuffles and the held-out split: the same seed gives the same weights
 * @param earlyStopping when to stop, or null to run every epoch
 * @param listeners     called after every epoch, in order
 * @param parallel      how a step uses a parallel backend
 */
public record TrainingConfig(int batchSize, int epochs, double learningRate, LearningRateSchedule schedule,
                             OptimizerSpec optimizer, double l1, double l2, long seed,
                             EarlyStopping earlyStopping, List<TrainingListener> listeners, ParallelPolicy parallel) {

    /** Batch size meaning "the whole training set": full-batch gradient descent. */
    public static final int FULL_BATCH = 0;

    /**
     * Parses a batch size as the command line and the Spark job write it.
     *
     * @param text a whole number ≥ 0 (0: the whole set) or {@code full}
     * @return the batch size, {@link #FULL_BATCH} for {@code full}
     * @throws IllegalArgumentException "must be a positive integer, 0 or 'full', got '…'"
     */
    public static int parseBatchSize(String text) {
        if (text.equalsIgnoreCase("full")) {
            return FULL_BATCH;
        }
        try {
            int b = Integer.parseInt(text.trim());
            if (b >= 0) {
                return b;
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException("must be a positive integer, 0 or 'full', got '" + text + "'");
    }

    /** Checks every setting, with a message naming it. */
    public TrainingConfig {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(optimizer, "optimizer");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(parallel, "parallel");
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be 1 or more (or 0 for full batch), got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(l1 >= 0) || !Double.isFinite(l1) || !(l2 >= 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("regularisation strengths must be ≥ 0, got l1=" + l1 + ", l2=" + l2);
        }
    }

    /** {@return a builder with the defaults: batch 32, 10 epochs, SGD at 0.01, constant rate, no regularisation} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The batch size a training set of {@code rows} rows gets.
     *
     * @param rows the size of the training set
     * @return the batch size, at most {@code rows} (all of them for {@link #FULL_BATCH})
     */
    public int effectiveBatchSize(int rows) {
        return batchSize == FULL_BATCH ? rows : Math.min(batchSize, rows);
    }

    /**
     * Stop when the validation loss has not improved by more than {@code minDelta} for {@code patience} epochs,
     * then restore the best weights. When {@code fit} gets no validation set, {@code validationFraction} of the
     * training set is held out (seeded).
     *
     * @param patience           epochs without improvement before stopping, at least 1
     * @param minDelta           the smallest decrease of the validation loss that counts as one, at least 0
     * @param validationFraction the share held out when {@code fit} gets no validation set, in (0, 1)
     */
    public record EarlyStopping(int patience, double minDelta, double validationFraction) {
        /** Checks the three settings. */
        public EarlyStopping {
            if (patience < 1) {
                throw new IllegalArgumentException("early stopping patience must be at least 1 epoch, got " + patience);
            }
            if (!(minDelta >= 0)) {
                throw new IllegalArgumentException("early stopping min delta must be ≥ 0, got " + minDelta);
            }
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
            }
        }
    }

    /** Fluent construction with defaults: batch 32, 10 epochs, SGD at 0.01, constant rate, no regularisation. */
    public static final class Builder {
        private int batchSize = 32;
        private int epochs = 10;
        private double learningRate = 0.01;
        private LearningRateSchedule schedule = LearningRateSchedule.constant();
        private OptimizerSpec optimizer = OptimizerSpec.sgd();
        private double l1;
        private double l2;
        private long seed = 1;
        private EarlyStopping earlyStopping;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private ParallelPolicy parallel = ParallelPolicy.DEFAULT;

        private Builder() { // TrainingConfig.builder()
        }

        /**
         * Sets the rows per step.
         *
         * @param batchSize 1 for SGD, more for mini-batches, {@link #FULL_BATCH} for the whole set
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** {@return this builder, set to full-batch gradient descent} */
        public Builder fullBatch() {
            return batchSize(FULL_BATCH);
        }

        /**
         * Sets the number of passes over the training set.
         *
         * @param epochs at least 1
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the base learning rate.
         *
         * @param learningRate a positive number
         * @return this builder
         */
        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Sets how the rate changes over the epochs.
         *
         * @param schedule constant, step or cosine
         * @return this builder
         */
        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Sets the optimizer.
         *
         * @param optimizer SGD, momentum, Nesterov or Adam
         * @return this builder
         */
        public Builder optimizer(OptimizerSpec optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * Sets the L1 strength (weights only).
         *
         * @param l1 at least 0
         * @return this builder
         */
        public Builder l1(double l1) {
            this.l1 = l1;
            return this;
        }

        /**
         * Sets the L2 strength (weights only).
         *
         * @param l2 at least 0
         * @return this builder
         */
        public Builder l2(double l2) {
            this.l2 = l2;
            return this;
        }

        /**
         * Sets the seed of the shuffles and of the held-out split.
         *
         * @param seed any value: the same seed gives the same weights
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Stops when the validation loss stops improving ({@link EarlyStopping}).
         *
         * @param patience           epochs without improvement before stopping
         * @param minDelta           the smallest decrease that counts as an improvement
         * @param validationFraction the share held out when {@code fit} gets no validation set
         * @return this builder
         */
        public Builder earlyStopping(int patience, double minDelta, double validationFraction) {
            this.earlyStopping = new EarlyStopping(patience, minDelta, validationFraction);
            return this;
        }

        /**
         * How a step uses a parallel backend (ignored on the others); default {@link ParallelPolicy#DEFAULT}.
         *
         * @param policy data or operation parallel, and the shard size
         * @return this builder
         */
        public Builder parallel(ParallelPolicy policy) {
            this.parallel = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Adds a listener, called after every epoch with its metrics.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** {@return the checked configuration} */
        public TrainingConfig build() {
            return new TrainingConfig(batchSize, epochs, learningRate, schedule, optimizer, l1, l2, seed,
                    earlyStopping, listeners, parallel);
        }
    }
}
