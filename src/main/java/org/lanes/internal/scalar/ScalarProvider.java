package org.lanes.internal.scalar;

import org.lanes.Activation;
import org.lanes.internal.config.Architecture;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.gemm.DirectKernel;
import org.lanes.internal.gemm.MicroKernel;
import org.lanes.internal.gemm.SparseA;
import org.lanes.internal.gemm.SplitDepth;
import org.lanes.internal.kernel.FloatMath;
import org.lanes.internal.kernel.KernelProvider;
import org.lanes.internal.kernel.PeakProbe;
import org.lanes.internal.platform.Machine;

/** Plain Java: the reference every vector kernel is tested against, and the fallback. */
public final class ScalarProvider implements KernelProvider, PeakProbe {
    public static final ScalarProvider INSTANCE = new ScalarProvider();

    private static final Architecture ARCH = Architecture.build("scalar", Machine.current(), 32);
    private static final BlockSizes SIZES = ARCH.gemm;

    private ScalarProvider() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int vectorBitSize() {
        return Float.SIZE;
    }

    @Override
    public Architecture architecture() {
        return ARCH;
    }

    @Override
    public BlockSizes blockSizes() {
        return SIZES;
    }

    @Override
    public MicroKernel microKernel() {
        return KERNEL;
    }

    @Override
    public DirectKernel directKernel() {
        return KERNEL;
    }

    private static final Tile KERNEL = new Tile();

    /** The scalar tile, packed and direct: one loop ({@link #microKernel}) for both. */
    private static final class Tile implements MicroKernel, DirectKernel {
        @Override
        public int rows() {
            return SIZES.mr;
        }

        @Override
        public int columns() {
            return SIZES.nr;
        }

        @Override
        public void multiply(int kc, float[] a, int aOffset, int aStep, float[] b, int bOffset, float beta,
                             float[] c, int cOffset, int ldc) {
            microKernel(kc, a, aOffset, 1, aStep, b, bOffset, SIZES.nr, beta, c, cOffset, ldc, SIZES.nr);
        }

        @Override
        public void multiplyHalf(int kc, float[] a, int aOffset, int aStep, float[] b, int bOffset, float beta,
                                 float[] c, int cOffset, int ldc) {
            microKernel(kc, a, aOffset, 1, aStep, b, bOffset, SIZES.nr, beta, c, cOffset, ldc, SIZES.nr / 2);
        }

        @Override
        public void multiplyDirect(int kc, float[] a, int aOffset, int aRow, int aStep, float[] b, int bOffset, int ldb,
                                   float beta, float[] c, int cOffset, int ldc) {
            microKernel(kc, a, aOffset, aRow, aStep, b, bOffset, ldb, beta, c, cOffset, ldc, SIZES.nr);
        }

        @Override
        public void multiplyDirectHalf(int kc, float[] a, int aOffset, int aRow, int aStep, float[] b, int bOffset,
                                       int ldb, float beta, float[] c, int cOffset, int ldc) {
            microKernel(kc, a, aOffset, aRow, aStep, b, bOffset, ldb, beta, c, cOffset, ldc, SIZES.nr / 2);
        }

        @Override
        public void multiplyDirectBlock(int kc, float[] a, int aOffset, float[] b, int bOffset, int ldb, float beta,
                                        float[] c, int cOffset, int ldc) {
            microKernel(kc, a, aOffset, DIRECT_ROW_STRIDE, 1, b, bOffset, ldb, beta, c, cOffset, ldc, SIZES.nr);
        }

        @Override
        public void multiplyDirectBlockHalf(int kc, float[] a, int aOffset, float[] b, int bOffset, int ldb,
                                            float beta, float[] c, int cOffset, int ldc) {
            microKernel(kc, a, aOffset, DIRECT_ROW_STRIDE, 1, b, bOffset, ldb, beta, c, cOffset, ldc, SIZES.nr / 2);
        }

        @Override
        public void multiplyDirectTransposedA(int kc, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                              float beta, float[] c, int cOffset, int ldc) {
            microKernel(kc, a, aOffset, 1, lda, b, bOffset, ldb, beta, c, cOffset, ldc, SIZES.nr);
        }

