package org.lanes.nn;

/**
 * Labelled examples: {@code features} holds {@code size} rows of {@code dimension} floats, row-major;
 * {@code labels} holds one class in {@code [0, classes)} per row. The arrays are held, not copied.
 *
 * @param features the examples' features, {@code size * dimension} floats, row-major
 * @param labels the examples' classes, {@code size} values in {@code [0, classes)}
 * @param size the number of examples, at least 0
 * @param dimension the number of features per example, at least 1
 * @param classes the number of classes, at least 1
 */
public record Dataset(float[] features, int[] labels, int size, int dimension, int classes) {
    /**
     * Checks the sizes and every label.
     *
     * @param features the examples' features, {@code size * dimension} floats, row-major
     * @param labels the examples' classes, {@code size} values in {@code [0, classes)}
     * @param size the number of examples, at least 0
     * @param dimension the number of features per example, at least 1
     * @param classes the number of classes, at least 1
     * @throws IllegalArgumentException naming the argument: a negative size, a dimension or class count below 1,
     *     arrays of other lengths than the sizes say, or a label outside {@code [0, classes)}
     */
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
