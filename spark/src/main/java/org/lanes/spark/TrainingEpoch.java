package org.lanes.spark;

import java.io.Serializable;

/**
 * One epoch of {@link LanesMlpClassifier} training as the driver saw it: the row-weighted mean training loss of
 * its steps, the accuracy on the validation DataFrame ({@code NaN} when none was given), the epoch's wall time
 * (validation excluded) and the training examples per second.
 */
public record TrainingEpoch(int epoch, double loss, double validationAccuracy, double seconds,
        double examplesPerSecond) implements Serializable {
}
