package org.lanes.spark.internal;

import java.io.Serializable;
import java.util.List;

/**
 * What partition 0 returns from a barrier stage: the parameters and velocities every replica holds at its end
 * (bitwise the same on all), and one {@link EpochResult} per epoch the stage ran, in order. The list stops early at
 * an epoch that diverged (a NaN or infinite step loss) or whose loss passed the fit's growth limit.
 */
public record StageResult(float[][] weights, float[][] biases, float[][] weightVelocity, float[][] biasVelocity,
        List<EpochResult> epochs) implements Serializable {
}
