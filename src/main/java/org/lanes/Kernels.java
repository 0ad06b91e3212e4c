package org.lanes;

import org.lanes.internal.Checks;
import org.lanes.internal.Providers;
import org.lanes.internal.RowKernels;

/**
 * The layer kernels on row-major {@code float[]} matrices, in the style of {@link Gemm#sgemm}: each matrix is
 * an array, an offset, a row count, a column count and a leading dimension (distance between rows).
 * Output may alias input where a method says so, as the very same region; any other overlap of an output
 * with an input in the same array is rejected (docs/kernels.md, "Aliasing"). Invalid arguments throw {@link IllegalArgumentException}
 * naming the argument, before anything is written. See {@code docs/kernels.md} for formulas and accuracy.
 */
public final class Kernels {
    private Kernels() {
    }

    private static final class Holder {
        static final RowKernels ROWS = new RowKernels(Providers.active());
    }

    /** The shared row kernels; a malformed {@code -Dlanes.*} setting throws first, as in {@link Gemm#driver}. */
    static RowKernels kernels() {
        Providers.active();
        return Holder.ROWS;
    }

    /**
     * {@code Y[i][j] = X[i][j] + bias[j]}; Y may be X (in place).
     *
     * @param rows the number of rows, at least 0
     * @param cols the number of columns, at least 0
     * @param x the array that holds X, rows x cols
     * @param xOffset the index of X's first element in {@code x}
     * @param ldx X's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @param bias the array that holds the bias, cols values
     * @param biasOffset the index of the bias's first value in {@code bias}
     * @param y the array that holds Y, rows x cols, written
     * @param yOffset the index of Y's first element in {@code y}
     * @param ldy Y's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array
     */
    public static void addBias(int rows, int cols, float[] x, int xOffset, int ldx, float[] bias, int biasOffset,
                               float[] y, int yOffset, int ldy) {
        dims(rows, cols);
        Checks.matrix("X", x, xOffset, ldx, rows, cols);
        Checks.vector("bias", bias, biasOffset, cols);
        Checks.matrix("Y", y, yOffset, ldy, rows, cols);
        kernels().addBias(rows, cols, x, xOffset, ldx, bias, biasOffset, y, yOffset, ldy);
    }

    /**
     * Bias gradient: {@code db[j] = scale * sum_i dZ[i][j]} (a mean over N rows uses scale = 1/N).
     *
     * @param rows the number of rows, at least 0
     * @param cols the number of columns, at least 0
     * @param scale the factor of each column's sum
     * @param dz the array that holds dZ, rows x cols
     * @param dzOffset the index of dZ's first element in {@code dz}
     * @param lddz dZ's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @param db the array that receives the cols sums
     * @param dbOffset the index of the first sum in {@code db}
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array, or db overlapping dZ
     */
    public static void columnSums(int rows, int cols, float scale, float[] dz, int dzOffset, int lddz,
                                  float[] db, int dbOffset) {
        dims(rows, cols);
        Checks.matrix("dZ", dz, dzOffset, lddz, rows, cols);
        Checks.vector("db", db, dbOffset, cols);
        Checks.noOverlap("db", db, dbOffset, Math.max(1, cols), 1, cols, "dZ", dz, dzOffset, lddz, rows, cols, false);
        kernels().columnSums(rows, cols, scale, dz, dzOffset, lddz, db, dbOffset);
    }

    /**
     * {@code Y = act(X)} element-wise; Y may be X. Sigmoid never overflows (+-1e30 give 1 and 0).
     *
     * @param act the activation
     * @param rows the number of rows, at least 0
     * @param cols the number of columns, at least 0
     * @param x the array that holds X, rows x cols
     * @param xOffset the index of X's first element in {@code x}
     * @param ldx X's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @param y the array that holds Y, rows x cols, written
     * @param yOffset the index of Y's first element in {@code y}
     * @param ldy Y's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array, or a null activation
     */
    public static void activate(Activation act, int rows, int cols, float[] x, int xOffset, int ldx,
                                float[] y, int yOffset, int ldy) {
        activation(act);
        dims(rows, cols);
        Checks.matrix("X", x, xOffset, ldx, rows, cols);
        Checks.matrix("Y", y, yOffset, ldy, rows, cols);
        kernels().activate(act, rows, cols, x, xOffset, ldx, y, yOffset, ldy);
    }

