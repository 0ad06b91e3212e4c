package org.lanes.nn;

/** Progress of {@link Mlp#fit}: after each epoch, and optionally after each mini-batch. */
@FunctionalInterface
public interface TrainingListener {
    /** After epoch {@code epoch} (1-based), with its mean training loss and its duration. */
    void epochDone(int epoch, double meanLoss, long nanos);

    /** Before epoch {@code epoch} (1-based) starts, with the number of examples it will see. */
    default void epochStarted(int epoch, int examples) {
    }

    /** After each mini-batch, with the examples done so far in this epoch and the batch loss. */
    default void batchDone(int epoch, int examplesDone, float batchLoss) {
    }
}
