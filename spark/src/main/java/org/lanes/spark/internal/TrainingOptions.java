package org.lanes.spark.internal;

/**
 * The estimator's training params as the trainer reads them: mode ({@code sync} or {@code local}), transport of
 * the synchronous mode ({@code barrier} or {@code treeAggregate}), epochs, global batch, seed, local steps, the
 * collective timeout, checkpoints (directory null for none, interval in global steps), threads per task (0:
 * {@code spark.task.cpus}), the fit's fingerprint (what a checkpoint must match to be resumed) and the epochs per
 * barrier stage (0: the whole fit in one).
 */
public record TrainingOptions(String mode, String transport, int epochs, int batch, long seed, int localSteps,
        long timeoutMs, String checkpointDir, int checkpointInterval, int threadsPerTask, String fingerprint,
        int epochsPerStage) {

    /** The last epoch of the barrier stage that starts at {@code epoch}: {@code epochsPerStage} of them, 0 for all. */
    public int lastEpochOfStage(int epoch) {
        return epochsPerStage == 0 ? epochs : (int) Math.min(epochs, (long) epoch + epochsPerStage - 1);
    }
}
