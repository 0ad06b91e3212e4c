package org.lanes.spark;

import java.io.Serializable;

/**
 * One epoch of {@link LanesMlpClassifier} training as the driver saw it: the row-weighted mean training loss of
 * its steps, the accuracy on the validation DataFrame ({@code NaN} when none was given), the epoch's wall time
 * (validation excluded) and the training examples per second.
 *
 * <p>In synchronous mode over the barrier transport, partition 0's time per step ({@code stepMsPerStep}, the wall
 * time of its steps) and its parts: the math, computing its share of the gradient and applying the update
 * ({@code computeMsPerStep}); copying the gradient into the all-reduce's vector ({@code copyMsPerStep}); the ring
 * all-reduce ({@code allReduceMsPerStep}) and, within it, waiting for a peer's first bytes ({@code waitMsPerStep}).
 * {@code NaN} for the other modes and transports. Over the barrier transport an epoch's {@code seconds} is partition
 * 0's time in its steps; the first epoch of each barrier stage ({@code epochsPerStage}) also carries the stage's time
 * outside its epochs' steps, which is Spark's: launching the stage, the rendezvous, returning the results, and any
 * failed attempt. So the epochs of a fit add up to the stages' wall time.
 */
public record TrainingEpoch(int epoch, double loss, double validationAccuracy, double seconds,
        double examplesPerSecond, double computeMsPerStep, double allReduceMsPerStep, double waitMsPerStep,
        double copyMsPerStep, double stepMsPerStep) implements Serializable {

    public TrainingEpoch(int epoch, double loss, double validationAccuracy, double seconds, double examplesPerSecond) {
        this(epoch, loss, validationAccuracy, seconds, examplesPerSecond, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }
}
