package org.vecmlp.nn;

import java.util.Objects;

/**
 * One fully connected layer: its width and activation.
 *
 * @param units      the number of units (outputs), at least 1
 * @param activation the function applied to each unit's pre-activation
 */
public record LayerSpec(int units, Activation activation) {
    /** Checks the width and that there is an activation. */
    public LayerSpec {
        Objects.requireNonNull(activation, "activation");
        if (units < 1) {
            throw new IllegalArgumentException("a layer needs at least 1 unit, got " + units);
        }
    }
}
