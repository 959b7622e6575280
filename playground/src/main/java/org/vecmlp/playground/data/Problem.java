package org.vecmlp.playground.data;

import java.util.Locale;

/** What a playground network learns: a class (labels ±1) or a value (labels in [−1, 1]). */
public enum Problem {
    /** Two classes, labels +1 and −1. */
    CLASSIFICATION,
    /** A value in [−1, 1]. */
    REGRESSION;

    /** {@return the name used in settings and URLs: classification or regression} */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
