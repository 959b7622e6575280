package org.vecmlp.nn;

import java.util.Objects;

/** One fully connected layer: its width and activation. */
public record LayerSpec(int units, Activation activation) {
    public LayerSpec {
        Objects.requireNonNull(activation, "activation");
        if (units < 1) {
            throw new IllegalArgumentException("a layer needs at least 1 unit, got " + units);
        }
    }
}
