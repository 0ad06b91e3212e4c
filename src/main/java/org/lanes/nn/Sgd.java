package org.lanes.nn;

/**
 * Stochastic gradient descent ({@code w -= lr * g}), with optional momentum
 * ({@code v = momentum*v - lr*g; w += v}) and L2 weight decay on weights ({@code g += decay * w}; biases are
 * not decayed).
 *
 * @param learningRate the step's factor, positive and finite
 * @param momentum the factor of the previous step in the velocity, in [0, 1); 0 for none
 * @param weightDecay the L2 factor added to the weights' gradient, at least 0; 0 for none
 */
public record Sgd(float learningRate, float momentum, float weightDecay) {
    /**
     * Checks the settings.
     *
     * @param learningRate the step's factor, positive and finite
     * @param momentum the factor of the previous step in the velocity, in [0, 1); 0 for none
     * @param weightDecay the L2 factor added to the weights' gradient, at least 0; 0 for none
     * @throws IllegalArgumentException naming the setting: a learning rate that is not positive and finite, a
     *     momentum outside [0, 1), or a weight decay that is negative or not finite
     */
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

    /**
     * Plain SGD: no momentum, no weight decay.
     *
     * @param learningRate the step's factor, positive and finite
     * @return the optimizer
     * @throws IllegalArgumentException when {@code learningRate} is not positive and finite
     */
    public static Sgd of(float learningRate) {
        return new Sgd(learningRate, 0f, 0f);
    }

    /**
     * This optimizer with another momentum.
     *
     * @param value the momentum, in [0, 1)
     * @return the new optimizer
     * @throws IllegalArgumentException when {@code value} is outside [0, 1)
     */
    public Sgd withMomentum(float value) {
        return new Sgd(learningRate, value, weightDecay);
    }

    /**
     * This optimizer with another weight decay.
     *
     * @param value the L2 weight decay, at least 0 and finite
     * @return the new optimizer
     * @throws IllegalArgumentException when {@code value} is negative or not finite
     */
    public Sgd withWeightDecay(float value) {
        return new Sgd(learningRate, momentum, value);
    }
}
