package org.lanes.spark;

import org.lanes.nn.Mlp;

/** The network's forward pass in plain double-precision scalar code, independent of Lanes' kernels. */
final class Reference {
    private Reference() {
    }

    static double[] logits(Mlp net, double[] x) {
        int[] sizes = net.sizes();
        double[] a = x;
        for (int l = 0; l < net.layers(); l++) {
            float[] w = net.weights(l);
            float[] b = net.biases(l);
            double[] z = new double[sizes[l + 1]];
            for (int j = 0; j < z.length; j++) {
                double s = b[j];
                for (int i = 0; i < sizes[l]; i++) {
                    s += a[i] * w[i * z.length + j];
                }
                z[j] = l == net.layers() - 1 ? s : activate(net.hiddenActivation(), s);
            }
            a = z;
        }
        return a;
    }

    private static double activate(org.lanes.Activation act, double z) {
        switch (act) {
            case SIGMOID:
                return 1 / (1 + Math.exp(-z));
            case RELU:
                return Math.max(0, z);
            case TANH:
                return Math.tanh(z);
            default:
                return z;
        }
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
