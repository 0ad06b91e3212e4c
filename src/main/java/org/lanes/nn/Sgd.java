package org.lanes.nn;

/**
 * Stochastic gradient descent ({@code w -= lr * g}), with optional momentum
 * ({@code v = momentum*v - lr*g; w += v}) and L2 weight decay on weights ({@code g += decay * w}; biases are
 * not decayed).
 */
public record Sgd(float learningRate, float momentum, float weightDecay) {
    public Sgd {
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive finite number, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0 and finite, got " + weightDecay);
        }
    }

    /** Plain SGD: no momentum, no weight decay. */
    public static Sgd of(float learningRate) {
        return new Sgd(learningRate, 0f, 0f);
    }

    public Sgd withMomentum(float value) {
        return new Sgd(learningRate, value, weightDecay);
    }

    public Sgd withWeightDecay(float value) {
        return new Sgd(learningRate, momentum, value);
    }
}
