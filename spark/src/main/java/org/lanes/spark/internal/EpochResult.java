package org.lanes.spark.internal;

import java.io.Serializable;

/**
 * What partition 0 returns from an epoch of the barrier stage: the parameters and velocities every replica holds
 * (bitwise the same on all), the summed loss and rows of the steps run, where the epoch diverged (-1: it did not),
 * and the time split of partition 0's steps: the math (gradient and update), copying the gradient into the all-reduce's
 * vector, in the all-reduce, and of that, waiting for peers; and the steps' wall time in all.
 */
public record EpochResult(float[][] weights, float[][] biases, float[][] weightVelocity, float[][] biasVelocity,
        double lossSum, long rows, long firstStep, long steps, long divergedAt, double divergedLoss,
        long computeNanos, long copyNanos, long reduceNanos, long waitNanos, long loopNanos) implements Serializable {
}
