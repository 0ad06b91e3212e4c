package org.lanes.nn;

/** Progress of {@link Mlp#fit}: after each epoch, and optionally after each mini-batch. */
@FunctionalInterface
public interface TrainingListener {
    /**
     * After each epoch.
     *
     * @param epoch the epoch, from 1
     * @param meanLoss the epoch's mean training loss over its examples
     * @param nanos the epoch's duration in nanoseconds
     */
    void epochDone(int epoch, double meanLoss, long nanos);

    /**
     * Before each epoch starts.
     *
     * @param epoch the epoch, from 1
     * @param examples the number of examples it will see
     */
    default void epochStarted(int epoch, int examples) {
    }

    /**
     * After each mini-batch.
     *
     * @param epoch the epoch, from 1
     * @param examplesDone the examples done so far in this epoch
     * @param batchLoss the mini-batch's mean loss
     */
    default void batchDone(int epoch, int examplesDone, float batchLoss) {
    }
}
