package org.lanes.spark.internal;

import java.io.Serializable;
import org.lanes.Activation;
import org.lanes.nn.Mlp;

/**
 * A network's parameters as plain arrays, the form in which they travel from the driver to the executors
 * (broadcast per step, or captured by a scoring closure). Rebuilt into an {@link Mlp} on the other side.
 */
public final class NetworkState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] sizes;
    private final Activation hidden;
    private final float[][] weights;
    private final float[][] biases;

    /** Parameters of a network of layer {@code sizes} (referenced, not copied). */
    public NetworkState(int[] sizes, Activation hidden, float[][] weights, float[][] biases) {
        this.sizes = sizes;
        this.hidden = hidden;
        this.weights = weights;
        this.biases = biases;
    }

    /** A copy of {@code net}'s parameters. */
    public static NetworkState of(Mlp net) {
        float[][] w = new float[net.layers()][];
        float[][] b = new float[net.layers()][];
        for (int l = 0; l < net.layers(); l++) {
            w[l] = net.weights(l).clone();
            b[l] = net.biases(l).clone();
        }
        return new NetworkState(net.sizes(), net.hiddenActivation(), w, b);
    }

    /** Overwrites these parameters with {@code net}'s (same layer sizes), allocating nothing. */
    public NetworkState refresh(Mlp net) {
        for (int l = 0; l < weights.length; l++) {
            System.arraycopy(net.weights(l), 0, weights[l], 0, weights[l].length);
            System.arraycopy(net.biases(l), 0, biases[l], 0, biases[l].length);
        }
        return this;
    }

    /** A new network holding these parameters. */
    public Mlp toMlp() {
        return Mlp.of(sizes, hidden, weights, biases);
    }

    /** Overwrites {@code net}'s parameters with these; {@code net} must have the same layer sizes. */
    public void copyInto(Mlp net) {
        for (int l = 0; l < weights.length; l++) {
            System.arraycopy(weights[l], 0, net.weights(l), 0, weights[l].length);
            System.arraycopy(biases[l], 0, net.biases(l), 0, biases[l].length);
        }
    }

    public int[] sizes() {
        return sizes.clone();
    }

    public Activation hidden() {
        return hidden;
    }
}
