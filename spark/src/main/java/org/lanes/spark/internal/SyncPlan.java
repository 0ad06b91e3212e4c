package org.lanes.spark.internal;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import org.lanes.nn.Sgd;

/**
 * What every task of a synchronous fit needs to know besides the weights: the run, the driver's tracker and the
 * fit's token, the global batches (batch, seed,
 * rows per partition), the optimizer, the collective timeout, the checkpoint settings (directory null for none) and
 * the threads per task (0: {@code spark.task.cpus}), the factor of the loss growth limit and the class count (the
 * check the tasks apply after each epoch, {@link LossGuard}), and whether partition 0 keeps every epoch's weights for
 * the driver's validation; for local SGD, the steps between two averages ({@code localSteps}; 0 for synchronous SGD).
 */
public record SyncPlan(String run, String tracker, long token, int batch, long seed, long total, int[] partitionRows,
        float learningRate, float momentum, float weightDecay, long timeoutMs, String checkpointDir,
        int checkpointInterval, String fingerprint, Broadcast<SerializableConfiguration> hadoop,
        int threadsPerTask, double lossGrowthFactor, int classes, boolean keepEpochWeights, int localSteps)
        implements Serializable {

    /** The fit's loss growth check, with the reference {@code first} carried over from the driver or a checkpoint. */
    public LossGuard guard(double first) {
        return new LossGuard(new org.lanes.nn.LossGrowthLimit(lossGrowthFactor), classes, first);
    }

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
