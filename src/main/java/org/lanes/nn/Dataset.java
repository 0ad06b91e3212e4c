package org.lanes.nn;

/**
 * Labelled examples: {@code features} holds {@code size} rows of {@code dimension} floats, row-major;
 * {@code labels} holds one class in {@code [0, classes)} per row.
 */
public record Dataset(float[] features, int[] labels, int size, int dimension, int classes) {
    public Dataset {
        if (size < 0 || dimension <= 0 || classes <= 0) {
            throw new IllegalArgumentException("size must be >= 0 and dimension, classes > 0; got size=" + size
                    + " dimension=" + dimension + " classes=" + classes);
        }
        if (features == null || (long) size * dimension != features.length) {
            throw new IllegalArgumentException("features must hold size*dimension = " + ((long) size * dimension) + " floats");
        }
        if (labels == null || labels.length != size) {
            throw new IllegalArgumentException("labels must hold size = " + size + " entries");
        }
        for (int i = 0; i < size; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label of example " + i + " is " + labels[i] + ", outside [0, " + classes + ")");
            }
        }
    }
}
