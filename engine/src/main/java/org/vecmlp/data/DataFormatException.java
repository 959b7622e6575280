package org.vecmlp.data;

/** Input data that cannot be used, with a message that names the file and, where there is one, line and column. */
public class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * A refusal.
     *
     * @param message what is wrong, with the file, line and column
     */
    public DataFormatException(String message) {
        super(message);
    }

    /**
     * A refusal caused by another error.
     *
     * @param message what is wrong, with the file, line and column
     * @param cause   the error that revealed it
     */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
