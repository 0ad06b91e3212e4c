package org.lanes.internal;

import org.lanes.Activation;
import org.lanes.internal.kernel.KernelProvider;

/**
 * The 2-D layer kernels (row-major, offsets and leading dimensions), composed from a provider's 1-D
 * kernels so that the vector and scalar implementations share every rule about -inf, NaN and labels.
 * Arguments are checked by the caller.
 */
public final class RowKernels {
    private final KernelProvider p;
    /** Per thread: [0] one row of exps, [1] the exps of short rows, [2] their maxima, [3] their sums. */
    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[4][0]);
    /** Rows narrower than one vector take the short-row path, which runs exp over all rows at once. */
    private final int lanes;
    private final ParallelSlices slices;

    public RowKernels(KernelProvider provider) {
        this.p = provider;
        this.lanes = provider.vectorBitSize() / Float.SIZE;
        this.slices = new ParallelSlices(provider);
    }

    /** {@code y[i] += alpha * x[i]}; long vectors are split over the library's threads. */
    public void axpy(int n, float alpha, float[] x, int xOffset, float[] y, int yOffset) {
        slices.axpy(n, alpha, x, xOffset, y, yOffset);
    }

    public KernelProvider provider() {
        return p;
    }

    public void addBias(int rows, int cols, float[] x, int xOffset, int ldx, float[] bias, int biasOffset,
                        float[] y, int yOffset, int ldy) {
        for (int i = 0; i < rows; i++) {
            p.addBias(x, xOffset + i * ldx, bias, biasOffset, y, yOffset + i * ldy, cols);
        }
    }

    /**
     * {@code out[j] = scale * sum_i x[i][j]}, rows summed four at a time (pairwise within each four) so that the
     * accumulator row is read and written once per four input rows.
     */
    public void columnSums(int rows, int cols, float scale, float[] x, int xOffset, int ldx, float[] out, int outOffset) {
        java.util.Arrays.fill(out, outOffset, outOffset + cols, 0f);
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            p.addFourRows(x, xOffset + i * ldx, ldx, out, outOffset, cols);
        }
        for (; i < rows; i++) {
            p.addTo(x, xOffset + i * ldx, out, outOffset, cols);
        }
        if (scale != 1f) {
            p.scale(cols, scale, out, outOffset);
        }
    }

    /** Element-wise; a matrix stored without gaps is one long row, so short rows (10 classes) still fill vectors. */
    public void activate(Activation act, int rows, int cols, float[] x, int xOffset, int ldx,
                         float[] y, int yOffset, int ldy) {
        if (ldx == cols && ldy == cols) {
            p.activate(act, x, xOffset, y, yOffset, rows * cols);
            return;
        }
        for (int i = 0; i < rows; i++) {
            p.activate(act, x, xOffset + i * ldx, y, yOffset + i * ldy, cols);
        }
    }

    public void activateBackward(Activation act, int rows, int cols, float[] a, int aOffset, int lda,
                                 float[] dA, int dAOffset, int ldda, float[] dz, int dzOffset, int lddz) {
        if (lda == cols && ldda == cols && lddz == cols) {
            slices.activateBackward(act, rows * cols, a, aOffset, dA, dAOffset, dz, dzOffset);
            return;
        }
        for (int i = 0; i < rows; i++) {
            p.activateBackward(act, a, aOffset + i * lda, dA, dAOffset + i * ldda, dz, dzOffset + i * lddz, cols);
        }
    }

    /** Softmax of each row: exp(x - max) / sum. A row of -inf gives zeros; NaN (or +inf) gives NaN. */
    public void softmax(int rows, int cols, float[] x, int xOffset, int ldx, float[] y, int yOffset, int ldy) {
        if (cols < lanes) {
            float[][] s = shortRowExps(rows, cols, x, xOffset, ldx);
            for (int i = 0; i < rows; i++) {
                int yr = yOffset + i * ldy;
                if (s[2][i] == Float.NEGATIVE_INFINITY) {
                    java.util.Arrays.fill(y, yr, yr + cols, 0f);
                    continue;
                }
                float inv = 1f / s[3][i];
                for (int j = 0; j < cols; j++) {
                    y[yr + j] = s[1][i * cols + j] * inv;
                }
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            int xr = xOffset + i * ldx;
            int yr = yOffset + i * ldy;
            float max = p.max(x, xr, cols);
            if (max == Float.NEGATIVE_INFINITY) {
                // The vector max passes over NaN with the sign bit set; here no exp sum follows to reveal it.
                java.util.Arrays.fill(y, yr, yr + cols, containsNaN(x, xr, cols) ? Float.NaN : 0f);
                continue;
            }
            float sum = p.expShiftSum(x, xr, max, y, yr, cols);
            p.scale(cols, 1f / sum, y, yr);
        }
    }

    /** x - max - log(sum exp(x - max)) per row. A row of -inf gives -inf. */
    public void logSoftmax(int rows, int cols, float[] x, int xOffset, int ldx, float[] y, int yOffset, int ldy) {
        if (cols < lanes) {
            float[][] s = shortRowExps(rows, cols, x, xOffset, ldx);
            for (int i = 0; i < rows; i++) {
                int xr = xOffset + i * ldx;
                int yr = yOffset + i * ldy;
                float max = s[2][i];
                if (max == Float.NEGATIVE_INFINITY) {
                    allNegativeInfinity(x, xr, y, yr, cols);
                    continue;
                }
                float shift = max + (float) StrictMath.log(s[3][i]);
                for (int j = 0; j < cols; j++) {
                    y[yr + j] = x[xr + j] - shift;
                }
            }
            return;
        }
        float[] tmp = scratch(cols);
        for (int i = 0; i < rows; i++) {
            int xr = xOffset + i * ldx;
            int yr = yOffset + i * ldy;
            float max = p.max(x, xr, cols);
            if (max == Float.NEGATIVE_INFINITY) {
                allNegativeInfinity(x, xr, y, yr, cols);
                continue;
            }
            float shift = max + (float) StrictMath.log(p.expShiftSum(x, xr, max, tmp, 0, cols));
            for (int j = 0; j < cols; j++) {
                y[yr + j] = x[xr + j] - shift;
            }
        }
    }

    /**
     * Mean cross-entropy of rows of logits against labels, as log-sum-exp minus the label's logit (no log(0)).
     * When {@code dz} is not null it also receives {@code (softmax(z) - onehot(label)) / rows}.
     */
    public float softmaxCrossEntropy(int rows, int cols, float[] z, int zOffset, int ldz, int[] labels, int labelsOffset,
                                     float[] dz, int dzOffset, int lddz) {
        if (cols < lanes) {
            return shortRowCrossEntropy(rows, cols, z, zOffset, ldz, labels, labelsOffset, dz, dzOffset, lddz);
        }
        float[] tmp = dz == null ? scratch(cols) : null;
        double loss = 0;
        float invRows = 1f / rows;
        for (int i = 0; i < rows; i++) {
            int zr = zOffset + i * ldz;
            int label = labels[labelsOffset + i];
            float max = p.max(z, zr, cols);
            // Read before the row's exponentials are written: dZ may be Z.
            float logit = z[zr + label];
            float[] out = dz == null ? tmp : dz;
            int or = dz == null ? 0 : dzOffset + i * lddz;
            float sum = p.expShiftSum(z, zr, max, out, or, cols);
            loss += StrictMath.log(sum) + max - logit;
            if (dz != null) {
                p.scale(cols, invRows / sum, dz, or);
                dz[or + label] -= invRows;
            }
        }
        return (float) (loss / rows);
    }

    private float shortRowCrossEntropy(int rows, int cols, float[] z, int zOffset, int ldz, int[] labels,
                                       int labelsOffset, float[] dz, int dzOffset, int lddz) {
        float[][] s = shortRowExps(rows, cols, z, zOffset, ldz);
        double loss = 0;
        float invRows = 1f / rows;
        for (int i = 0; i < rows; i++) {
            int label = labels[labelsOffset + i];
            float sum = s[3][i];
            loss += StrictMath.log(sum) + s[2][i] - z[zOffset + i * ldz + label];
            if (dz != null) {
                int or = dzOffset + i * lddz;
                float factor = invRows / sum;
                for (int j = 0; j < cols; j++) {
                    dz[or + j] = s[1][i * cols + j] * factor;
                }
                dz[or + label] -= invRows;
            }
        }
        return (float) (loss / rows);
    }

    /**
     * For rows narrower than a vector: the row maxima, then exp(x - max) of all rows in one pass over a packed
     * copy (one vector call for the whole matrix instead of a scalar tail per row), then each row's sum, added in
     * index order. The same values and sums as the per-row path; returns the scratch holder, whose [1] holds the
     * exps (rows x cols, packed), [2] the maxima and [3] the sums.
     */
    private float[][] shortRowExps(int rows, int cols, float[] x, int xOffset, int ldx) {
        float[][] s = scratch.get();
        if (s[1].length < rows * cols) {
            s[1] = new float[rows * cols];
        }
        if (s[2].length < rows) {
            s[2] = new float[rows];
            s[3] = new float[rows];
        }
        float[] e = s[1];
        for (int i = 0; i < rows; i++) {
            int xr = xOffset + i * ldx;
            float max = p.max(x, xr, cols);
            s[2][i] = max;
            for (int j = 0; j < cols; j++) {
                e[i * cols + j] = x[xr + j] - max;
            }
        }
        // Every value is now <= 0 (or NaN), which is all expShiftSum asks of its shift 0.
        p.expShiftSum(e, 0, 0f, e, 0, rows * cols);
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += e[i * cols + j];
            }
            s[3][i] = (float) sum;
        }
        return s;
    }

    /**
     * log-softmax of a row whose maximum is -inf: every entry is -inf (the row has probability mass nowhere; the
     * documented limit), or NaN when the row holds a NaN.
     */
    private static void allNegativeInfinity(float[] x, int xr, float[] y, int yr, int cols) {
        java.util.Arrays.fill(y, yr, yr + cols, containsNaN(x, xr, cols) ? Float.NaN : Float.NEGATIVE_INFINITY);
    }

    private static boolean containsNaN(float[] x, int from, int n) {
        for (int j = from; j < from + n; j++) {
            if (x[j] != x[j]) {
                return true;
            }
        }
        return false;
    }

    private float[] scratch(int cols) {
        float[][] holder = scratch.get();
        if (holder[0].length < cols) {
            holder[0] = new float[cols];
        }
        return holder[0];
    }
}
