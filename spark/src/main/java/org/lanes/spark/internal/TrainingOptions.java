package org.lanes.spark.internal;

/**
 * The estimator's training params as the trainer reads them: mode ({@code sync} or {@code local}), transport of
 * the synchronous mode ({@code barrier} or {@code treeAggregate}), epochs, global batch, seed, local steps, the
 * collective timeout, checkpoints (directory null for none, interval in global steps), threads per task (0:
 * {@code spark.task.cpus}) and the fit's fingerprint (what a checkpoint must match to be resumed).
 */
public record TrainingOptions(String mode, String transport, int epochs, int batch, long seed, int localSteps,
        long timeoutMs, String checkpointDir, int checkpointInterval, int threadsPerTask, String fingerprint) {
}
