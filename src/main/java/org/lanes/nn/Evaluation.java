package org.lanes.nn;

/** Mean cross-entropy loss and accuracy (fraction correct) over a dataset. */
public record Evaluation(double loss, double accuracy, int examples) {
}
