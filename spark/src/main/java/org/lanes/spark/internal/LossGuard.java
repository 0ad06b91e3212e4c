package org.lanes.spark.internal;

import org.lanes.nn.LossGrowthLimit;
import org.lanes.nn.TrainingDivergedException;

/**
 * The driver's check of a fit's loss against a {@link LossGrowthLimit}: the reference is the first loss the
 * driver sees (a step's or round's mean over the partitions; in barrier mode, an epoch's mean), as the library's
 * {@code Mlp.fit} takes its first mini-batch's.
 */
public final class LossGuard {
    private final LossGrowthLimit limit;
    private final int classes;
    private double first = Double.NaN;

    /**
     * A check that has seen no loss yet.
     *
     * @param limit the growth limit
     * @param classes the network's classes (the uniform guess's loss, {@code ln(classes)}, is the least reference)
     */
    public LossGuard(LossGrowthLimit limit, int classes) {
        if (limit == null) {
            throw new IllegalArgumentException("limit must not be null (LossGrowthLimit.OFF turns the check off)");
        }
        this.limit = limit;
        this.classes = classes;
    }

    /**
     * Checks one finite loss; the first one becomes the reference.
     *
     * @throws TrainingDivergedException when {@code loss} exceeds the limit's bound
     */
    public void check(int epoch, int batch, double loss) {
        if (Double.isNaN(first)) {
            first = loss;
        }
        double bound = limit.bound(first, classes);
        if (loss > bound) {
            throw new TrainingDivergedException(epoch, batch, (float) loss, (float) first, limit, bound);
        }
    }
}
