package org.vecmlp.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.vecmlp.train.EpochMetrics;
import org.vecmlp.train.TrainingListener;

/**
 * The per-epoch progress bar on stderr: epoch, loss, accuracy, validation, samples/s and time left. On a terminal it
 * redraws one line; otherwise (logs, pipes, CI) it prints a line about every 5% of the epochs and the last one.
 */
final class ProgressReporter implements TrainingListener {
    private static final int BAR = 20;
    private final PrintStream err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long samples;

    ProgressReporter(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        samples += m.samples();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double perEpoch = elapsed / m.epoch();
        double left = perEpoch * (m.epochs() - m.epoch());
        int filled = (int) Math.round(BAR * (double) m.epoch() / m.epochs());
        StringBuilder line = new StringBuilder();
        int width = String.valueOf(m.epochs()).length();
        line.append(String.format(Locale.ROOT, "epoch %" + width + "d/%d [", m.epoch(), m.epochs()))
                .append("#".repeat(filled)).append("-".repeat(BAR - filled)).append(']')
                .append(String.format(Locale.ROOT, " loss %.4f", m.trainLoss()));
        if (!Double.isNaN(m.trainAccuracy())) {
            line.append(String.format(Locale.ROOT, " acc %.3f", m.trainAccuracy()));
        }
        if (m.hasValidation()) {
            line.append(String.format(Locale.ROOT, " | val loss %.4f", m.validationLoss()));
            if (!Double.isNaN(m.validationAccuracy())) {
                line.append(String.format(Locale.ROOT, " acc %.3f", m.validationAccuracy()));
            }
        }
        line.append(String.format(Locale.ROOT, " | %s samples/s | %s left", rate(samples / elapsed), duration(left)));
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            if (m.epoch() == m.epochs()) {
                err.println();
            }
        } else {
            int every = Math.max(1, m.epochs() / 20);
            if (m.epoch() % every == 0 || m.epoch() == m.epochs() || m.epoch() == 1) {
                err.println(line);
            }
        }
        err.flush();
    }

    /** Ends a redrawn line early (training stopped before the last epoch). */
    void finish() {
        if (terminal) {
            err.println();
        }
    }

    static String rate(double perSecond) {
        if (!Double.isFinite(perSecond)) {
            return "-";
        }
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.0fs", Math.ceil(seconds));
        }
        long s = (long) Math.ceil(seconds);
        return s < 3600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
