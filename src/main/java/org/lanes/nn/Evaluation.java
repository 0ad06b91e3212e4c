package org.lanes.nn;

/**
 * Mean cross-entropy loss and accuracy (fraction correct) over a dataset.
 *
 * @param loss the mean cross-entropy over the examples
 * @param accuracy the fraction of examples classified correctly, in [0, 1]
 * @param examples the number of examples
 */
public record Evaluation(double loss, double accuracy, int examples) {
}
