package org.lanes.spark.internal;

import java.io.Serializable;
import java.util.List;

/**
 * What partition 0 returns from a barrier stage: the parameters and velocities every replica holds at its end
 * (bitwise the same on all), and one {@link EpochResult} per epoch the stage ran, in order. The list stops early at
 * an epoch that diverged (a NaN or infinite step loss) or whose loss passed the fit's growth limit.
 * {@code lossReference} is the growth limit's reference loss at the stage's end (NaN before the first loss), which the
 * driver takes over in local SGD, where the tasks check every round's loss.
 */
public record StageResult(float[][] weights, float[][] biases, float[][] weightVelocity, float[][] biasVelocity,
        List<EpochResult> epochs, double lossReference) implements Serializable {
}
