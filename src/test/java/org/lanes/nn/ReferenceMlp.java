package org.lanes.nn;

import org.lanes.Activation;

/**
 * A plain double-precision MLP written straight from the seed's NumPy TwoLayerMLP (forward, backward with
 * dz = y_pred - onehot, dW = a^T dz / N, SGD), generalized to any depth: the independent reference.
 */
final class ReferenceMlp {
    final int[] sizes;
    final Activation act;
    final double[][] w;
    final double[][] b;

    ReferenceMlp(Mlp net) {
        sizes = net.sizes();
        act = net.hiddenActivation();
        w = new double[net.layers()][];
        b = new double[net.layers()][];
        for (int l = 0; l < net.layers(); l++) {
            w[l] = toDouble(net.weights(l));
            b[l] = toDouble(net.biases(l));
        }
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    double f(double z) {
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

    double df(double a) {
        switch (act) {
            case SIGMOID:
                return a * (1 - a);
            case RELU:
                return a > 0 ? 1 : 0;
            case TANH:
                return 1 - a * a;
            default:
                return 1;
        }
    }

    /** Activations of every layer; the last holds softmax probabilities. */
    double[][] forward(float[] x, int n) {
        int layers = sizes.length - 1;
        double[][] a = new double[layers + 1][];
        a[0] = toDouble(java.util.Arrays.copyOf(x, n * sizes[0]));
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            a[l + 1] = new double[n * out];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < out; j++) {
                    double z = b[l][j];
                    for (int p = 0; p < in; p++) {
                        z += a[l][i * in + p] * w[l][p * out + j];
                    }
                    a[l + 1][i * out + j] = l == layers - 1 ? z : f(z);
                }
            }
        }
        double[] z = a[layers];
        int c = sizes[layers];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, z[i * c + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                z[i * c + j] = Math.exp(z[i * c + j] - max);
                sum += z[i * c + j];
            }
            for (int j = 0; j < c; j++) {
                z[i * c + j] /= sum;
            }
        }
        return a;
    }

    double loss(float[] x, int[] y, int n) {
        double[][] a = forward(x, n);
        double[] p = a[a.length - 1];
        int c = sizes[sizes.length - 1];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            loss -= Math.log(p[i * c + y[i]]);
        }
        return loss / n;
    }

    /** Gradients {dW per layer, db per layer} by backpropagation as in the seed. */
    double[][][] gradients(float[] x, int[] y, int n) {
        int layers = sizes.length - 1;
        double[][] a = forward(x, n);
        double[][] gw = new double[layers][];
        double[][] gb = new double[layers][];
        int c = sizes[layers];
        double[] dz = a[layers].clone();
        for (int i = 0; i < n; i++) {
            dz[i * c + y[i]] -= 1;
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            gw[l] = new double[in * out];
            gb[l] = new double[out];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < out; j++) {
                    double g = dz[i * out + j];
                    gb[l][j] += g / n;
                    for (int p = 0; p < in; p++) {
                        gw[l][p * out + j] += a[l][i * in + p] * g / n;
                    }
                }
            }
            if (l > 0) {
                double[] da = new double[n * in];
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < in; p++) {
                        double s = 0;
                        for (int j = 0; j < out; j++) {
                            s += dz[i * out + j] * w[l][p * out + j];
                        }
                        da[i * in + p] = s * df(a[l][i * in + p]);
                    }
                }
                dz = da;
            }
        }
        return new double[][][] {gw, gb};
    }

    void sgdStep(float[] x, int[] y, int n, double lr) {
        double[][][] g = gradients(x, y, n);
        for (int l = 0; l < w.length; l++) {
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] -= lr * g[0][l][i];
            }
            for (int i = 0; i < b[l].length; i++) {
                b[l][i] -= lr * g[1][l][i];
            }
        }
    }
}
