package org.lanes.spark;

/**
 * A training task waited longer than {@code collectiveTimeout} for its peers: in the rendezvous, the ring's
 * connections or an all-reduce. The message names the waiting task (partition and attempt) and what it waited for.
 * A wait in the synchronous barrier stage ends with this error instead of hanging; Spark then retries the stage
 * (from the last checkpoint, when one is kept) or fails the fit with it.
 */
public final class CollectiveTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CollectiveTimeoutException(String message) {
        super(message);
    }

    public CollectiveTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
