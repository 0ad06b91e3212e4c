package org.lanes.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.lanes.Activation;
import org.lanes.internal.config.Architecture;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.gemm.GemmKernels;
import org.lanes.internal.gemm.DirectKernel;
import org.lanes.internal.gemm.MicroKernel;
import org.lanes.internal.gemm.WideDirectKernel;
import org.lanes.internal.kernel.FloatMath;
import org.lanes.internal.kernel.KernelProvider;
import org.lanes.internal.kernel.PeakProbe;
import org.lanes.internal.platform.Machine;
import org.lanes.internal.scalar.ScalarProvider;

/** The Vector API implementation; the only package that names {@code jdk.incubator.vector}. */
public final class VectorProvider implements KernelProvider, PeakProbe {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    static final VectorSpecies<Integer> I = S.withLanes(int.class);
    /** Floats per range check of the activation kernels: 32 vectors of 16, in L1 when the kernel reads them again. */
    private static final int CHUNK = 32 * V;
    /** Per thread: the partial sums of {@link #expShiftSum}. */
    private static final ThreadLocal<float[]> PARTIALS = ThreadLocal.withInitial(() -> new float[FloatMath.PARTIALS]);

    private final Architecture arch;
    private final BlockSizes sizes;
    private final MicroKernel kernel;
    private final WideDirectKernel wide;

    public VectorProvider() {
        this(Architecture.select(Machine.current(), S.vectorBitSize()));
    }

    private VectorProvider(Architecture arch) {
        if (V < 4) {
            throw new UnsupportedOperationException("preferred float vector has only " + V + " lanes");
        }
        this.arch = arch;
        sizes = arch.gemm;
        kernel = kernel(sizes.mr);
        wide = tallTiles() ? new WideDirectKernel6x4V() : null;
        if (sizes.nr != 2 * V || kernel == null) {
            throw new IllegalStateException("no " + sizes.mr + " x " + sizes.nr + " vector kernel for " + arch);
        }
    }

    /**
     * The generated kernel of {@code mr} rows, or null: 6 rows for 16 vector registers; 8 and 12 where there are 32
     * (12 x 2V keeps 24 accumulators, two B vectors and a broadcast in registers).
     */
    private static MicroKernel kernel(int mr) {
        switch (mr) {
            case 6:
                return new MicroKernel6x2V();
            case 8:
                return new MicroKernel8x2V();
            case 12:
                return tallTiles() ? new MicroKernel12x2V() : null;
            default:
                return null;
        }
    }

    /** 512-bit vectors with 32 registers (AVX-512): the JVM's width too, since -XX:UseAVX=2 leaves 16. */
    private static boolean tallTiles() {
        return V >= 16 && Machine.current().vectorRegisters() >= 32;
    }

    @Override
    public int[] tileHeights() {
        return tallTiles() ? new int[] {8, 12} : new int[] {sizes.mr};
    }

