package org.lanes.spark.internal;

import java.io.Serializable;
import java.util.List;

/**
 * The state a barrier stage starts from, broadcast by the driver: the network, the momentum velocities (null
 * without momentum), the first epoch (1-based) and the first step to run in it, the last epoch the stage runs
 * (inclusive), the reference loss of the fit's growth limit so far (NaN before the first epoch's loss is known;
 * {@link LossGuard}), and the figures of the fit's epochs before this stage ({@code before}, without weights, with
 * their validation accuracy), ending, when the stage starts inside an epoch (a fit resumed from a checkpoint), with
 * that epoch's figures up to {@code step}. The stage writes them into its checkpoints, so that a fit resumed from one
 * reports every epoch.
 */
public record EpochStart(NetworkState network, float[][] weightVelocity, float[][] biasVelocity, int epoch,
        long step, int lastEpoch, double firstLoss, List<EpochResult> before) implements Serializable {
}
