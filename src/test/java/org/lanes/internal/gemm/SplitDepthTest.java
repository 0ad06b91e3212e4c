package org.lanes.internal.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lanes.Activation;
import org.lanes.Gemm;
import org.lanes.Lanes;
import org.lanes.Reference;
import org.lanes.internal.Providers;
import org.lanes.internal.kernel.KernelProvider;

/**
 * Products with A not transposed, C at most 10 columns wide and a depth of at least 32 steps per column (128 at
 * least) follow the split-depth rule ({@link SplitDepth}): every element is the rule's 16 chains and fold, computed
 * here in plain scalar code, bit for bit, and within the error bound of that sum against a double-precision
 * reference. Every provider, depths around the 16-step groups and the 512-step chunks, rows around the 4-row blocks
 * and 64-row groups, every width up to 10, offsets and padded leading dimensions, alpha and beta, nothing written
 * outside C, the fused epilogue, and the same bits for one, two and three threads.
 */
class SplitDepthTest {
    static {
        // The kernels are chosen first, as in an application, so that packing builds their panel widths in
        // (gemm.PanelWidths) whichever test runs first in this JVM.
        Providers.active();
    }

    private static final float SENTINEL = -12345.5f;
    private static final int[] ROWS = {1, 2, 3, 4, 5, 8, 13, 63, 64, 65, 129};
    private static final int[] DEPTHS = {320, 321, 335, 336, 511, 512, 513, 527, 528, 1040, 1100};
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {-0.75f, 0.5f}, {2f, -1.25f}};

    @AfterEach
    void restoreThreads() {
        Lanes.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void theRuleAppliesToNarrowProductsOfAAsStoredOnly() {
        assertTrue(SplitDepth.applies(false, 1, 128));
        assertTrue(SplitDepth.applies(false, 4, 128));
        assertTrue(SplitDepth.applies(false, 5, 160));
        assertTrue(SplitDepth.applies(false, 10, 320));
        assertFalse(SplitDepth.applies(false, 1, 127));
        assertFalse(SplitDepth.applies(false, 5, 159));
        assertFalse(SplitDepth.applies(false, 10, 319));
        assertFalse(SplitDepth.applies(false, 11, 5000));
        assertFalse(SplitDepth.applies(true, 1, 5000));
    }

    @Test
    void shapesOutsideTheRuleKeepOneChainPerElement() {
        SplittableRandom rnd = new SplittableRandom(19);
        // {transA, m, n, k}: one step too shallow, one column too wide, A transposed.
        int[][] shapes = {{0, 37, 1, 127}, {0, 37, 4, 127}, {0, 37, 10, 319}, {0, 37, 11, 512}, {1, 37, 1, 512},
            {1, 37, 10, 400}};
        for (int[] sh : shapes) {
            boolean transA = sh[0] == 1;
            int m = sh[1];
            int n = sh[2];
            int k = sh[3];
            float[] a = Reference.random(rnd, m * k, 1f);
            float[] b = Reference.random(rnd, k * n, 1f);
            float[] c = Reference.random(rnd, m * n, 1f);
            float[] expected = new float[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float acc = 0.5f * c[i * n + j];
                    for (int p = 0; p < k; p++) {
                        acc = Math.fma(transA ? a[p * m + i] : a[i * k + p], b[p * n + j], acc);
                    }
                    expected[i * n + j] = acc;
                }
            }
            Gemm.sgemm(transA, false, m, n, k, 1f, a, 0, transA ? m : k, b, 0, n, 0.5f, c, 0, n);
            assertArrayEquals(expected, c, Arrays.toString(sh));
        }
    }

    @Test
    void everyProviderGivesTheRulesBitsWithinTheBound() {
        List<GemmDriver> drivers = new ArrayList<>();
        KernelProvider vector = Providers.vectorOrNull();
        drivers.add(new GemmDriver(Providers.scalar()));
        if (vector != null) {
            drivers.add(new GemmDriver(vector));
        }
        SplittableRandom rnd = new SplittableRandom(31);
        for (GemmDriver driver : drivers) {
            for (int t = 0; t < 160; t++) {
                int m = ROWS[rnd.nextInt(ROWS.length)];
                int n = 1 + rnd.nextInt(SplitDepth.MAX_COLUMNS);
                int k = DEPTHS[rnd.nextInt(DEPTHS.length)];
                float[] ab = ALPHA_BETA[rnd.nextInt(ALPHA_BETA.length)];
                check(driver, rnd, rnd.nextBoolean(), m, n, k, ab[0], ab[1]);
            }
            // Deeper than one copy of B's columns holds: each group of rows copies each chunk.
            check(driver, rnd, false, 67, 3, 4133, 1f, 1f);
            check(driver, rnd, false, 70, 10, 4200, -0.75f, 0.5f);
            // Every width on a shape with last rows, a tail of steps and three chunks.
            for (int n = 1; n <= SplitDepth.MAX_COLUMNS; n++) {
                check(driver, rnd, false, 67, n, 1043, 1f, 0f);
                check(driver, rnd, true, 67, n, 1043, 0.5f, 1f);
                // The shallowest depth the rule takes at this width, and one step more.
                int least = SplitDepth.DEPTH_PER_COLUMN * Math.max(4, n);
                check(driver, rnd, false, 13, n, least, -0.75f, 0.5f);
                check(driver, rnd, true, 13, n, least + 1, 2f, 0f);
            }
        }
    }

    @Test
    void theSameBitsForOneTwoAndThreeThreads() {
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] shapes = {{256, 10, 512}, {1000, 1, 784}, {517, 7, 1100}, {64, 2, 512}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean transB : new boolean[] {false, true}) {
                float[] a = Reference.random(rnd, m * k, 1f);
                float[] b = Reference.random(rnd, k * n, 1f);
                float[] c0 = Reference.random(rnd, m * n, 1f);
                float[] expected = null;
                for (int threads = 1; threads <= 3; threads++) {
                    Lanes.setThreads(threads);
                    float[] c = c0.clone();
                    Gemm.sgemm(false, transB, m, n, k, 1f, a, 0, k, b, 0, transB ? k : n, 0.5f, c, 0, n);
                    if (expected == null) {
                        expected = rule(transB, m, n, k, 1f, a, 0, k, b, 0, transB ? k : n, 0.5f, c0, 0, n);
                    }
                    assertArrayEquals(expected, c, "threads=" + threads + " " + Arrays.toString(s));
                }
            }
        }
    }

    @Test
    void theFusedEpilogueAppliesToTheRulesSum() {
        SplittableRandom rnd = new SplittableRandom(11);
        int m = 70;
        int n = 10;
        int k = 340;
        float[] a = Reference.random(rnd, m * k, 1f);
        float[] b = Reference.random(rnd, k * n, 1f);
        float[] bias = Reference.random(rnd, n, 1f);
        float[] c = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n, bias, 0, Activation.RELU);
        float[] sum = rule(false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                expected[i * n + j] = Math.max(0f, sum[i * n + j] + bias[j]);
            }
        }
        assertArrayEquals(expected, c);
    }

    /** One product with random offsets and padded leading dimensions: the rule's bits, the bound, C's window. */
    private static void check(GemmDriver driver, SplittableRandom rnd, boolean transB, int m, int n, int k, float alpha,
                              float beta) {
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = k + rnd.nextInt(3);
        int ldb = bCols + rnd.nextInt(3);
        int ldc = n + rnd.nextInt(3);
        int aOff = rnd.nextInt(5);
        int bOff = rnd.nextInt(5);
        int cOff = rnd.nextInt(5);
        float[] a = Reference.random(rnd, aOff + m * lda, 1f);
        float[] b = Reference.random(rnd, bOff + bRows * ldb, 1f);
        float[] c = new float[cOff + m * ldc + 3];
        Arrays.fill(c, SENTINEL);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                // Beta 0 must not read C: a NaN there would show.
                c[cOff + i * ldc + j] = beta == 0f ? Float.NaN : (float) (rnd.nextDouble() * 2 - 1);
            }
        }
        double[][] ref = Reference.gemm(false, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        float[] rule = rule(transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        driver.sgemm(false, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
        String where = driver.sizes() + " transB=" + transB + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha
                + " beta=" + beta;
        // A chain of ceil(k/16) FMAs, four folding additions, then alpha and beta: (ceil(k/16) + 6) roundings.
        double gamma = (Math.ceil(k / 16.0) + 6) * Reference.EPS * 1.01;
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            int i = rel >= 0 ? rel / ldc : -1;
            int j = rel >= 0 ? rel % ldc : -1;
            if (i >= 0 && i < m && j < n) {
                float got = c[idx];
                if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(rule[i * n + j])) {
                    fail(where + ": C[" + i + "][" + j + "] = " + got + ", the rule gives " + rule[i * n + j]);
                }
                double err = Math.abs(got - ref[0][i * n + j]);
                double bound = gamma * ref[1][i * n + j] + Float.MIN_NORMAL;
                if (!(err <= bound)) {
                    fail(String.format("%s: C[%d][%d] error %.3g > bound %.3g", where, i, j, err, bound));
                }
            } else if (Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(SENTINEL)) {
                fail(where + ": element " + idx + " outside C's window was written");
            }
        }
    }

    /** The rule written out plainly, element by element (C is not changed). */
    static float[] rule(boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
                        int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] out = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float[] s = new float[16];
                for (int p = 0; p < k; p++) {
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s[p % 16] = Math.fma(a[aOff + i * lda + p], bv, s[p % 16]);
                }
                for (int h = 8; h >= 1; h /= 2) {
                    for (int r = 0; r < h; r++) {
                        s[r] = s[r] + s[r + h];
                    }
                }
                float v = alpha == 1f ? s[0] : alpha * s[0];
                out[i * n + j] = beta == 0f ? v : v + beta * c[cOff + i * ldc + j];
            }
        }
        return out;
    }
}
