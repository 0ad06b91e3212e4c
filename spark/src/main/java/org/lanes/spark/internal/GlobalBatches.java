package org.lanes.spark.internal;

/**
 * How a global mini-batch is shared among partitions. Each epoch has {@code ceil(total / batch)} steps; global
 * step {@code s} covers the global rows {@code [s*batch, min(total, (s+1)*batch))}, and a partition of {@code n}
 * rows contributes the rows of its own shuffled order from {@code floor(s*batch*n/total)} up to the same bound of
 * step {@code s+1}. So every partition contributes in proportion to its size, every row is seen once per epoch, and
 * with one partition the batches are exactly those of {@code Mlp.fit}.
 */
public final class GlobalBatches {
    private GlobalBatches() {
    }

    /** Steps per epoch. */
    public static long steps(long total, int batch) {
        return (total + batch - 1) / batch;
    }

    /** Where a partition of {@code partitionRows} rows starts its share of global step {@code step}. */
    public static int shareStart(long step, int batch, long total, int partitionRows) {
        long end = Math.min(total, step * batch);
        return (int) (end * partitionRows / total);
    }
}
