package org.lanes.spark.internal;

import java.io.Serializable;

/**
 * The state an epoch of the barrier stage starts from, broadcast by the driver: the network, the momentum velocities
 * (null without momentum), the epoch (1-based) and the first step to run in it.
 */
public record EpochStart(NetworkState network, float[][] weightVelocity, float[][] biasVelocity, int epoch,
        long step) implements Serializable {
}
