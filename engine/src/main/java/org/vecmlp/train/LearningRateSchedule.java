package org.vecmlp.train;

/** The learning rate as a function of the epoch (0-based). */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The rate to use during {@code epoch}.
     *
     * @param baseRate    the configured learning rate
     * @param epoch       the epoch, 0-based
     * @param totalEpochs the planned number of epochs
     * @return the rate
     */
    double rate(double baseRate, int epoch, int totalEpochs);

    /** {@return the base rate throughout} */
    static LearningRateSchedule constant() {
        return (base, epoch, total) -> base;
    }

    /**
     * Multiplies the rate by {@code gamma} every {@code everyEpochs} epochs.
     *
     * @param everyEpochs at least 1
     * @param gamma       the factor, in (0, 1]
     * @return the schedule
     */
    static LearningRateSchedule step(int everyEpochs, double gamma) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("step schedule: step size must be at least 1 epoch, got " + everyEpochs);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("step schedule: gamma must be in (0, 1], got " + gamma);
        }
        return (base, epoch, total) -> base * Math.pow(gamma, epoch / everyEpochs);
    }

    /**
     * Cosine annealing from the base rate at epoch 0 towards {@code minFraction·base}, reached after the last epoch:
     * PyTorch's {@code CosineAnnealingLR} with {@code T_max} = the number of epochs, so the last epoch still trains
     * (with T_max = epochs − 1 it would run at the minimum, 0 by default, and change nothing).
     *
     * @param minFraction the final rate's share of the base rate, in [0, 1]
     * @return the schedule
     */
    static LearningRateSchedule cosine(double minFraction) {
        if (!(minFraction >= 0 && minFraction < 1)) {
            throw new IllegalArgumentException("cosine schedule: minimum fraction must be in [0, 1), got " + minFraction);
        }
        return (base, epoch, total) -> {
            if (total <= 0) {
                return base;
            }
            double progress = Math.min(1.0, (double) epoch / total);
            double min = base * minFraction;
            return min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * progress));
        };
    }

    /**
     * Parses a schedule's name: {@code constant}, {@code step} (×0.5 every 10 epochs) or {@code cosine} (down to 0).
     *
     * @param name the name, in any case
     * @return the schedule
     * @throws IllegalArgumentException for another name, listing those it knows
     */
    static LearningRateSchedule parse(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "constant" -> constant();
            case "step" -> step(10, 0.5);
            case "cosine" -> cosine(0.0);
            default -> throw new IllegalArgumentException(
                    "unknown schedule '" + name + "' (expected constant, step or cosine)");
        };
    }
}
