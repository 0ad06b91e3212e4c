package org.lanes.nn;

/**
 * When a training counts as diverged although its loss is still finite: a mini-batch's loss above {@code factor}
 * times a reference, the first mini-batch's loss of the {@link Mlp#fit} call, or the loss of a uniform guess over
 * the classes ({@code ln(classes)}) when that is larger. A learning rate far too high makes the loss grow by orders
 * of magnitude within a few steps while it stays finite, and a network trained so is useless; the noise between
 * the mini-batches of a healthy training stays far below a hundredfold. The uniform guess keeps a training resumed
 * from a good network (a first loss near 0) from stopping on such noise.
 *
 * @param factor how many times the reference a mini-batch's loss may reach; greater than 1, or
 *     {@link Double#POSITIVE_INFINITY} for no limit ({@link #OFF})
 */
public record LossGrowthLimit(double factor) {
    /** A hundred times the reference: the default of {@link Mlp}. */
    public static final LossGrowthLimit DEFAULT = new LossGrowthLimit(100);
    /** No limit: only a NaN or infinite loss stops the training. */
    public static final LossGrowthLimit OFF = new LossGrowthLimit(Double.POSITIVE_INFINITY);

    /**
     * Checks the factor.
     *
     * @param factor how many times the reference a mini-batch's loss may reach; greater than 1, or infinite
     *
     * @throws IllegalArgumentException when {@code factor} is not greater than 1 (NaN included)
     */
    public LossGrowthLimit {
        if (!(factor > 1)) {
            throw new IllegalArgumentException("factor must be > 1 (or infinite for no limit), got " + factor);
        }
    }

    /**
     * The largest loss a mini-batch may have.
     *
     * @param firstLoss the first mini-batch's loss of the training
     * @param classes the number of classes of the network, at least 1
     * @return {@code factor * max(firstLoss, ln(classes))}; infinite when the limit is {@link #OFF}
     */
    public double bound(double firstLoss, int classes) {
        return factor * Math.max(firstLoss, Math.log(classes));
    }
}