    /**
     * {@code dZ = dA * act'} from the saved forward output A: sigmoid {@code dA*A*(1-A)}, ReLU {@code A>0 ? dA : 0},
     * tanh {@code dA*(1-A^2)}. dZ may be dA.
     *
     * @param act the activation
     * @param rows the number of rows, at least 0
     * @param cols the number of columns, at least 0
     * @param a the array that holds A, rows x cols: the activation's output in the forward pass
     * @param aOffset the index of A's first element in {@code a}
     * @param lda A's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @param dA the array that holds dA, rows x cols: the loss's gradient with respect to A
     * @param dAOffset the index of dA's first element in {@code dA}
     * @param ldda dA's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @param dz the array that holds dZ, rows x cols, written: the gradient with respect to the activation's input
     * @param dzOffset the index of dZ's first element in {@code dz}
     * @param lddz dZ's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array, or a null activation
     */
    public static void activateBackward(Activation act, int rows, int cols, float[] a, int aOffset, int lda,
                                        float[] dA, int dAOffset, int ldda, float[] dz, int dzOffset, int lddz) {
        activation(act);
        dims(rows, cols);
        Checks.matrix("A", a, aOffset, lda, rows, cols);
        Checks.matrix("dA", dA, dAOffset, ldda, rows, cols);
        Checks.matrix("dZ", dz, dzOffset, lddz, rows, cols);
        kernels().activateBackward(act, rows, cols, a, aOffset, lda, dA, dAOffset, ldda, dz, dzOffset, lddz);
    }

    /**
     * {@code y = act(x)} on dense arrays of equal length; y may be x.
     *
     * @param act the activation
     * @param x the input values
     * @param y the array that receives act(x), as long as x
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array, arrays of different lengths, or a null activation
     */
    public static void activate(Activation act, float[] x, float[] y) {
        if (x == null || y == null || x.length != y.length) {
            throw new IllegalArgumentException("x and y must be non-null arrays of equal length");
        }
        activate(act, 1, x.length, x, 0, Math.max(1, x.length), y, 0, Math.max(1, y.length));
    }

    /**
     * Softmax of each row, stable: {@code exp(x - rowmax) / sum}. {@code -inf} entries give 0; a row of all
     * {@code -inf} gives zeros; NaN anywhere in a row (or {@code +inf}) makes that row NaN. Y may be X.
     *
     * @param rows the number of rows, at least 0
     * @param cols the number of columns, at least 0
     * @param x the array that holds X, rows x cols
     * @param xOffset the index of X's first element in {@code x}
     * @param ldx X's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @param y the array that holds Y, rows x cols, written
     * @param yOffset the index of Y's first element in {@code y}
     * @param ldy Y's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array, or Y overlapping X other than exactly
     */
    public static void softmax(int rows, int cols, float[] x, int xOffset, int ldx, float[] y, int yOffset, int ldy) {
        dims(rows, cols);
        Checks.matrix("X", x, xOffset, ldx, rows, cols);
        Checks.matrix("Y", y, yOffset, ldy, rows, cols);
        Checks.noOverlap("Y", y, yOffset, ldy, rows, cols, "X", x, xOffset, ldx, rows, cols, true);
        if (rows == 0 || cols == 0) {
            return;
        }
        kernels().softmax(rows, cols, x, xOffset, ldx, y, yOffset, ldy);
    }

