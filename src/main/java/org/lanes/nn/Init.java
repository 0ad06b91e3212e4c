package org.lanes.nn;

import java.util.Random;

/** Weight initialization; biases always start at zero. */
public enum Init {
    /** {@code N(0,1) * 0.01}: small weights, the classic initialization of the two-layer sigmoid network. */
    SMALL_GAUSSIAN,
    /** Glorot/Xavier: {@code N(0, 2/(in+out))}, for sigmoid and tanh. */
    XAVIER,
    /** He: {@code N(0, 2/in)}, for ReLU. */
    HE;

    double stddev(int in, int out) {
        switch (this) {
            case XAVIER:
                return Math.sqrt(2.0 / (in + out));
            case HE:
                return Math.sqrt(2.0 / in);
            default:
                return 0.01;
        }
    }

    void fill(float[] weights, int in, int out, Random random) {
        double sd = stddev(in, out);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (random.nextGaussian() * sd);
        }
    }
}
