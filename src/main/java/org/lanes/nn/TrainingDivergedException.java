package org.lanes.nn;

/**
 * Training stopped because the loss of a mini-batch was not finite (NaN or infinite), or grew past the bound of a
 * {@link LossGrowthLimit}: the learning rate is too high, or the data holds a NaN or infinite value. The network's
 * weights are left as they are, and must not be saved: after a non-finite loss they are not finite either
 * ({@link Checkpoint#save} refuses them); after a loss past the bound they are finite but useless.
 */
public final class TrainingDivergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** The epoch, from 1. */
    private final int epoch;
    /** The mini-batch within the epoch, from 1. */
    private final int batch;
    /** The mini-batch's loss. */
    private final float loss;
    /** The bound the loss exceeded; infinite when the loss was not finite. */
    private final double bound;

    /**
     * A loss that is not finite.
     *
     * @param epoch the epoch, from 1
     * @param batch the mini-batch within the epoch, from 1
     * @param loss the mini-batch's loss, NaN or infinite
     */
    public TrainingDivergedException(int epoch, int batch, float loss) {
        super("training diverged: loss " + loss + " at epoch " + epoch + ", batch " + batch
                + " (lower the learning rate, or check the data for NaN or infinite values)");
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
        this.bound = Double.POSITIVE_INFINITY;
    }

    /**
     * A finite loss past the bound of a {@link LossGrowthLimit}.
     *
     * @param epoch the epoch, from 1
     * @param batch the mini-batch within the epoch, from 1
     * @param loss the mini-batch's loss
     * @param firstLoss the first mini-batch's loss of the training
     * @param limit the limit whose bound {@code loss} exceeds
     * @param bound that bound ({@link LossGrowthLimit#bound})
     */
    public TrainingDivergedException(int epoch, int batch, float loss, float firstLoss, LossGrowthLimit limit,
            double bound) {
        super(String.format(java.util.Locale.ROOT, "training diverged: loss %.4g at epoch %d, batch %d exceeds %.4g"
                + " (%.0f times the first loss %.4f, or the loss of a uniform guess if larger; lower the learning"
                + " rate, or raise or turn off the loss growth limit)", loss, epoch, batch, bound, limit.factor(),
                firstLoss));
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
        this.bound = bound;
    }

    /**
     * The epoch in which training stopped.
     *
     * @return the epoch, from 1
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The mini-batch whose loss stopped training.
     *
     * @return the mini-batch within the epoch, from 1
     */
    public int batch() {
        return batch;
    }

    /**
     * The loss that stopped training.
     *
     * @return the mini-batch's loss: NaN, infinite, or above {@link #bound()}
     */
    public float loss() {
        return loss;
    }

    /**
     * The bound of the {@link LossGrowthLimit} that {@link #loss()} exceeded.
     *
     * @return the bound; infinite when the loss was not finite
     */
    public double bound() {
        return bound;
    }
}
