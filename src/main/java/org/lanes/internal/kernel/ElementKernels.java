package org.lanes.internal.kernel;

import org.lanes.Activation;

/**
 * The one-dimensional kernels the layer kernels ({@code RowKernels}) and the fused GEMM epilogues are built
 * from: level-1 operations, activations and their derivatives, and the reductions of softmax. Arguments are
 * already checked when a method here is called.
 */
public interface ElementKernels {
    /** {@code y[i] = x[i] + bias[i]} for {@code i < n}; y may be x. */
    void addBias(float[] x, int xOffset, float[] bias, int biasOffset, float[] y, int yOffset, int n);

    /** {@code acc[i] += x[i]}. */
    void addTo(float[] x, int xOffset, float[] acc, int accOffset, int n);

    /**
     * {@code acc[i] += (x0[i] + x1[i]) + (x2[i] + x3[i])} for the four rows {@code xr = x + r*ldx}: one pass over
     * the accumulator per four rows, for column sums of tall matrices.
     */
    void addFourRows(float[] x, int xOffset, int ldx, float[] acc, int accOffset, int n);

    /** {@code y[i] += alpha * x[i]}. */
    void axpy(int n, float alpha, float[] x, int xOffset, float[] y, int yOffset);

    /** {@code x[i] *= alpha}. */
    void scale(int n, float alpha, float[] x, int xOffset);

    /** {@code y[i] = act(x[i])}; y may be x. */
    void activate(Activation act, float[] x, int xOffset, float[] y, int yOffset, int n);

    /**
     * The fused layer epilogue on a block of C: {@code c[r][j] = act(c[r][j] + bias[j])} for {@code rows} rows of
     * {@code cols} elements, {@code ldc} apart; {@code bias} may be null (no bias).
     */
    void biasActivate(Activation act, float[] c, int cOffset, int ldc, int rows, int cols, float[] bias, int biasOffset);

    /** {@code dz[i] = dA[i] * act'(from the output a[i])}; dz may be dA. */
    void activateBackward(Activation act, float[] a, int aOffset, float[] dA, int dAOffset,
                          float[] dz, int dzOffset, int n);

    /** The largest of {@code x[0..n)} (n > 0); NaN if any is NaN. */
    float max(float[] x, int xOffset, int n);

    /**
     * {@code y[i] = exp(x[i] - shift)} and returns their sum, added in an order that does not depend on the JDK;
     * y may be x. {@code shift} is the maximum of {@code x[0..n)} (so every exponent is at most 0), or NaN.
     */
    float expShiftSum(float[] x, int xOffset, float shift, float[] y, int yOffset, int n);
}
