package org.lanes.nn;

/** Progress of {@link Mlp#fit}: after each epoch, and optionally after each mini-batch. */
@FunctionalInterface
public interface TrainingListener {
    /** After epoch {@code epoch} (1-based), with its mean training loss and its duration. */
    void epochDone(int epoch, double meanLoss, long nanos);

    /** After each mini-batch, with the examples done so far in this epoch and the batch loss. */
    default void batchDone(int epoch, int examplesDone, float batchLoss) {
    }
}