        @Override
        public void multiplyDirectTransposedAHalf(int kc, float[] a, int aOffset, int lda, float[] b, int bOffset,
                                                  int ldb, float beta, float[] c, int cOffset, int ldc) {
            microKernel(kc, a, aOffset, 1, lda, b, bOffset, ldb, beta, c, cOffset, ldc, SIZES.nr / 2);
        }
    }

    /** The tile's first {@code cols} columns; A(r, p) at {@code aOffset + r*aRow + p*aStep}, B's steps bStep apart. */
    private static void microKernel(int kc, float[] a, int aOffset, int aRow, int aStep, float[] b, int bOffset,
                                    int bStep, float beta, float[] c, int cOffset, int ldc, int cols) {
        int mr = SIZES.mr;
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < cols; j++) {
                int at = cOffset + i * ldc + j;
                float acc = beta == 0f ? 0f : beta * c[at];
                for (int p = 0; p < kc; p++) {
                    acc = Math.fma(a[aOffset + i * aRow + p * aStep], b[bOffset + p * bStep + j], acc);
                }
                c[at] = acc;
            }
        }
    }

    @Override
    public void gemmSmall(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                          float beta, float[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = cOffset + i * ldc + j;
                float acc = beta == 0f ? 0f : beta * c[at];
                for (int p = 0; p < k; p++) {
                    float x = alpha * (transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p]);
                    float y = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    acc = Math.fma(x, y, acc);
                }
                c[at] = acc;
            }
        }
    }

    @Override
    public void sparseRows(int rows, int n, int[] counts, int[] depths, float[] values, int stride,
                           float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        int group = SparseA.GROUP;
        for (int row = 0; row < rows; row++) {
            int g = row / group;
            int r = row % group;
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int e = g * stride, end = e + counts[g]; e < end; e++) {
                    acc = Math.fma(values[e * group + r], b[bOffset + depths[e] * ldb + j], acc);
                }
                c[cOffset + row * ldc + j] = acc;
            }
        }
    }

    @Override
    public void splitDepthBlock(int steps, int cols, float[] a, int aOffset, int lda, float[] bt, int btOffset,
                                int ldbt, float[] state, int stateOffset, int ldState, boolean first) {
        int chains = SplitDepth.CHAINS;
        for (int r = 0; r < SplitDepth.BLOCK; r++) {
            for (int j = 0; j < cols; j++) {
                int s = stateOffset + r * ldState + j * chains;
                for (int q = 0; q < chains; q++) {
                    float acc = first ? 0f : state[s + q];
                    for (int p = q; p < steps; p += chains) {
                        acc = Math.fma(a[aOffset + r * lda + p], bt[btOffset + j * ldbt + p], acc);
                    }
                    state[s + q] = acc;
                }
            }
        }
    }

    @Override
    public void addBias(float[] x, int xOffset, float[] bias, int biasOffset, float[] y, int yOffset, int n) {
        for (int i = 0; i < n; i++) {
            y[yOffset + i] = x[xOffset + i] + bias[biasOffset + i];
        }
    }

    @Override
    public void addTo(float[] x, int xOffset, float[] acc, int accOffset, int n) {
        for (int i = 0; i < n; i++) {
            acc[accOffset + i] += x[xOffset + i];
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOffset, float[] y, int yOffset) {
        for (int i = 0; i < n; i++) {
            y[yOffset + i] = Math.fma(alpha, x[xOffset + i], y[yOffset + i]);
        }
    }

    @Override
    public void packRuns(float[] src, int srcOffset, int ld, int len, int width, int panel, float scale,
                         boolean zeroFill, float[] dst, int dstOffset) {
        for (int p = 0, s = srcOffset, d = dstOffset; p < len; p++, s += ld, d += panel) {
            if (scale == 1f) {
                System.arraycopy(src, s, dst, d, width);
            } else {
                for (int w = 0; w < width; w++) {
                    dst[d + w] = scale * src[s + w];
                }
            }
            if (zeroFill) {
                for (int w = width; w < panel; w++) {
                    dst[d + w] = 0f;
                }
            }
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOffset) {
        for (int i = 0; i < n; i++) {
            x[xOffset + i] *= alpha;
        }
    }

    @Override
    public void activate(Activation act, float[] x, int xOffset, float[] y, int yOffset, int n) {
        for (int i = 0; i < n; i++) {
            y[yOffset + i] = activate(act, x[xOffset + i]);
        }
    }

    /** The scalar definition of each activation; sigmoid in the form that cannot overflow. */
    public static float activate(Activation act, float x) {
        switch (act) {
            case SIGMOID:
                return FloatMath.sigmoid(x);
            case RELU:
                return x > 0f ? x : (x == x ? 0f : x);
            case TANH:
                return FloatMath.tanh(x);
            default:
                return x;
        }
    }

    @Override
    public void activateBackward(Activation act, float[] a, int aOffset, float[] dA, int dAOffset,
                                 float[] dz, int dzOffset, int n) {
        for (int i = 0; i < n; i++) {
            float y = a[aOffset + i];
            float g = dA[dAOffset + i];
            float d;
            switch (act) {
                case SIGMOID:
                    d = g * y * (1f - y);
                    break;
                case RELU:
                    d = y > 0f ? g : 0f;
                    break;
                case TANH:
                    d = g * Math.fma(-y, y, 1f);
                    break;
                default:
                    d = g;
            }
            dz[dzOffset + i] = d;
        }
    }

    @Override
    public float max(float[] x, int xOffset, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xOffset + i]);
        }
        return m;
    }

    private static final ThreadLocal<float[]> PARTIALS = ThreadLocal.withInitial(() -> new float[FloatMath.PARTIALS]);

    /** Element j into partial j % 16, then {@link FloatMath#fold}: the vector implementation's order. */
    @Override
    public float expShiftSum(float[] x, int xOffset, float shift, float[] y, int yOffset, int n) {
        float[] partials = PARTIALS.get();
        java.util.Arrays.fill(partials, 0f);
        for (int i = 0; i < n; i++) {
            // The difference in float, as the vector implementation takes it.
            float e = FloatMath.exp(x[xOffset + i] - shift);
            y[yOffset + i] = e;
            partials[i % FloatMath.PARTIALS] += e;
        }
        return FloatMath.fold(partials);
    }

    @Override
    public float fmaChains(int iterations, float x) {
        float a0 = 1, a1 = 2, a2 = 3, a3 = 4, a4 = 5, a5 = 6, a6 = 7, a7 = 8, a8 = 9, a9 = 10, a10 = 11, a11 = 12;
        float y = 1e-7f;
        for (int i = 0; i < iterations; i++) {
            a0 = Math.fma(a0, x, y);
            a1 = Math.fma(a1, x, y);
            a2 = Math.fma(a2, x, y);
            a3 = Math.fma(a3, x, y);
            a4 = Math.fma(a4, x, y);
            a5 = Math.fma(a5, x, y);
            a6 = Math.fma(a6, x, y);
            a7 = Math.fma(a7, x, y);
            a8 = Math.fma(a8, x, y);
            a9 = Math.fma(a9, x, y);
            a10 = Math.fma(a10, x, y);
            a11 = Math.fma(a11, x, y);
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }

    @Override
    public void biasActivate(Activation act, float[] c, int cOffset, int ldc, int rows, int cols, float[] bias,
                             int biasOffset) {
        for (int r = 0; r < rows; r++) {
            int row = cOffset + r * ldc;
            if (bias != null) {
                addBias(c, row, bias, biasOffset, c, row, cols);
            }
            activate(act, c, row, c, row, cols);
        }
    }

    /** None: the scalar micro-kernel is only 4 columns wide, narrow C takes the general path. */
    @Override
    public int narrowColumns() {
        return 0;
    }

    @Override
    public void gemmNarrow(boolean transA, int rows, int n, int kc, float[] a, int aOffset, int lda,
                           float[] bp, float beta, float[] c, int cOffset, int ldc, float[] tmp) {
        throw new UnsupportedOperationException("the scalar kernels have no narrow GEMM");
    }

    @Override
    public void addFourRows(float[] x, int xOffset, int ldx, float[] acc, int accOffset, int n) {
        for (int i = 0; i < n; i++) {
            int j = xOffset + i;
            acc[accOffset + i] += (x[j] + x[j + ldx]) + (x[j + 2 * ldx] + x[j + 3 * ldx]);
        }
    }
}