    /**
     * Log-softmax of each row: {@code x - rowmax - log(sum exp(x - rowmax))}. Y may be X.
     *
     * @param rows the number of rows, at least 0
     * @param cols the number of columns, at least 0
     * @param x the array that holds X, rows x cols
     * @param xOffset the index of X's first element in {@code x}
     * @param ldx X's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @param y the array that holds Y, rows x cols, written
     * @param yOffset the index of Y's first element in {@code y}
     * @param ldy Y's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array, or Y overlapping X other than exactly
     */
    public static void logSoftmax(int rows, int cols, float[] x, int xOffset, int ldx, float[] y, int yOffset, int ldy) {
        dims(rows, cols);
        Checks.matrix("X", x, xOffset, ldx, rows, cols);
        Checks.matrix("Y", y, yOffset, ldy, rows, cols);
        Checks.noOverlap("Y", y, yOffset, ldy, rows, cols, "X", x, xOffset, ldx, rows, cols, true);
        if (rows == 0 || cols == 0) {
            return;
        }
        kernels().logSoftmax(rows, cols, x, xOffset, ldx, y, yOffset, ldy);
    }

    /**
     * Mean cross-entropy of logits Z (rows x classes) against integer labels, computed from log-sum-exp.
     *
     * @param rows the number of rows (examples), at least 1
     * @param classes the number of classes (columns of Z), at least 0
     * @param z the array that holds Z, rows x classes: the logits
     * @param zOffset the index of Z's first element in {@code z}
     * @param ldz Z's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @param labels the array that holds the rows' classes, each in [0, classes)
     * @param labelsOffset the index of the first row's label in {@code labels}
     * @return the mean over the rows of {@code -log softmax(Z)[i][label_i]}
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array, no rows, or a label outside [0, classes)
     */
    public static float crossEntropy(int rows, int classes, float[] z, int zOffset, int ldz, int[] labels, int labelsOffset) {
        dims(rows, classes);
        Checks.positive("rows", rows);
        Checks.matrix("Z", z, zOffset, ldz, rows, classes);
        labels(labels, labelsOffset, rows, classes);
        return kernels().softmaxCrossEntropy(rows, classes, z, zOffset, ldz, labels, labelsOffset, null, 0, 0);
    }

    /**
     * The fused output-layer gradient in one pass: {@code dZ = (softmax(Z) - onehot(labels)) / rows}; returns the
     * mean cross-entropy. dZ may be Z.
     *
     * @param rows the number of rows (examples), at least 1
     * @param classes the number of classes (columns of Z), at least 0
     * @param z the array that holds Z, rows x classes: the logits
     * @param zOffset the index of Z's first element in {@code z}
     * @param ldz Z's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @param labels the array that holds the rows' classes, each in [0, classes)
     * @param labelsOffset the index of the first row's label in {@code labels}
     * @param dz the array that holds dZ, rows x classes, written: the gradient with respect to Z
     * @param dzOffset the index of dZ's first element in {@code dz}
     * @param lddz dZ's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @return the mean cross-entropy, as {@link #crossEntropy} computes it
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array, no rows, a label outside [0, classes), or dZ overlapping Z other than exactly
     */
    public static float softmaxCrossEntropyGradient(int rows, int classes, float[] z, int zOffset, int ldz,
                                                    int[] labels, int labelsOffset, float[] dz, int dzOffset, int lddz) {
        dims(rows, classes);
        Checks.positive("rows", rows);
        Checks.matrix("Z", z, zOffset, ldz, rows, classes);
        Checks.matrix("dZ", dz, dzOffset, lddz, rows, classes);
        Checks.noOverlap("dZ", dz, dzOffset, lddz, rows, classes, "Z", z, zOffset, ldz, rows, classes, true);
        labels(labels, labelsOffset, rows, classes);
        return kernels().softmaxCrossEntropy(rows, classes, z, zOffset, ldz, labels, labelsOffset, dz, dzOffset, lddz);
    }

    /**
     * SGD update and general axpy: {@code y[i] += alpha * x[i]} (for SGD, alpha = -learning rate).
     *
     * @param n the number of elements, at least 0
     * @param alpha the factor of x
     * @param x the array that holds x
     * @param xOffset the index of x's first element in {@code x}
     * @param y the array that holds y, updated
     * @param yOffset the index of y's first element in {@code y}
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array
     */
    public static void axpy(int n, float alpha, float[] x, int xOffset, float[] y, int yOffset) {
        Checks.nonNegative("n", n);
        Checks.vector("x", x, xOffset, n);
        Checks.vector("y", y, yOffset, n);
        kernels().axpy(n, alpha, x, xOffset, y, yOffset);
    }

