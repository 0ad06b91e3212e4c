package org.lanes.spark.internal;

import java.io.Serializable;

/**
 * One epoch of a barrier stage as partition 0 saw it: the summed loss and rows of the steps run, the first step run
 * and how many, where the epoch diverged (-1: it did not), the time split of partition 0's steps (the math: gradient
 * and update; copying the gradient into the all-reduce's vector; the all-reduce, and of that, waiting for peers; and
 * the steps' wall time in all), and, when the driver validates after every epoch, the weights and biases at the
 * epoch's end (null otherwise). Every replica holds the same figures for the loss: they come out of the all-reduce.
 * {@code accuracy} is the validation accuracy once the driver has computed it (NaN before, or without validation
 * data): the epochs of a fit's earlier stages carry it into the checkpoints, so that a resumed fit reports it.
 */
public record EpochResult(int epoch, double lossSum, long rows, long firstStep, long steps, long divergedAt,
        double divergedLoss, long computeNanos, long copyNanos, long reduceNanos, long waitNanos, long loopNanos,
        float[][] weights, float[][] biases, double accuracy) implements Serializable {

    /** The epoch's mean loss over its rows (NaN when it ran no rows). */
    public double meanLoss() {
        return rows == 0 ? Double.NaN : lossSum / rows;
    }

    /** This result without the weights: what a checkpoint keeps. */
    public EpochResult withoutWeights() {
        return new EpochResult(epoch, lossSum, rows, firstStep, steps, divergedAt, divergedLoss, computeNanos,
                copyNanos, reduceNanos, waitNanos, loopNanos, null, null, accuracy);
    }

    /** This result with the weights and biases at the epoch's end. */
    public EpochResult withWeights(float[][] w, float[][] b) {
        return new EpochResult(epoch, lossSum, rows, firstStep, steps, divergedAt, divergedLoss, computeNanos,
                copyNanos, reduceNanos, waitNanos, loopNanos, w, b, accuracy);
    }

    /** This result, without the weights, with the driver's validation accuracy. */
    public EpochResult withAccuracy(double a) {
        return new EpochResult(epoch, lossSum, rows, firstStep, steps, divergedAt, divergedLoss, computeNanos,
                copyNanos, reduceNanos, waitNanos, loopNanos, null, null, a);
    }
}
