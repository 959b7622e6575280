package org.vecmlp.cli;

/** A problem with what the user asked for or gave: reported as one line, exit code 2, no stack trace. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
