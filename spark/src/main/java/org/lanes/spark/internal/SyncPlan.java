package org.lanes.spark.internal;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import org.lanes.nn.Sgd;

/**
 * What every task of a synchronous fit needs to know besides the weights: the run, the driver's tracker and the
 * fit's token, the global batches (batch, seed,
 * rows per partition), the optimizer, the collective timeout, the checkpoint settings (directory null for none) and
 * the threads per task (0: {@code spark.task.cpus}).
 */
public record SyncPlan(String run, String tracker, long token, int batch, long seed, long total, int[] partitionRows,
        float learningRate, float momentum, float weightDecay, long timeoutMs, String checkpointDir,
        int checkpointInterval, String fingerprint, Broadcast<SerializableConfiguration> hadoop,
        int threadsPerTask) implements Serializable {

    public Sgd sgd() {
        return new Sgd(learningRate, momentum, weightDecay);
    }

    public long stepsPerEpoch() {
        return GlobalBatches.steps(total, batch);
    }

    /** Rows of global step {@code step}, summed over the partitions as each one computes its share. */
    public long stepRows(long step) {
        long rows = 0;
        for (int n : partitionRows) {
            rows += GlobalBatches.shareStart(step + 1, batch, total, n)
                    - GlobalBatches.shareStart(step, batch, total, n);
        }
        return rows;
    }

    /** Whether a checkpoint is due after {@code globalStep} steps of the fit. */
    public boolean checkpointAfter(long globalStep) {
        return checkpointDir != null && checkpointInterval > 0 && globalStep % checkpointInterval == 0;
    }
}
