package org.lanes.nn;

/**
 * Training stopped because the loss of a mini-batch was not finite (NaN or infinite): the learning rate is too
 * high, or the data holds a NaN or infinite value. The network's weights are then not finite either; they are
 * left as they are (do not save them).
 */
public final class TrainingDivergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final float loss;

    public TrainingDivergedException(int epoch, int batch, float loss) {
        super("training diverged: loss " + loss + " at epoch " + epoch + ", batch " + batch
                + " (lower the learning rate, or check the data for NaN or infinite values)");
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
    }

    /** The epoch, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The mini-batch within the epoch, from 1. */
    public int batch() {
        return batch;
    }

    public float loss() {
        return loss;
    }
}
