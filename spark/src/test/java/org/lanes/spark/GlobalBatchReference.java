package org.lanes.spark;

import java.util.SplittableRandom;

/**
 * The global mini-batches of a synchronous fit, written out independently of the module: the rows of a
 * parallelized list in {@code partitions} slices (slice p holds rows {@code [p*n/P, (p+1)*n/P)}), each slice
 * shuffled once per epoch by Fisher-Yates from {@code SplittableRandom(seed + golden*p)}, and global step s taking
 * from slice p its rows from {@code floor(s*batch*rows_p/n)} up to the same bound of step s+1.
 */
final class GlobalBatchReference {
    private final int n;
    private final int batch;
    private final int[][] parts;
    private final SplittableRandom[] random;

    GlobalBatchReference(int n, int partitions, int batch, long seed) {
        this.n = n;
        this.batch = batch;
        parts = new int[partitions][];
        random = new SplittableRandom[partitions];
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) p * n / partitions);
            int to = (int) ((long) (p + 1) * n / partitions);
            parts[p] = new int[to - from];
            for (int i = 0; i < parts[p].length; i++) {
                parts[p][i] = from + i;
            }
            random[p] = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * p);
        }
    }

    /** Shuffles every slice for the next epoch. */
    void nextEpoch() {
        shuffle(parts, random);
    }

    int steps() {
        return (n + batch - 1) / batch;
    }

    /** The row indices slice {@code p} gives to step {@code s} of the current epoch. */
    int[] share(int p, long s) {
        int[] part = parts[p];
        int from = (int) (Math.min(n, s * batch) * part.length / n);
        int to = (int) (Math.min(n, (s + 1) * batch) * part.length / n);
        return java.util.Arrays.copyOfRange(part, from, to);
    }

    int partitions() {
        return parts.length;
    }

    /** Copies rows {@code rows} of {@code data} into {@code x} and {@code y}. */
    static void gather(org.lanes.nn.Dataset data, int[] rows, float[] x, int[] y) {
        int dim = data.dimension();
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(data.features(), rows[r] * dim, x, r * dim, dim);
            y[r] = data.labels()[rows[r]];
        }
    }

    /** Each slice's Fisher-Yates shuffle of its rows for the next epoch, from the slice's own generator. */
    static void shuffle(int[][] parts, java.util.SplittableRandom[] random) {
        for (int p = 0; p < parts.length; p++) {
            for (int i = parts[p].length - 1; i > 0; i--) {
                int j = random[p].nextInt(i + 1);
                int t = parts[p][i];
                parts[p][i] = parts[p][j];
                parts[p][j] = t;
            }
        }
    }
}
