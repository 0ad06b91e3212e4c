package org.lanes.internal;

import org.lanes.Activation;
import org.lanes.internal.config.Architecture;
import org.lanes.internal.gemm.BlockSizes;
import org.lanes.internal.gemm.MicroKernel;

/**
 * Every computational kernel of the library behind one interface, with two implementations: plain Java
 * ({@code scalar}, the reference and the fallback) and the Vector API ({@code vector}). One is chosen at
 * start-up by {@link Providers}. Arguments are already checked when a method here is called.
 */
public interface KernelProvider {
    /** "vector" or "scalar". */
    String name();

    /** Width of one vector register in bits; 32 for the scalar implementation. */
    int vectorBitSize();

    /** The architecture family this implementation was configured for. */
    Architecture architecture();

    /** GEMM block sizes matched to {@link #microKernel()}: {@code architecture().gemm}. */
    BlockSizes blockSizes();

    MicroKernel microKernel();

    /**
     * {@code C := alpha*op(A)*op(B) + beta*C} without packing, for problems too small to amortize it, by the
     * rounding rule of {@link MicroKernel} with A's values scaled by alpha first.
     */
    void gemmSmall(boolean transA, boolean transB, int m, int n, int k, float alpha,
                   float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                   float beta, float[] c, int cOffset, int ldc);

    /** The widest C (columns) that {@link #gemmNarrow} covers (one or two vectors); 0 when there is no such kernel. */
    int narrowColumns();

    /**
     * {@code C[rows x n] := op(A)[rows x kc] * Bp + beta * C} for {@code n <= narrowColumns()}, where
     * {@code bp} holds kc steps of {@code narrowColumns()} values (zero past n) and A(i, p) is
     * {@code a[aOffset + i*lda + p]}, or {@code a[aOffset + p*lda + i]} when {@code transA}; the rounding rule of
     * {@link MicroKernel}. With beta = 0, C is not read. {@code tmp} holds at least
     * {@code 20 * narrowColumns()} floats.
     */
    void gemmNarrow(boolean transA, int rows, int n, int kc, float[] a, int aOffset, int lda,
                    float[] bp, float beta, float[] c, int cOffset, int ldc, float[] tmp);

    /**
     * The chains of the split-depth rule ({@link org.lanes.internal.gemm.SplitDepth}) for a block of 4 rows of A by
     * {@code cols} (1, 2 or 4) columns of op(B), continued over {@code steps} more steps (a multiple of 16): row r's
     * step p is {@code a[aOffset + r*lda + p]}, column j's is {@code bt[btOffset + j*ldbt + p]}, and chain q of
     * element (r, j) is {@code state[stateOffset + r*ldState + j*16 + q]}, which takes the steps p with
     * p mod 16 = q, in order. With {@code first} the chains start at +0 and the state is only written.
     */
    void splitDepthBlock(int steps, int cols, float[] a, int aOffset, int lda, float[] bt, int btOffset, int ldbt,
                         float[] state, int stateOffset, int ldState, boolean first);

    /**
     * One GEMM panel copied from runs: step {@code p} is the {@code width} floats at {@code src + srcOffset + p*ld},
     * times {@code scale}, stored at {@code dst + dstOffset + p*panel} ({@code width <= panel}). The rest of each
     * step is set to zero with {@code zeroFill}, and left as it was without.
     */
    void packRuns(float[] src, int srcOffset, int ld, int len, int width, int panel, float scale, boolean zeroFill,
                  float[] dst, int dstOffset);

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

    /**
     * Twelve independent chains of {@code acc = acc * x + 1e-7} fused multiply-adds, {@code iterations} steps each,
     * on full registers: a probe of the core's FMA peak ({@code 24 * lanes} flops per iteration, where
     * {@code lanes = vectorBitSize() / 32}). Returns the sum of the chains so that the work cannot be removed.
     */
    float fmaChains(int iterations, float x);
}
