package org.vecmlp.kernel.parallel;

/** A piece of parallel work failed; the cause is the worker's exception. */
public final class ParallelExecutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure of a parallel piece, surfaced on the calling thread.
     *
     * @param message which piece failed
     * @param cause   what it threw
     */
    public ParallelExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
