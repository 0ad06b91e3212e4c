package org.lanes.spark.internal;

import org.lanes.Kernels;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;

/**
 * The SGD update of {@link Mlp#applyGradients}, with the momentum held here instead of inside the network, so that
 * it can be checkpointed, broadcast and restored. It calls the same kernels in the same order as {@code Mlp}'s own
 * update (weight decay added to the weight gradient; then velocity = momentum·velocity − lr·gradient and
 * parameter += velocity, or parameter −= lr·gradient without momentum), so a network updated here is bit for bit
 * the one {@code Mlp.fit} produces.
 */
public final class SgdUpdate {
    private final Sgd sgd;
    private final float[][] weightVelocity;
    private final float[][] biasVelocity;

    private SgdUpdate(Sgd sgd, float[][] weightVelocity, float[][] biasVelocity) {
        this.sgd = sgd;
        this.weightVelocity = weightVelocity;
        this.biasVelocity = biasVelocity;
    }

    /** An update for {@code net}'s shapes with zero velocity (none allocated without momentum). */
    public static SgdUpdate fresh(Sgd sgd, Mlp net) {
        if (sgd.momentum() == 0f) {
            return new SgdUpdate(sgd, null, null);
        }
        float[][] vw = new float[net.layers()][];
        float[][] vb = new float[net.layers()][];
        for (int l = 0; l < net.layers(); l++) {
            vw[l] = new float[net.weights(l).length];
            vb[l] = new float[net.biases(l).length];
        }
        return new SgdUpdate(sgd, vw, vb);
    }

    /** An update continuing from the given velocities (copied; null when the momentum is 0). */
    public static SgdUpdate of(Sgd sgd, float[][] weightVelocity, float[][] biasVelocity) {
        if (sgd.momentum() == 0f) {
            return new SgdUpdate(sgd, null, null);
        }
        return new SgdUpdate(sgd, copy(weightVelocity), copy(biasVelocity));
    }

    /** Applies the gradients held in {@code net}'s gradient arrays to its parameters. */
    public void apply(Mlp net) {
        for (int l = 0; l < net.layers(); l++) {
            layer(net, l, net.weightGradient(l), 0, net.biasGradient(l), 0);
        }
    }

    /**
     * Applies the gradients held in {@code flat} (every layer's weight gradient then its bias gradient, layer after
     * layer, as {@link BarrierStage}'s all-reduce lays them out) to {@code net}'s parameters: the same kernels on the
     * same values as {@link #apply(Mlp)}, so bit for bit the same update. With weight decay, {@code flat}'s weight
     * gradients are overwritten.
     */
    public void apply(Mlp net, float[] flat) {
        int k = 0;
        for (int l = 0; l < net.layers(); l++) {
            int weights = net.weights(l).length;
            layer(net, l, flat, k, flat, k + weights);
            k += weights + net.biases(l).length;
        }
    }

    private void layer(Mlp net, int l, float[] gw, int gwOffset, float[] gb, int gbOffset) {
        float[] w = net.weights(l);
        float[] b = net.biases(l);
        if (sgd.weightDecay() > 0f) {
            Kernels.axpy(w.length, sgd.weightDecay(), w, 0, gw, gwOffset);
        }
        if (weightVelocity != null) {
            step(gw, gwOffset, weightVelocity[l], w);
            step(gb, gbOffset, biasVelocity[l], b);
        } else {
            Kernels.axpy(w.length, -sgd.learningRate(), gw, gwOffset, w, 0);
            Kernels.axpy(b.length, -sgd.learningRate(), gb, gbOffset, b, 0);
        }
    }

    private void step(float[] grad, int gradOffset, float[] velocity, float[] param) {
        Kernels.scale(velocity.length, sgd.momentum(), velocity, 0);
        Kernels.axpy(velocity.length, -sgd.learningRate(), grad, gradOffset, velocity, 0);
        Kernels.axpy(param.length, 1f, velocity, 0, param, 0);
    }

    public Sgd sgd() {
        return sgd;
    }

    /** The weight velocities (live arrays), or null without momentum. */
    public float[][] weightVelocity() {
        return weightVelocity;
    }

    /** The bias velocities (live arrays), or null without momentum. */
    public float[][] biasVelocity() {
        return biasVelocity;
    }

    static float[][] copy(float[][] a) {
        if (a == null) {
            return null;
        }
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
