package org.vecmlp.io;

import java.io.IOException;

/** A model file that cannot be read: not a model, truncated, corrupt, or from a newer version. */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A refusal.
     *
     * @param message what is wrong, starting with the file's name
     */
    public ModelFormatException(String message) {
        super(message);
    }
}
