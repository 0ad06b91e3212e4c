package org.lanes.internal;

import org.lanes.Activation;

/**
 * The 2-D layer kernels (row-major, offsets and leading dimensions), composed from a provider's 1-D
 * kernels so that the vector and scalar implementations share every rule about -inf, NaN and labels.
 * Arguments are checked by the caller.
 */
public final class RowKernels {
    private final KernelProvider p;
    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[1][0]);

    public RowKernels(KernelProvider provider) {
        this.p = provider;
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

    public void activate(Activation act, int rows, int cols, float[] x, int xOffset, int ldx,
                         float[] y, int yOffset, int ldy) {
        for (int i = 0; i < rows; i++) {
            p.activate(act, x, xOffset + i * ldx, y, yOffset + i * ldy, cols);
        }
    }

    public void activateBackward(Activation act, int rows, int cols, float[] a, int aOffset, int lda,
                                 float[] dA, int dAOffset, int ldda, float[] dz, int dzOffset, int lddz) {
        for (int i = 0; i < rows; i++) {
            p.activateBackward(act, a, aOffset + i * lda, dA, dAOffset + i * ldda, dz, dzOffset + i * lddz, cols);
        }
    }

    /** Softmax of each row: exp(x - max) / sum. A row of -inf gives zeros; NaN (or +inf) gives NaN. */
    public void softmax(int rows, int cols, float[] x, int xOffset, int ldx, float[] y, int yOffset, int ldy) {
        for (int i = 0; i < rows; i++) {
            int xr = xOffset + i * ldx;
            int yr = yOffset + i * ldy;
            float max = p.max(x, xr, cols);
            if (max == Float.NEGATIVE_INFINITY) {
                java.util.Arrays.fill(y, yr, yr + cols, 0f);
                continue;
            }
            float sum = p.expShiftSum(x, xr, max, y, yr, cols);
            p.scale(cols, 1f / sum, y, yr);
        }
    }

    /** x - max - log(sum exp(x - max)) per row. A row of -inf gives -inf. */
    public void logSoftmax(int rows, int cols, float[] x, int xOffset, int ldx, float[] y, int yOffset, int ldy) {
        float[] tmp = scratch(cols);
        for (int i = 0; i < rows; i++) {
            int xr = xOffset + i * ldx;
            int yr = yOffset + i * ldy;
            float max = p.max(x, xr, cols);
            float shift = max == Float.NEGATIVE_INFINITY ? max
                    : max + (float) Math.log(p.expShiftSum(x, xr, max, tmp, 0, cols));
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
        float[] tmp = dz == null ? scratch(cols) : null;
        double loss = 0;
        float invRows = 1f / rows;
        for (int i = 0; i < rows; i++) {
            int zr = zOffset + i * ldz;
            int label = labels[labelsOffset + i];
            float max = p.max(z, zr, cols);
            float[] out = dz == null ? tmp : dz;
            int or = dz == null ? 0 : dzOffset + i * lddz;
            float sum = p.expShiftSum(z, zr, max, out, or, cols);
            loss += Math.log(sum) + max - z[zr + label];
            if (dz != null) {
                p.scale(cols, invRows / sum, dz, or);
                dz[or + label] -= invRows;
            }
        }
        return (float) (loss / rows);
    }

    private float[] scratch(int cols) {
        float[][] holder = scratch.get();
        if (holder[0].length < cols) {
            holder[0] = new float[cols];
        }
        return holder[0];
    }
}
