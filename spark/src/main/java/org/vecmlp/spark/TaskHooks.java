package org.vecmlp.spark;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Faults and delays injected into the partition tasks, for the tests that show they change nothing: a task that
 * fails on its first attempt (Spark retries it), a task that always fails (the job fails, naming the step and
 * partition), random delays (tasks finish in another order). {@link #NONE} does nothing.
 *
 * @param failFirstAttemptStep  the step at which {@code failPartition}'s first attempt throws, or −1
 * @param alwaysFailStep        the step at which {@code failPartition} throws on every attempt, or −1
 * @param failPartition         the partition that fails
 * @param maxDelayMillis        each task sleeps up to this long first (0: never)
 * @param delaySeed             the seed of the delays
 */
public record TaskHooks(long failFirstAttemptStep, long alwaysFailStep, int failPartition, int maxDelayMillis,
                        long delaySeed) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No faults, no delays. */
    public static final TaskHooks NONE = new TaskHooks(-1, -1, -1, 0, 0);

    /** Runs before a task's work; throws the injected failure when one is due. */
    void before(long step, int partition, int attempt) {
        if (maxDelayMillis > 0) {
            int ms = new SplittableRandom(Seeds.of(delaySeed, step, partition) + attempt).nextInt(maxDelayMillis + 1);
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (partition == failPartition && (step == alwaysFailStep || (step == failFirstAttemptStep && attempt == 0))) {
            throw new IllegalStateException("injected failure (attempt " + attempt + ")");
        }
    }
}
