package org.vecmlp.data;

/** Input data that cannot be used, with a message that names the file and, where there is one, line and column. */
public class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