    /**
     * {@code x[i] *= alpha}.
     *
     * @param n the number of elements, at least 0
     * @param alpha the factor
     * @param x the array that holds x, updated
     * @param xOffset the index of x's first element in {@code x}
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array
     */
    public static void scale(int n, float alpha, float[] x, int xOffset) {
        Checks.nonNegative("n", n);
        Checks.vector("x", x, xOffset, n);
        kernels().provider().scale(n, alpha, x, xOffset);
    }

    /**
     * Index of the largest value of each row (the first on ties; NaN counts as largest).
     *
     * @param rows the number of rows, at least 0
     * @param cols the number of columns, at least 1
     * @param x the array that holds X, rows x cols
     * @param xOffset the index of X's first element in {@code x}
     * @param ldx X's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @param out the array that receives one column index per row
     * @param outOffset the index of the first row's result in {@code out}
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array, or no columns
     */
    public static void argmax(int rows, int cols, float[] x, int xOffset, int ldx, int[] out, int outOffset) {
        dims(rows, cols);
        Checks.positive("cols", cols);
        Checks.matrix("X", x, xOffset, ldx, rows, cols);
        if (out == null || outOffset < 0 || (long) outOffset + rows > out.length) {
            throw new IllegalArgumentException("out must hold " + rows + " ints from offset " + outOffset);
        }
        for (int i = 0; i < rows; i++) {
            out[outOffset + i] = argmaxRow(x, xOffset + i * ldx, cols);
        }
    }

    /**
     * Fraction of rows whose argmax (as {@link #argmax}) equals the label.
     *
     * @param rows the number of rows, at least 1
     * @param cols the number of columns (classes), at least 1
     * @param x the array that holds X, rows x cols: scores or probabilities
     * @param xOffset the index of X's first element in {@code x}
     * @param ldx X's leading dimension (the distance between the starts of its rows), at least its
     *     column count
     * @param labels the array that holds the rows' classes, each in [0, cols)
     * @param labelsOffset the index of the first row's label in {@code labels}
     * @return the fraction in [0, 1]
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, a matrix or vector outside its array, no rows or columns, or a label outside [0, cols)
     */
    public static double accuracy(int rows, int cols, float[] x, int xOffset, int ldx, int[] labels, int labelsOffset) {
        dims(rows, cols);
        Checks.positive("rows", rows);
        Checks.positive("cols", cols);
        Checks.matrix("X", x, xOffset, ldx, rows, cols);
        labels(labels, labelsOffset, rows, cols);
        int hits = 0;
        for (int i = 0; i < rows; i++) {
            if (argmaxRow(x, xOffset + i * ldx, cols) == labels[labelsOffset + i]) {
                hits++;
            }
        }
        return (double) hits / rows;
    }

    static int argmaxRow(float[] x, int offset, int cols) {
        int best = 0;
        float bestValue = x[offset];
        for (int j = 1; j < cols && bestValue == bestValue; j++) {
            float v = x[offset + j];
            if (v > bestValue || v != v) {
                best = j;
                bestValue = v;
            }
        }
        return best;
    }

    private static void dims(int rows, int cols) {
        Checks.nonNegative("rows", rows);
        Checks.nonNegative("cols", cols);
    }

    private static void activation(Activation act) {
        if (act == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
    }

    static void labels(int[] labels, int offset, int rows, int classes) {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        Checks.nonNegative("labelsOffset", offset);
        if ((long) offset + rows > labels.length) {
            throw new IllegalArgumentException("labels is too short: needs " + ((long) offset + rows)
                    + " entries from offset " + offset + ", has " + labels.length);
        }
        for (int i = 0; i < rows; i++) {
            int label = labels[offset + i];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label of row " + i + " is " + label + ", outside [0, " + classes + ")");
            }
        }
    }
}
