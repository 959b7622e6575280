package org.vecmlp.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vecmlp.io.AtomicFiles;

/**
 * Output options ({@code --save}, {@code --metrics}, {@code --out}) checked before any work starts, with the engine's
 * own rules for an atomic write ({@link AtomicFiles#checkTarget}): a run never trains for minutes and then finds
 * it cannot write its result.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** Refuses {@code target} (when given) with a message naming the option; null is "not asked for". */
    static void check(String option, Path target) {
        if (target == null) {
            return;
        }
        try {
            AtomicFiles.checkTarget(target);
        } catch (IOException e) {
            throw new CliException(option + ": " + Main.describe(e), e);
        }
    }
}
