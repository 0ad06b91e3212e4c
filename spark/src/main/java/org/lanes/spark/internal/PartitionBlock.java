package org.lanes.spark.internal;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * One partition's examples converted once to dense row-major floats and integer labels, the form Lanes' kernels
 * read. A row that breaks a rule does not throw on the executor (Spark would wrap it); the block records the first
 * such row in {@link #error} and the driver raises it as an {@link IllegalArgumentException} before training.
 */
public final class PartitionBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The most classes a label column without metadata may imply (a stray huge label must not size a layer). */
    public static final int MAX_CLASSES = 100_000;

    public final int partition;
    public final int rows;
    public final int dimension;
    public final float[] features;
    public final int[] labels;
    public final int maxLabel;
    public final String error;

    private PartitionBlock(int partition, int rows, int dimension, float[] features, int[] labels, int maxLabel,
            String error) {
        this.partition = partition;
        this.rows = rows;
        this.dimension = dimension;
        this.features = features;
        this.labels = labels;
        this.maxLabel = maxLabel;
        this.error = error;
    }

    /**
     * Converts a partition's rows. {@code labelIndex} is -1 for unlabelled rows (scoring); labels must then be
     * integers in {@code [0, classes)} ({@code classes} 0 when it is not known yet: any integer label from 0 up to
     * {@link #MAX_CLASSES}).
     */
    public static PartitionBlock convert(int partition, Iterator<Row> rows, int featuresIndex, String featuresCol,
            int labelIndex, String labelCol, int dimension, int classes) {
        int capacity = (int) Math.max(1, Math.min(1024, (Integer.MAX_VALUE - 8L) / dimension));
        float[] x = new float[capacity * dimension];
        int[] y = new int[capacity];
        int n = 0;
        int maxLabel = -1;
        while (rows.hasNext()) {
            Row row = rows.next();
            if (n == y.length) {
                int grown = (int) Math.min(Integer.MAX_VALUE - 8L, 2L * y.length);
                if ((long) grown * dimension > Integer.MAX_VALUE - 8L) {
                    grown = (int) ((Integer.MAX_VALUE - 8L) / dimension);
                    if (grown <= n) {
                        return failed(partition, "partition " + partition + " holds more than " + n
                                + " rows of " + dimension + " features, more than one Java array takes;"
                                + " repartition the DataFrame into more partitions");
                    }
                }
                y = java.util.Arrays.copyOf(y, grown);
                x = java.util.Arrays.copyOf(x, grown * dimension);
            }
            String where = "row " + n + " of partition " + partition;
            int label = -1;
            if (labelIndex >= 0) {
                if (row.isNullAt(labelIndex)) {
                    return failed(partition, "column '" + labelCol + "': " + where + " has a null label");
                }
                double value = ((Number) row.get(labelIndex)).doubleValue();
                int limit = classes > 0 ? classes : MAX_CLASSES;
                if (!(value >= 0 && value < limit) || value != Math.rint(value)) {
                    return failed(partition, "column '" + labelCol + "': " + where + " has label " + value
                            + ", not an integer in [0, " + limit + ")");
                }
                label = (int) value;
                maxLabel = Math.max(maxLabel, label);
                where += " (label " + label + ")";
            }
            if (row.isNullAt(featuresIndex)) {
                return failed(partition, "column '" + featuresCol + "': " + where + " has a null feature vector");
            }
            Vector v = (Vector) row.get(featuresIndex);
            if (v.size() != dimension) {
                return failed(partition, "column '" + featuresCol + "': " + where + " has " + v.size()
                        + " features, expected " + dimension);
            }
            int bad = Features.copy(v, x, n * dimension);
            if (bad >= 0) {
                return failed(partition, "column '" + featuresCol + "': " + where + " has feature " + bad + " = "
                        + v.apply(bad) + " (not a finite float)");
            }
            if (labelIndex >= 0) {
                y[n] = label;
            }
            n++;
        }
        return new PartitionBlock(partition, n, dimension, java.util.Arrays.copyOf(x, n * dimension),
                java.util.Arrays.copyOf(y, n), maxLabel, null);
    }

    /** The block's counts and error without its data: what the driver collects to check the conversion. */
    public static PartitionBlock summary(PartitionBlock b) {
        return new PartitionBlock(b.partition, b.rows, b.dimension, new float[0], new int[0], b.maxLabel, b.error);
    }

    private static PartitionBlock failed(int partition, String error) {
        return new PartitionBlock(partition, 0, 0, new float[0], new int[0], -1, error);
    }
}
