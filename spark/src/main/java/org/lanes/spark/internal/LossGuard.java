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
    private double first;

    /**
     * A check that has seen no loss yet.
     *
     * @param limit the growth limit
     * @param classes the network's classes (the uniform guess's loss, {@code ln(classes)}, is the least reference)
     */
    public LossGuard(LossGrowthLimit limit, int classes) {
        this(limit, classes, Double.NaN);
    }

    /**
     * A check whose reference is {@code first} (NaN: none yet, the next loss becomes it): how a barrier stage carries
     * on the driver's check of the epochs before it.
     */
    public LossGuard(LossGrowthLimit limit, int classes, double first) {
        if (limit == null) {
            throw new IllegalArgumentException("limit must not be null (LossGrowthLimit.OFF turns the check off)");
        }
        this.limit = limit;
        this.classes = classes;
        this.first = first;
    }

    /** Takes over {@code reference} as the reference loss when this check has none yet (NaN keeps none). */
    public void adopt(double reference) {
        if (Double.isNaN(first)) {
            first = reference;
        }
    }

    /** The reference loss so far; NaN before the first. */
    public double reference() {
        return first;
    }

    /**
     * Takes one finite loss (the first one becomes the reference) and says whether it stays within the limit: the
     * same rule as {@link #check}, without the exception.
     */
    public boolean admit(double loss) {
        if (Double.isNaN(first)) {
            first = loss;
        }
        return !(loss > limit.bound(first, classes));
    }

    /**
     * Checks one finite loss; the first one becomes the reference.
     *
     * @throws TrainingDivergedException when {@code loss} exceeds the limit's bound
     */
    public void check(int epoch, int batch, double loss) {
        if (!admit(loss)) {
            throw new TrainingDivergedException(epoch, batch, (float) loss, (float) first, limit,
                    limit.bound(first, classes));
        }
    }
}
