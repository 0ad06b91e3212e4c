package org.lanes.spark.internal;

import java.io.Serializable;

/**
 * The row-weighted mean of per-partition parameter sets (gradients in synchronous training, weights in local SGD)
 * and of their losses, merged by Spark's {@code treeAggregate}.
 *
 * <p>Rounding rule: the first set merged into an empty mean is taken as it is, so one partition gives exactly its
 * own values (synchronous training on one partition equals {@code Mlp.fit} bit for bit). Merging two sets computes
 * {@code (a*wa + b*wb) / (wa + wb)} per element in double and rounds once to float.
 */
public final class WeightedMean implements Serializable {
    private static final long serialVersionUID = 1L;

    private float[][] first;
    private float[][] second;
    private long rows;
    private double lossSum;
    private boolean diverged;

    /** An empty mean: the zero value of the aggregation. */
    public WeightedMean() {
    }

    /**
     * Adds one partition's mean values over {@code rows} examples, with its mean loss. The arrays are referenced,
     * not copied: the caller must not change them before the aggregation has serialized or merged them.
     */
    public WeightedMean add(float[][] a, float[][] b, int count, double meanLoss) {
        if (count <= 0) {
            return this;
        }
        if (!Double.isFinite(meanLoss)) {
            diverged = true;
        }
        if (rows == 0) {
            first = a;
            second = b;
        } else {
            blend(first, a, rows, count);
            blend(second, b, rows, count);
        }
        rows += count;
        lossSum += meanLoss * count;
        return this;
    }

    /** Merges {@code other} into this mean (Spark's combine step). */
    public WeightedMean merge(WeightedMean other) {
        if (other.rows > 0) {
            if (rows == 0) {
                first = other.first;
                second = other.second;
            } else {
                blend(first, other.first, rows, other.rows);
                blend(second, other.second, rows, other.rows);
            }
            rows += other.rows;
            lossSum += other.lossSum;
        }
        diverged |= other.diverged;
        return this;
    }

    private static void blend(float[][] into, float[][] from, long intoRows, long fromRows) {
        double wa = intoRows;
        double wb = fromRows;
        double total = wa + wb;
        for (int l = 0; l < into.length; l++) {
            float[] x = into[l];
            float[] y = from[l];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) ((x[i] * wa + y[i] * wb) / total);
            }
        }
    }

    public long rows() {
        return rows;
    }

    /** The row-weighted mean loss; NaN when no rows were merged or a partition diverged. */
    public double meanLoss() {
        return rows == 0 || diverged ? Double.NaN : lossSum / rows;
    }

    public boolean diverged() {
        return diverged || !Double.isFinite(lossSum);
    }

    public float[][] first() {
        return first;
    }

    public float[][] second() {
        return second;
    }
}