    @Override
    public GemmKernels withBlockSizes(BlockSizes other) {
        if (other == sizes) {
            return this;
        }
        if (other.nr != sizes.nr || kernel(other.mr) == null) {
            throw new IllegalArgumentException("no " + other.mr + "-row micro-kernel here (tile heights "
                    + java.util.Arrays.toString(tileHeights()) + ", NR " + sizes.nr + ")");
        }
        return new VectorProvider(arch.withSizes(other, arch.origin));
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int vectorBitSize() {
        return S.vectorBitSize();
    }

    @Override
    public Architecture architecture() {
        return arch;
    }

    @Override
    public BlockSizes blockSizes() {
        return sizes;
    }

    @Override
    public MicroKernel microKernel() {
        return kernel;
    }

    @Override
    public DirectKernel directKernel() {
        return (DirectKernel) kernel;
    }

    /**
     * The wide direct tiles (6 and 4 rows by 2 to 4 vectors) where 32 registers hold the 6 x 4V tile's 24
     * accumulators with its four B vectors and a broadcast (the 12-row tile's condition).
     */
    @Override
    public WideDirectKernel wideDirectKernel() {
        return wide;
    }

    /**
     * Row-axpy form for non-transposed B: each C row accumulates {@code alpha*A(i,p)} times row p of B,
     * vectorized over the columns. Transposed B has no contiguous rows to stream, so it takes the scalar path.
     */
    @Override
    public void gemmSmall(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                          float beta, float[] c, int cOffset, int ldc) {
        if (transB) {
            ScalarProvider.INSTANCE.gemmSmall(transA, true, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                    beta, c, cOffset, ldc);
            return;
        }
        int vn = n - n % V;
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : beta * c[row + j];
            }
            for (int p = 0; p < k; p++) {
                float x = alpha * (transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p]);
                FloatVector xv = FloatVector.broadcast(S, x);
                int src = bOffset + p * ldb;
                int j = 0;
                for (; j < vn; j += V) {
                    FloatVector r = xv.fma(FloatVector.fromArray(S, b, src + j), FloatVector.fromArray(S, c, row + j));
                    ((FloatVector) Exact.VECTOR.cast(r)).intoArray(c, row + j);
                }
                for (; j < n; j++) {
                    c[row + j] = Math.fma(x, b[src + j], c[row + j]);
                }
            }
        }
    }

    @Override
    public int narrowColumns() {
        return NarrowGemm.WIDTH;
    }

    @Override
    public void gemmNarrow(boolean transA, int rows, int n, int kc, float[] a, int aOffset, int lda,
                           float[] bp, float beta, float[] c, int cOffset, int ldc, float[] tmp) {
        NarrowGemm.multiply(transA, rows, n, kc, a, aOffset, lda, bp, beta, c, cOffset, ldc, tmp);
    }

    @Override
    public void splitDepthBlock(int steps, int cols, float[] a, int aOffset, int lda, float[] bt, int btOffset,
                                int ldbt, float[] state, int stateOffset, int ldState, boolean first) {
        if (SplitDepthKernel.fits()) {
            SplitDepthKernel.block(steps, cols, a, aOffset, lda, bt, btOffset, ldbt, state, stateOffset, ldState,
                    first);
        } else {
            ScalarProvider.INSTANCE.splitDepthBlock(steps, cols, a, aOffset, lda, bt, btOffset, ldbt, state,
                    stateOffset, ldState, first);
        }
    }

    // The 1-D kernels below run full vectors, then a scalar tail: masked tails are slow before JDK 19.

    @Override
    public void addBias(float[] x, int xOffset, float[] bias, int biasOffset, float[] y, int yOffset, int n) {
        int i = n - n % V;
        addBiasVectors(x, xOffset, bias, biasOffset, y, yOffset, i);
        for (; i < n; i++) {
            y[yOffset + i] = x[xOffset + i] + bias[biasOffset + i];
        }
    }

    @Override
    public void addTo(float[] x, int xOffset, float[] acc, int accOffset, int n) {
        addBias(acc, accOffset, x, xOffset, acc, accOffset, n);
    }

    @Override
    public void addFourRows(float[] x, int xOffset, int ldx, float[] acc, int accOffset, int n) {
        int x1 = xOffset + ldx;
        int x2 = x1 + ldx;
        int x3 = x2 + ldx;
        int i = 0;
        for (int vn = n - n % V; i < vn; i += V) {
            FloatVector r01 = FloatVector.fromArray(S, x, xOffset + i).add(FloatVector.fromArray(S, x, x1 + i));
            FloatVector r23 = FloatVector.fromArray(S, x, x2 + i).add(FloatVector.fromArray(S, x, x3 + i));
            FloatVector r = FloatVector.fromArray(S, acc, accOffset + i).add(r01.add(r23));
            ((FloatVector) Exact.VECTOR.cast(r)).intoArray(acc, accOffset + i);
        }
        for (; i < n; i++) {
            acc[accOffset + i] += (x[xOffset + i] + x[x1 + i]) + (x[x2 + i] + x[x3 + i]);
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOffset, float[] y, int yOffset) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int vn = n - n % V; i < vn; i += V) {
            FloatVector r = av.fma(FloatVector.fromArray(S, x, xOffset + i), FloatVector.fromArray(S, y, yOffset + i));
            ((FloatVector) Exact.VECTOR.cast(r)).intoArray(y, yOffset + i);
        }
        for (; i < n; i++) {
            y[yOffset + i] = Math.fma(alpha, x[xOffset + i], y[yOffset + i]);
        }
    }

    @Override
    public void sparseRows(int rows, int n, int[] counts, int[] depths, float[] values, int stride,
                           float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        SparseRows.rows(rows, n, counts, depths, values, stride, b, bOffset, ldb, c, cOffset, ldc);
    }

    @Override
    public void packRuns(float[] src, int srcOffset, int ld, int len, int width, int panel, float scale,
                         boolean zeroFill, float[] dst, int dstOffset) {
        PanelCopy.packRuns(src, srcOffset, ld, len, width, panel, scale, zeroFill, dst, dstOffset);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOffset) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int vn = n - n % V; i < vn; i += V) {
            FloatVector r = FloatVector.fromArray(S, x, xOffset + i).mul(av);
            ((FloatVector) Exact.VECTOR.cast(r)).intoArray(x, xOffset + i);
        }
        for (; i < n; i++) {
            x[xOffset + i] *= alpha;
        }
    }

    @Override
    public void activate(Activation act, float[] x, int xOffset, float[] y, int yOffset, int n) {
        activateRows(act, x, xOffset, 0, null, 0, y, yOffset, 0, 1, n);
    }

    /**
     * One loop per activation over the whole block, bias added in registers: a call per row and per kernel costs
     * more than the loop (docs/decisions/activation-compilation.md).
     */
    @Override
    public void biasActivate(Activation act, float[] c, int cOffset, int ldc, int rows, int cols, float[] bias,
                             int biasOffset) {
        activateRows(act, c, cOffset, ldc, bias, biasOffset, c, cOffset, ldc, rows, cols);
    }

    /**
     * {@code y = act(x + bias)} row by row ({@code bias} may be null): the one entry of every activation kernel.
     * It is over 325 bytecodes on purpose, so that C2 never inlines it into a caller and compiles it as a root of
     * its own: inlined into a large caller, the exp polynomial below it runs past that caller's node budget and its
     * vectors are boxed. One small loop method per activation sits below it, for the same budget
     * (docs/decisions/activation-compilation.md).
     */
    private static void activateRows(Activation act, float[] x, int xOffset, int ldx, float[] bias, int biasOffset,
                                     float[] y, int yOffset, int ldy, int rows, int cols) {
        int vn = cols - cols % V;
        switch (act) {
            case SIGMOID:
                for (int r = 0; r < rows; r++) {
                    sigmoid(x, xOffset + r * ldx, bias, biasOffset, y, yOffset + r * ldy, vn);
                }
                break;
            case TANH:
                for (int r = 0; r < rows; r++) {
                    if (bias == null) {
                        tanh(x, xOffset + r * ldx, y, yOffset + r * ldy, vn);
                    } else {
                        biasTanh(x, xOffset + r * ldx, bias, biasOffset, y, yOffset + r * ldy, vn);
                    }
                }
                break;
            case RELU:
                for (int r = 0; r < rows; r++) {
                    if (bias == null) {
                        relu(x, xOffset + r * ldx, y, yOffset + r * ldy, vn);
                    } else {
                        biasRelu(x, xOffset + r * ldx, bias, biasOffset, y, yOffset + r * ldy, vn);
                    }
                }
                break;
            default:
                for (int r = 0; r < rows; r++) {
                    if (bias != null) {
                        addBiasVectors(x, xOffset + r * ldx, bias, biasOffset, y, yOffset + r * ldy, vn);
                    } else if (x != y || xOffset != yOffset) {
                        System.arraycopy(x, xOffset + r * ldx, y, yOffset + r * ldy, vn);
                    }
                }
        }
        // Columns past the last full vector by the scalar definition: a masked tail is slow before JDK 19, and so
        // is a broadcast vector per element (docs/decisions/activation-compilation.md).
        for (int r = 0; vn < cols && r < rows; r++) {
            int xr = xOffset + r * ldx;
            int yr = yOffset + r * ldy;
            for (int j = vn; j < cols; j++) {
                float z = bias == null ? x[xr + j] : x[xr + j] + bias[biasOffset + j];
                y[yr + j] = ScalarProvider.activate(act, z);
            }
        }
    }

    /**
     * Chunks of 32 vectors: a chunk within +-87 (nearly all data) takes the short path without a check per vector,
     * others the general path.
     */
    private static void sigmoid(float[] x, int xOffset, float[] bias, int biasOffset, float[] y, int yOffset,
                                int vn) {
        for (int c = 0; c < vn; c += CHUNK) {
            int end = Math.min(vn, c + CHUNK);
            // Whether every z = x + bias of the chunk lies within +-87: an integer maximum over the magnitude bits,
            // two operations per vector (a float compare and a mask test cost nine on JDK 17); NaN fails it. Written
            // out here, not called: as a method of its own C2 sometimes left it out of this method's compilation and
            // it ran boxed (docs/decisions/activation-compilation.md).
            IntVector magnitude = IntVector.zero(I);
            // The loop's vectors are cast to their classes before use (see Exact).
            for (int i = c; i < end; i += V) {
                FloatVector z = FloatVector.fromArray(S, x, xOffset + i);
                if (bias != null) {
                    z = ((FloatVector) Exact.VECTOR.cast(z)).add(FloatVector.fromArray(S, bias, biasOffset + i));
                }
                IntVector bits = ((FloatVector) Exact.VECTOR.cast(z)).reinterpretAsInts();
                IntVector m = (IntVector) Exact.INTS.cast(magnitude);
                magnitude = m.max(((IntVector) Exact.INTS.cast(bits)).and(Integer.MAX_VALUE));
            }
            if (((IntVector) Exact.INTS.cast(magnitude)).reduceLanes(VectorOperators.MAX)
                    <= VectorMath.NORMAL_RANGE_BITS) {
                for (int i = c; i < end; i += V) {
                    VectorMath.sigmoidNormalRange(x, xOffset + i, bias, biasOffset + i, y, yOffset + i);
                }
            } else {
                for (int i = c; i < end; i += V) {
                    VectorMath.sigmoidAnyRange(x, xOffset + i, bias, biasOffset + i, y, yOffset + i);
                }
            }
        }
    }

    private static void tanh(float[] x, int xOffset, float[] y, int yOffset, int vn) {
        for (int i = 0; i < vn; i += V) {
            VectorMath.tanh(x, xOffset + i, null, 0, y, yOffset + i);
        }
    }

    private static void biasTanh(float[] x, int xOffset, float[] bias, int biasOffset, float[] y, int yOffset, int vn) {
        for (int j = 0; j < vn; j += V) {
            VectorMath.tanh(x, xOffset + j, bias, biasOffset + j, y, yOffset + j);
        }
    }

    private static void relu(float[] x, int xOffset, float[] y, int yOffset, int vn) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < vn; i += V) {
            // max(0, NaN) is NaN in the Vector API, as in Math.max.
            FloatVector r = FloatVector.fromArray(S, x, xOffset + i).max(zero);
            ((FloatVector) Exact.VECTOR.cast(r)).intoArray(y, yOffset + i);
        }
    }

    private static void biasRelu(float[] x, int xOffset, float[] bias, int biasOffset, float[] y, int yOffset, int vn) {
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < vn; j += V) {
            FloatVector r = FloatVector.fromArray(S, x, xOffset + j)
                    .add(FloatVector.fromArray(S, bias, biasOffset + j));
            ((FloatVector) Exact.VECTOR.cast(r.max(zero))).intoArray(y, yOffset + j);
        }
    }

    private static void addBiasVectors(float[] x, int xOffset, float[] bias, int biasOffset, float[] y, int yOffset,
                                       int vn) {
        for (int j = 0; j < vn; j += V) {
            FloatVector r = FloatVector.fromArray(S, x, xOffset + j)
                    .add(FloatVector.fromArray(S, bias, biasOffset + j));
            ((FloatVector) Exact.VECTOR.cast(r)).intoArray(y, yOffset + j);
        }
    }

    @Override
    public void activateBackward(Activation act, float[] a, int aOffset, float[] dA, int dAOffset,
                                 float[] dz, int dzOffset, int n) {
        int vn = n - n % V;
        int i;
        // One loop per activation: a constant live across a switch inside the loop was boxed once per call after
        // other vector shapes had run (docs/decisions/exact-vector-types.md).
        switch (act) {
            case SIGMOID:
                i = sigmoidBackward(a, aOffset, dA, dAOffset, dz, dzOffset, vn);
                break;
            case RELU:
                i = reluBackward(a, aOffset, dA, dAOffset, dz, dzOffset, vn);
                break;
            case TANH:
                i = tanhBackward(a, aOffset, dA, dAOffset, dz, dzOffset, vn);
                break;
            default:
                System.arraycopy(dA, dAOffset, dz, dzOffset, vn);
                i = vn;
        }
        if (i < n) {
            ScalarProvider.INSTANCE.activateBackward(act, a, aOffset + i, dA, dAOffset + i, dz, dzOffset + i, n - i);
        }
    }

    /** dZ = dA * y * (1 - y) over the first {@code vn} elements; returns vn. */
    private static int sigmoidBackward(float[] a, int aOffset, float[] dA, int dAOffset, float[] dz, int dzOffset,
                                       int vn) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < vn; i += V) {
            FloatVector y = (FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, a, aOffset + i));
            FloatVector g = (FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, dA, dAOffset + i));
            FloatVector gy = (FloatVector) Exact.VECTOR.cast(g.mul(y));
            FloatVector d = gy.mul(((FloatVector) Exact.VECTOR.cast(one)).sub(y));
            ((FloatVector) Exact.VECTOR.cast(d)).intoArray(dz, dzOffset + i);
        }
        return vn;
    }

    /** dZ = dA where y &gt; 0, else 0, over the first {@code vn} elements; returns vn. */
    private static int reluBackward(float[] a, int aOffset, float[] dA, int dAOffset, float[] dz, int dzOffset,
                                    int vn) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < vn; i += V) {
            FloatVector y = (FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, a, aOffset + i));
            FloatVector g = (FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, dA, dAOffset + i));
            FloatVector d = ((FloatVector) Exact.VECTOR.cast(zero)).blend(g, y.compare(VectorOperators.GT, zero));
            ((FloatVector) Exact.VECTOR.cast(d)).intoArray(dz, dzOffset + i);
        }
        return vn;
    }

    /** dZ = dA * (1 - y^2) over the first {@code vn} elements; returns vn. */
    private static int tanhBackward(float[] a, int aOffset, float[] dA, int dAOffset, float[] dz, int dzOffset,
                                    int vn) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < vn; i += V) {
            FloatVector y = (FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, a, aOffset + i));
            FloatVector g = (FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, dA, dAOffset + i));
            FloatVector d = g.mul(((FloatVector) Exact.VECTOR.cast(y.neg())).fma(y, one));
            ((FloatVector) Exact.VECTOR.cast(d)).intoArray(dz, dzOffset + i);
        }
        return vn;
    }

    /**
     * On float bits read as signed integers, non-negative floats order as their bits and lie above every negative
     * one, and negative floats order in reverse: the largest integer is the largest float when any lane is +0 or
     * above, and the smallest integer is otherwise. Two integer operations per vector, where the float max needs
     * six on JDK 17 (NaN and signed-zero fix-ups). A NaN with its sign bit set is passed over; the callers, which
     * go on to sum exp(x - max), see it there.
     */
    @Override
    public float max(float[] x, int xOffset, int n) {
        int vn = n - n % V;
        float m = Float.NEGATIVE_INFINITY;
        int i = 0;
        if (vn > 0) {
            IntVector highest = IntVector.broadcast(I, Integer.MIN_VALUE);
            IntVector lowest = IntVector.broadcast(I, Integer.MAX_VALUE);
            // The loop's vectors are cast to their classes before use (see Exact): left generic, this loop ran
            // boxed in some JVMs, 1.6 MB per 256 x 512 log-softmax (docs/decisions/exact-vector-types.md).
            for (; i < vn; i += V) {
                FloatVector v = (FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, x, xOffset + i));
                IntVector bits = (IntVector) Exact.INTS.cast(v.reinterpretAsInts());
                highest = ((IntVector) Exact.INTS.cast(highest)).max(bits);
                lowest = ((IntVector) Exact.INTS.cast(lowest)).min(bits);
            }
            int top = ((IntVector) Exact.INTS.cast(highest)).reduceLanes(VectorOperators.MAX);
            int bottom = ((IntVector) Exact.INTS.cast(lowest)).reduceLanes(VectorOperators.MIN);
            m = Float.intBitsToFloat(top >= 0 ? top : bottom);
        }
        for (; i < n; i++) {
            m = Math.max(m, x[xOffset + i]);
        }
        return m;
    }

    /**
     * Sums in {@link FloatMath#PARTIALS} partial sums, element j into partial j % 16, whatever the vector width
     * (one, two or four accumulators), then {@link FloatMath#fold}: the order of every addition is the same on every
     * path, so the sum's bits are too. Exponentials of in-range blocks take the short form, whose bits equal the
     * general form's there.
     */
    @Override
    public float expShiftSum(float[] x, int xOffset, float shift, float[] y, int yOffset, int n) {
        float[] partials = PARTIALS.get();
        java.util.Arrays.fill(partials, 0f);
        int blocks = n - n % FloatMath.PARTIALS;
        int i = 0;
        if (blocks > 0 && V <= FloatMath.PARTIALS) {
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = acc0;
            FloatVector acc2 = acc0;
            FloatVector acc3 = acc0;
            // Whether every x - shift is at least -87, so that the short exp applies: the row's minimum in integer
            // operations (float bits with the magnitude flipped for negative values order as signed integers; a NaN
            // may come out as the minimum and then fails the test). Written out here, not called, as in sigmoid.
            IntVector least = IntVector.broadcast(I, Integer.MAX_VALUE);
            for (int k = 0; k < blocks; k += V) {
                FloatVector v = (FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, x, xOffset + k));
                IntVector bits = (IntVector) Exact.INTS.cast(v.reinterpretAsInts());
                IntVector flip = (IntVector) Exact.INTS.cast(bits.lanewise(VectorOperators.ASHR, 31));
                least = ((IntVector) Exact.INTS.cast(least)).min(bits.lanewise(VectorOperators.XOR,
                        flip.lanewise(VectorOperators.LSHR, 1)));
            }
            int key = ((IntVector) Exact.INTS.cast(least)).reduceLanes(VectorOperators.MIN);
            boolean normal = Float.intBitsToFloat(key ^ ((key >> 31) >>> 1)) - shift >= -VectorMath.NORMAL_RANGE;
            // Read back from y (in L1): the exp kernels pass no vector out (see VectorMath.expShiftedNormalRange).
            for (; i < blocks; i += FloatMath.PARTIALS) {
                for (int k = i; k < i + FloatMath.PARTIALS; k += V) {
                    if (normal) {
                        VectorMath.expShiftedNormalRange(x, xOffset + k, shift, y, yOffset + k);
                    } else {
                        VectorMath.expShifted(x, xOffset + k, shift, y, yOffset + k);
                    }
                }
                // The accumulators cross the loop's back edge: cast before use (see Exact).
                acc0 = ((FloatVector) Exact.VECTOR.cast(acc0)).add(FloatVector.fromArray(S, y, yOffset + i));
                if (V <= 8) {
                    acc1 = ((FloatVector) Exact.VECTOR.cast(acc1)).add(FloatVector.fromArray(S, y, yOffset + i + V));
                }
                if (V <= 4) {
                    acc2 = ((FloatVector) Exact.VECTOR.cast(acc2)).add(FloatVector.fromArray(S, y, yOffset + i + 2 * V));
                    acc3 = ((FloatVector) Exact.VECTOR.cast(acc3)).add(FloatVector.fromArray(S, y, yOffset + i + 3 * V));
                }
            }
            // Through an array: on JDK 17, lane(i) with a variable index is a switch over every lane, a call C2 may
            // leave out of line, and a vector that crosses such a call is boxed.
            ((FloatVector) Exact.VECTOR.cast(acc0)).intoArray(partials, 0);
            if (V <= 8) {
                ((FloatVector) Exact.VECTOR.cast(acc1)).intoArray(partials, V);
            }
            if (V <= 4) {
                ((FloatVector) Exact.VECTOR.cast(acc2)).intoArray(partials, 2 * V);
                ((FloatVector) Exact.VECTOR.cast(acc3)).intoArray(partials, 3 * V);
            }
        }
        for (; i < n; i++) {
            // Short rows (10 classes) live here: one lane per element would cost more than the scalar exp.
            float e = FloatMath.exp(x[xOffset + i] - shift);
            y[yOffset + i] = e;
            partials[i % FloatMath.PARTIALS] += e;
        }
        return FloatMath.fold(partials);
    }

    @Override
    public float fmaChains(int iterations, float x) {
        FloatVector xv = FloatVector.broadcast(S, x);
        FloatVector y = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1), a1 = FloatVector.broadcast(S, 2);
        FloatVector a2 = FloatVector.broadcast(S, 3), a3 = FloatVector.broadcast(S, 4);
        FloatVector a4 = FloatVector.broadcast(S, 5), a5 = FloatVector.broadcast(S, 6);
        FloatVector a6 = FloatVector.broadcast(S, 7), a7 = FloatVector.broadcast(S, 8);
        FloatVector a8 = FloatVector.broadcast(S, 9), a9 = FloatVector.broadcast(S, 10);
        FloatVector a10 = FloatVector.broadcast(S, 11), a11 = FloatVector.broadcast(S, 12);
        for (int i = 0; i < iterations; i++) {
            a0 = a0.fma(xv, y);
            a1 = a1.fma(xv, y);
            a2 = a2.fma(xv, y);
            a3 = a3.fma(xv, y);
            a4 = a4.fma(xv, y);
            a5 = a5.fma(xv, y);
            a6 = a6.fma(xv, y);
            a7 = a7.fma(xv, y);
            a8 = a8.fma(xv, y);
            a9 = a9.fma(xv, y);
            a10 = a10.fma(xv, y);
            a11 = a11.fma(xv, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
