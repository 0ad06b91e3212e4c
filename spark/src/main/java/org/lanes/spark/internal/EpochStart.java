package org.lanes.spark.internal;

import java.io.Serializable;

/**
 * The state a barrier stage starts from, broadcast by the driver: the network, the momentum velocities (null
 * without momentum), the first epoch (1-based) and the first step to run in it, the last epoch the stage runs
 * (inclusive), and the reference loss of the fit's growth limit so far (NaN before the first epoch's loss is
 * known; {@link LossGuard}).
 */
public record EpochStart(NetworkState network, float[][] weightVelocity, float[][] biasVelocity, int epoch,
        long step, int lastEpoch, double firstLoss) implements Serializable {
}
