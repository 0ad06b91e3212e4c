package org.lanes.spark;

import org.lanes.nn.Mlp;

/**
 * Synchronous SGD as the barrier transport's contract states it, step by step on one machine: per global step each
 * partition's share gives its mean gradient (the library's own {@code computeGradients}); each element of the global
 * gradient is float(S / R), S the double sum of g_p * r_p taken in the ring's order for the element's chunk (the
 * vector of all layers' weight and bias gradients plus the loss, cut into as many contiguous chunks as partitions;
 * chunk c's sum starts with partition c and adds c+1, c+2, ... mod P), R the step's rows; the library's own update
 * applies it. Alongside, {@code plain} takes ordinary SGD steps on the same global batches.
 */
final class RingContractReference {
    final Mlp ring;
    final Mlp plain;

    RingContractReference(Mlp ring, Mlp plain) {
        this.ring = ring;
        this.plain = plain;
    }

    /** Trains {@code ring} and {@code plain} (two copies of one initial network) for {@code epochs} epochs. */
    static RingContractReference train(org.lanes.nn.Dataset data, int partitions, int batch, long seed, int epochs,
            Mlp ring, Mlp plain) {
        int dim = data.dimension();
        GlobalBatchReference batches = new GlobalBatchReference(data.size(), partitions, batch, seed);
        int length = 1;
        for (int l = 0; l < ring.layers(); l++) {
            length += ring.weights(l).length + ring.biases(l).length;
        }
        float[] x = new float[batch * dim];
        int[] y = new int[batch];
        // A step's rows: the partitions' shares, each rounded down separately, sum to at most batch + partitions - 1.
        float[] xa = new float[(batch + partitions) * dim];
        int[] ya = new int[batch + partitions];
        for (int epoch = 0; epoch < epochs; epoch++) {
            batches.nextEpoch();
            for (int s = 0; s < batches.steps(); s++) {
                double[][] v = new double[partitions][length];
                long rows = 0;
                for (int p = 0; p < partitions; p++) {
                    int[] share = batches.share(p, s);
                    GlobalBatchReference.gather(data, share, x, y);
                    System.arraycopy(x, 0, xa, (int) rows * dim, share.length * dim);
                    System.arraycopy(y, 0, ya, (int) rows, share.length);
                    rows += share.length;
                    if (share.length > 0) {
                        float loss = ring.computeGradients(x, 0, y, 0, share.length);
                        int k = 0;
                        for (int l = 0; l < ring.layers(); l++) {
                            for (float g : ring.weightGradient(l)) {
                                v[p][k++] = (double) g * share.length;
                            }
                            for (float g : ring.biasGradient(l)) {
                                v[p][k++] = (double) g * share.length;
                            }
                        }
                        v[p][k] = (double) loss * share.length;
                    }
                }
                int k = 0;
                for (int l = 0; l < ring.layers(); l++) {
                    for (float[] g : new float[][] {ring.weightGradient(l), ring.biasGradient(l)}) {
                        for (int i = 0; i < g.length; i++, k++) {
                            int chunk = 0;
                            while ((long) (chunk + 1) * length / partitions <= k) {
                                chunk++;
                            }
                            double sum = v[chunk][k];
                            for (int j = 1; j < partitions; j++) {
                                sum = sum + v[(chunk + j) % partitions][k];
                            }
                            g[i] = (float) (sum / rows);
                        }
                    }
                }
                ring.applyGradients();
                plain.trainStep(xa, 0, ya, 0, (int) rows);
            }
        }
        return new RingContractReference(ring, plain);
    }
}
