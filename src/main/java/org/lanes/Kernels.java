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

    /** {@code Y[i][j] = X[i][j] + bias[j]}; Y may be X (in place). */
    public static void addBias(int rows, int cols, float[] x, int xOffset, int ldx, float[] bias, int biasOffset,
                               float[] y, int yOffset, int ldy) {
        dims(rows, cols);
        Checks.matrix("X", x, xOffset, ldx, rows, cols);
        Checks.vector("bias", bias, biasOffset, cols);
        Checks.matrix("Y", y, yOffset, ldy, rows, cols);
        kernels().addBias(rows, cols, x, xOffset, ldx, bias, biasOffset, y, yOffset, ldy);
    }

    /** Bias gradient: {@code db[j] = scale * sum_i dZ[i][j]} (a mean over N rows uses scale = 1/N). */
    public static void columnSums(int rows, int cols, float scale, float[] dz, int dzOffset, int lddz,
                                  float[] db, int dbOffset) {
        dims(rows, cols);
        Checks.matrix("dZ", dz, dzOffset, lddz, rows, cols);
        Checks.vector("db", db, dbOffset, cols);
        Checks.noOverlap("db", db, dbOffset, Math.max(1, cols), 1, cols, "dZ", dz, dzOffset, lddz, rows, cols, false);
        kernels().columnSums(rows, cols, scale, dz, dzOffset, lddz, db, dbOffset);
    }

    /** {@code Y = act(X)} element-wise; Y may be X. Sigmoid never overflows (+-1e30 give 1 and 0). */
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

    /** {@code y = act(x)} on dense arrays of equal length. */
    public static void activate(Activation act, float[] x, float[] y) {
        if (x == null || y == null || x.length != y.length) {
            throw new IllegalArgumentException("x and y must be non-null arrays of equal length");
        }
        activate(act, 1, x.length, x, 0, Math.max(1, x.length), y, 0, Math.max(1, y.length));
    }

    /**
     * Softmax of each row, stable: {@code exp(x - rowmax) / sum}. {@code -inf} entries give 0; a row of all
     * {@code -inf} gives zeros; NaN anywhere in a row (or {@code +inf}) makes that row NaN. Y may be X.
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

    /** Log-softmax of each row: {@code x - rowmax - log(sum exp(x - rowmax))}. Y may be X. */
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

    /** Mean cross-entropy of logits Z (rows x classes) against integer labels, computed from log-sum-exp. */
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

    /** SGD update and general axpy: {@code y[i] += alpha * x[i]} (for SGD, alpha = -learning rate). */
    public static void axpy(int n, float alpha, float[] x, int xOffset, float[] y, int yOffset) {
        Checks.nonNegative("n", n);
        Checks.vector("x", x, xOffset, n);
        Checks.vector("y", y, yOffset, n);
        kernels().axpy(n, alpha, x, xOffset, y, yOffset);
    }

    /** {@code x[i] *= alpha}. */
    public static void scale(int n, float alpha, float[] x, int xOffset) {
        Checks.nonNegative("n", n);
        Checks.vector("x", x, xOffset, n);
        kernels().provider().scale(n, alpha, x, xOffset);
    }

    /** Index of the largest value of each row (the first on ties; NaN counts as largest). */
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

    /** Fraction of rows whose argmax equals the label. */
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
