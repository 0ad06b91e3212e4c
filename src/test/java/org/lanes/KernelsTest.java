package org.lanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lanes.internal.BiasActivation;
import org.lanes.internal.Providers;
import org.lanes.internal.RowKernels;
import org.lanes.internal.gemm.GemmDriver;
import org.lanes.internal.kernel.KernelProvider;

class KernelsTest {
    static {
        // The kernels are chosen first, as in an application, so that packing builds their panel widths in
        // (gemm.PanelWidths) whichever test runs first in this JVM.
        Providers.active();
    }

    static final int[] SIZES = {0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 61, 64, 127, 1031};
    static final float[] EXTREMES = {0f, -0f, 1e30f, -1e30f, 88.7f, -88.7f, 89f, -89f, 104f, -104f, 1e-40f,
        -1e-40f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 0.6f, -0.6f, 0.625f,
        -0.625f, 1e-4f, -1e-4f, 17f, -17f, 30f, -30f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    static Stream<KernelProvider> providers() {
        return GemmTest.providers();
    }

    /** Within 4 ulp of the double reference, or 1e-6 relative, whichever is larger. */
    static void assertClose(double ref, float got, String what) {
        if (Double.isNaN(ref) ? Float.isNaN(got) : ref == got) {
            return;
        }
        double tol = Math.max(4 * Math.ulp((float) ref), 1e-6 * Math.abs(ref));
        if (!(Math.abs(got - ref) <= tol)) {
            fail(what + ": got " + got + ", reference " + ref + ", error " + Math.abs(got - ref) + " > " + tol);
        }
    }

    static double refActivate(Activation act, double x) {
        switch (act) {
            case SIGMOID:
                return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            case TANH:
                return Math.tanh(x);
            case RELU:
                return Double.isNaN(x) ? x : Math.max(0, x);
            default:
                return x;
        }
    }

    /** Random finite floats over the whole range (random bit patterns), then the extremes and NaN. */
    static float[] wholeRange(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[count + EXTREMES.length + 1];
        for (int i = 0; i < count; i++) {
            float v;
            do {
                v = Float.intBitsToFloat(rnd.nextInt());
            } while (!Float.isFinite(v));
            // Half of the samples where the functions bend, half over all magnitudes.
            x[i] = i % 2 == 0 ? v : (float) ((rnd.nextDouble() * 2 - 1) * 110);
        }
        System.arraycopy(EXTREMES, 0, x, count, EXTREMES.length);
        x[x.length - 1] = Float.NaN;
        return x;
    }

    @ParameterizedTest
    @MethodSource("providers")
    void activationsMatchDoubleOverTheWholeFloatRange(KernelProvider p) {
        float[] x = wholeRange(200_003, 1);
        float[] y = new float[x.length];
        for (Activation act : Activation.values()) {
            p.activate(act, x, 0, y, 0, x.length);
            for (int i = 0; i < x.length; i++) {
                assertClose(refActivate(act, x[i]), y[i], p.name() + " " + act + "(" + x[i] + ")");
            }
        }
        float[] big = {1e30f, -1e30f};
        p.activate(Activation.SIGMOID, big, 0, big, 0, 2);
        assertArrayEquals(new float[] {1f, 0f}, big);
    }

    /**
     * The vector sigmoid and exp take a short path when every lane of a vector lies within +-87 and the general
     * one otherwise: values inside, on and just beyond that bound, whole vectors of them and mixtures.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void sigmoidAndExpMatchDoubleOnBothSidesOfTheShortPathBound(KernelProvider p) {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] edges = {87f, -87f, Math.nextUp(87f), Math.nextDown(-87f), 86.99999f, -86.99999f, 0f, -0f,
            Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, 88f, -88f, 100f, -100f};
        float[] x = new float[64 * 1024 + 7];
        for (int i = 0; i < x.length; i++) {
            int block = (i / 64) % 4;
            // blocks of in-range values only, of edge values, and of in-range values with an occasional edge
            x[i] = block == 1 ? edges[rnd.nextInt(edges.length)]
                    : block == 3 && rnd.nextInt(16) == 0 ? edges[rnd.nextInt(edges.length)]
                    : (float) ((rnd.nextDouble() * 2 - 1) * 87);
        }
        float[] y = new float[x.length];
        p.activate(Activation.SIGMOID, x, 0, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertClose(refActivate(Activation.SIGMOID, x[i]), y[i], p.name() + " sigmoid(" + x[i] + ")");
        }
        float[] z = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = -Math.abs(x[i]);
        }
        z[12345] = 0f;
        assertExpShiftSumMatchesDouble(p, z);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void expMatchesDoubleOverItsRange(KernelProvider p) {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] x = new float[100_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 200 - 105);
        }
        // Callers shift by the maximum, so every exponent is <= 0: here from 0 down to about -200, through the
        // subnormal results below -87.3 and the underflow to 0 below -103.97.
        assertExpShiftSumMatchesDouble(p, x);
    }

    /** expShiftSum shifted by the maximum, as softmax calls it, against exp of the float difference in double. */
    static void assertExpShiftSumMatchesDouble(KernelProvider p, float[] x) {
        float[] y = new float[x.length];
        float max = p.max(x, 0, x.length);
        p.expShiftSum(x, 0, max, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            float shifted = x[i] - max;
            assertClose(Math.exp(shifted), y[i], p.name() + " exp(" + shifted + ")");
        }
    }

    /**
     * Long axpy and activation-backward calls are cut into one slice per thread: every thread count gives the
     * same bits, each within the element-wise bound of the double reference, at lengths around the split
     * threshold (2^17) and odd ones whose slices do not fall on vector boundaries.
     */
    @Test
    void longElementwiseKernelsAreBitwiseEqualForOneTwoAndThreeThreads() {
        SplittableRandom rnd = new SplittableRandom(17);
        try {
            for (int n : new int[] {(1 << 17) - 1, 1 << 17, (1 << 17) + 1, 401_413}) {
                int off = 3;
                float[] x = Reference.random(rnd, off + n, 4f);
                float[] y0 = Reference.random(rnd, off + n, 4f);
                float[] a = new float[off + n];
                Kernels.activate(Activation.SIGMOID, 1, n, x, off, n, a, off, n);
                float[] axpyOne = null;
                float[] backOne = null;
                for (int threads = 1; threads <= 3; threads++) {
                    Lanes.setThreads(threads);
                    float[] y = y0.clone();
                    Kernels.axpy(n, -0.3f, x, off, y, off);
                    float[] dz = new float[off + n];
                    Kernels.activateBackward(Activation.SIGMOID, 1, n, a, off, n, y0, off, n, dz, off, n);
                    if (axpyOne == null) {
                        for (int i = off; i < off + n; i++) {
                            assertClose(y0[i] + (double) -0.3f * x[i], y[i], "axpy n=" + n);
                            double want = y0[i] * (double) a[i] * (1 - (double) a[i]);
                            assertTrue(Math.abs(dz[i] - want) <= 4 * Reference.EPS * Math.abs(y0[i]) + 1e-30,
                                    "sigmoid backward n=" + n + " i=" + i);
                        }
                        axpyOne = y;
                        backOne = dz;
                    } else {
                        assertArrayEquals(axpyOne, y, "axpy threads=" + threads + " n=" + n);
                        assertArrayEquals(backOne, dz, "backward threads=" + threads + " n=" + n);
                    }
                }
            }
        } finally {
            Lanes.setThreads(Runtime.getRuntime().availableProcessors());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void elementwiseKernelsOnEverySizeAndOffset(KernelProvider p) {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int n : SIZES) {
            int off = rnd.nextInt(4);
            float[] x = Reference.random(rnd, off + n, 8f);
            float[] b = Reference.random(rnd, off + n, 8f);
            float[] y = Reference.random(rnd, off + n, 8f);
            float[] y0 = y.clone();
            p.addBias(x, off, b, off, y, off, n);
            for (int i = 0; i < n; i++) {
                assertEquals(x[off + i] + b[off + i], y[off + i], "addBias n=" + n);
            }
            y = y0.clone();
            p.axpy(n, -0.3f, x, off, y, off);
            for (int i = 0; i < n; i++) {
                assertClose(y0[off + i] + (double) -0.3f * x[off + i], y[off + i], "axpy n=" + n);
            }
            p.scale(n, 0.5f, y, off);
            for (int i = 0; i < n; i++) {
                assertClose(0.5 * (float) (y0[off + i] + (double) -0.3f * x[off + i]), y[off + i], "scale n=" + n);
            }
            for (Activation act : Activation.values()) {
                float[] a = new float[off + n];
                p.activate(act, x, off, a, off, n);
                float[] da = Reference.random(rnd, off + n, 1f);
                float[] dz = new float[off + n];
                p.activateBackward(act, a, off, da, off, dz, off, n);
                for (int i = 0; i < n; i++) {
                    double ai = a[off + i];
                    double g = da[off + i];
                    double want = act == Activation.SIGMOID ? g * ai * (1 - ai)
                            : act == Activation.TANH ? g * (1 - ai * ai)
                            : act == Activation.RELU ? (ai > 0 ? g : 0) : g;
                    assertTrue(Math.abs(dz[off + i] - want) <= 4 * Reference.EPS * Math.abs(g) + 1e-30,
                            act + " backward n=" + n + " i=" + i + ": " + dz[off + i] + " vs " + want);
                }
            }
            if (n > 0) {
                x[off + rnd.nextInt(n)] = 1000f;
                assertEquals(1000f, p.max(x, off, n));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void softmaxRowsMatchDoubleAndSumToOne(KernelProvider p) {
        RowKernels k = new RowKernels(p);
        SplittableRandom rnd = new SplittableRandom(9);
        for (int cols : SIZES) {
            if (cols == 0) {
                continue;
            }
            int rows = 3;
            int ld = cols + 2;
            float[] x = Reference.random(rnd, rows * ld, 20f);
            float[] y = new float[rows * ld];
            float[] logy = new float[rows * ld];
            k.softmax(rows, cols, x, 0, ld, y, 0, ld);
            k.logSoftmax(rows, cols, x, 0, ld, logy, 0, ld);
            for (int i = 0; i < rows; i++) {
                double[] maxSum = maxAndShiftedExpSum(x, i * ld, cols);
                double max = maxSum[0];
                double sum = maxSum[1];
                double total = 0;
                for (int j = 0; j < cols; j++) {
                    double shifted = x[i * ld + j] - max;
                    double want = Math.exp(shifted) / sum;
                    float got = y[i * ld + j];
                    total += got;
                    // Rounding x - max to float costs |x - max| * eps relative on top of the few-ulp kernel error.
                    double tol = 1e-7 + (8 + Math.abs(shifted)) * Reference.EPS * want;
                    assertTrue(Math.abs(got - want) <= tol, p.name() + " softmax cols=" + cols + ": " + got + " vs " + want);
                    double wantLog = shifted - Math.log(sum);
                    assertTrue(Math.abs(logy[i * ld + j] - wantLog) <= 1e-5 * (1 + Math.abs(wantLog)),
                            "logSoftmax " + logy[i * ld + j] + " vs " + wantLog);
                }
                assertEquals(1.0, total, 1e-6, "row sum, cols=" + cols);
            }
        }
    }

    /** The row's max and the double sum of exp(x - max): the reference for softmax and cross-entropy. */
    static double[] maxAndShiftedExpSum(float[] x, int offset, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, x[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            sum += Math.exp(x[offset + j] - max);
        }
        return new double[] {max, sum};
    }

    @ParameterizedTest
    @MethodSource("providers")
    void softmaxInfinityAndNanPolicy(KernelProvider p) {
        RowKernels k = new RowKernels(p);
        float ninf = Float.NEGATIVE_INFINITY;
        float negativeNaN = Float.intBitsToFloat(0xffc00000);
        float[] x = new float[5 * 20];
        Arrays.fill(x, 0, 20, ninf);
        x[3] = 1f;
        x[7] = 1f;
        Arrays.fill(x, 20, 40, ninf);
        Arrays.fill(x, 40, 60, 0.5f);
        x[45] = Float.NaN;
        Arrays.fill(x, 60, 80, ninf);
        x[65] = negativeNaN;
        Arrays.fill(x, 80, 100, 0.5f);
        x[85] = negativeNaN;
        float[] y = new float[100];
        k.softmax(5, 20, x, 0, 20, y, 0, 20);
        for (int j = 0; j < 20; j++) {
            assertEquals(j == 3 || j == 7 ? 0.5f : 0f, y[j], "row with -inf entries");
            assertEquals(0f, y[20 + j], "row of all -inf gives zeros");
            assertTrue(Float.isNaN(y[40 + j]), "NaN propagates to the whole row");
            assertTrue(Float.isNaN(y[60 + j]), "a NaN with its sign bit set among -inf");
            assertTrue(Float.isNaN(y[80 + j]), "a NaN with its sign bit set among finite values");
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void crossEntropyAndFusedGradientMatchDouble(KernelProvider p) {
        RowKernels k = new RowKernels(p);
        SplittableRandom rnd = new SplittableRandom(13);
        for (int classes : new int[] {1, 2, 10, 17, 33, 1000}) {
            int rows = 7;
            int ld = classes + 1;
            float[] z = Reference.random(rnd, rows * ld, 30f);
            int[] labels = new int[rows + 2];
            for (int i = 0; i < rows; i++) {
                labels[2 + i] = rnd.nextInt(classes);
            }
            float[] dz = new float[rows * ld];
            float loss = k.softmaxCrossEntropy(rows, classes, z, 0, ld, labels, 2, dz, 0, ld);
            float lossOnly = k.softmaxCrossEntropy(rows, classes, z, 0, ld, labels, 2, null, 0, 0);
            double refLoss = 0;
            for (int i = 0; i < rows; i++) {
                double[] maxSum = maxAndShiftedExpSum(z, i * ld, classes);
                double max = maxSum[0];
                double sum = maxSum[1];
                refLoss += Math.log(sum) + max - z[i * ld + labels[2 + i]];
                for (int j = 0; j < classes; j++) {
                    double want = (Math.exp(z[i * ld + j] - max) / sum - (j == labels[2 + i] ? 1 : 0)) / rows;
                    assertEquals(want, dz[i * ld + j], 1e-6, "dZ classes=" + classes);
                }
            }
            refLoss /= rows;
            assertEquals(refLoss, loss, 1e-5 * Math.max(1, refLoss), "loss classes=" + classes);
            assertEquals(loss, lossOnly);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void biasAndColumnSumsOnMatricesWithLeadingDimensions(KernelProvider p) {
        RowKernels k = new RowKernels(p);
        SplittableRandom rnd = new SplittableRandom(17);
        for (int cols : SIZES) {
            int rows = 1 + rnd.nextInt(40);
            int ld = cols + 3;
            float[] x = Reference.random(rnd, 2 + rows * ld, 1f);
            float[] bias = Reference.random(rnd, 1 + cols, 1f);
            float[] y = new float[2 + rows * ld];
            k.addBias(rows, cols, x, 2, ld, bias, 1, y, 2, ld);
            float[] sums = new float[cols + 1];
            k.columnSums(rows, cols, 0.25f, x, 2, ld, sums, 1);
            for (int j = 0; j < cols; j++) {
                double s = 0;
                double abs = 0;
                for (int i = 0; i < rows; i++) {
                    assertEquals(x[2 + i * ld + j] + bias[1 + j], y[2 + i * ld + j]);
                    s += x[2 + i * ld + j];
                    abs += Math.abs(x[2 + i * ld + j]);
                }
                assertEquals(0.25 * s, sums[1 + j], 0.25 * (rows + 1) * Reference.EPS * abs + 1e-30, "column sum");
            }
            assertEquals(0f, sums[0], "nothing before the offset is written");
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void fusedLayerForwardEqualsGemmThenSeparateKernels(KernelProvider p) {
        GemmDriver driver = new GemmDriver(p);
        RowKernels k = new RowKernels(p);
        SplittableRandom rnd = new SplittableRandom(21);
        int[][] shapes = {{3, 5, 4}, {64, 100, 70}, {256, 512, 100}, {33, 47, 300}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int kk = s[2];
            float[] a = Reference.random(rnd, m * kk, 1f);
            float[] b = Reference.random(rnd, kk * n, 1f);
            float[] bias = Reference.random(rnd, n, 1f);
            for (Activation act : Activation.values()) {
                float[] fused = new float[m * n];
                driver.sgemm(false, false, m, n, kk, 1f, a, 0, kk, b, 0, n, 0f, fused, 0, n,
                        new BiasActivation(p).set(bias, 0, act));
                float[] separate = new float[m * n];
                driver.sgemm(false, false, m, n, kk, 1f, a, 0, kk, b, 0, n, 0f, separate, 0, n, null);
                k.addBias(m, n, separate, 0, n, bias, 0, separate, 0, n);
                k.activate(act, m, n, separate, 0, n, separate, 0, n);
                // Within the kernels' bound, not bitwise: an element's vector grouping (a tile of 2 vectors in the
                // epilogue, the whole matrix in the separate kernel) picks the short or general exp path and the
                // vector or scalar tail, which may differ in the last bit.
                for (int i = 0; i < fused.length; i++) {
                    assertClose(separate[i], fused[i], p.name() + " " + act + " " + Arrays.toString(s) + " at " + i);
                }
            }
        }
    }

    @Test
    void publicApiRunsAndRejectsInvalidArguments() {
        float[] x = {1f, 2f, 3f, 4f, 5f, 6f};
        float[] y = new float[6];
        Kernels.softmax(2, 3, x, 0, 3, y, 0, 3);
        assertEquals(1f, y[0] + y[1] + y[2], 1e-6f);
        int[] out = new int[2];
        Kernels.argmax(2, 3, x, 0, 3, out, 0);
        assertArrayEquals(new int[] {2, 2}, out);
        assertEquals(0.5, Kernels.accuracy(2, 3, x, 0, 3, new int[] {2, 0}, 0));
        Gemm.sgemm(false, false, 2, 3, 0, 1f, x, 0, 1, x, 0, 3, 0f, y, 0, 3, new float[] {1f, -1f, 0f}, 0, Activation.RELU);
        assertArrayEquals(new float[] {1f, 0f, 0f, 1f, 0f, 0f}, y);

        GemmTest.expect("label of row 1", () -> Kernels.crossEntropy(2, 3, x, 0, 3, new int[] {0, 3}, 0));
        GemmTest.expect("label of row 0", () -> Kernels.softmaxCrossEntropyGradient(2, 3, x, 0, 3, new int[] {-1, 0}, 0, y, 0, 3));
        GemmTest.expect("labels is too short", () -> Kernels.crossEntropy(2, 3, x, 0, 3, new int[] {0}, 0));
        GemmTest.expect("rows", () -> Kernels.softmax(-1, 3, x, 0, 3, y, 0, 3));
        GemmTest.expect("cols", () -> Kernels.softmax(2, -3, x, 0, 3, y, 0, 3));
        GemmTest.expect("ldx", () -> Kernels.softmax(2, 3, x, 0, 2, y, 0, 3));
        GemmTest.expect("ldy", () -> Kernels.logSoftmax(2, 3, x, 0, 3, y, 0, 2));
        GemmTest.expect("X is too short", () -> Kernels.activate(Activation.SIGMOID, 2, 3, x, 1, 3, y, 0, 3));
        GemmTest.expect("XOffset", () -> Kernels.addBias(2, 3, x, -1, 3, x, 0, y, 0, 3));
        GemmTest.expect("bias is too short", () -> Kernels.addBias(2, 3, x, 0, 3, new float[2], 0, y, 0, 3));
        GemmTest.expect("db is too short", () -> Kernels.columnSums(2, 3, 1f, x, 0, 3, new float[2], 0));
        GemmTest.expect("dA is too short", () -> Kernels.activateBackward(Activation.TANH, 2, 3, x, 0, 3, new float[5], 0, 3, y, 0, 3));
        GemmTest.expect("activation must not be null", () -> Kernels.activate(null, 2, 3, x, 0, 3, y, 0, 3));
        GemmTest.expect("x is too short", () -> Kernels.axpy(7, 1f, x, 0, new float[7], 0));
        GemmTest.expect("y is too short", () -> Kernels.axpy(6, 1f, x, 0, y, 1));
        GemmTest.expect("n", () -> Kernels.scale(-1, 1f, x, 0));
        GemmTest.expect("out must hold", () -> Kernels.argmax(2, 3, x, 0, 3, new int[1], 0));
        GemmTest.expect("bias is too short", () -> Gemm.sgemm(false, false, 2, 3, 1, 1f, x, 0, 1, x, 0, 3, 0f, y, 0, 3,
                new float[2], 0, Activation.NONE));
        GemmTest.expect("activation", () -> Gemm.sgemm(false, false, 2, 3, 1, 1f, x, 0, 1, x, 0, 3, 0f, y, 0, 3, null, 0, null));
    }
}
