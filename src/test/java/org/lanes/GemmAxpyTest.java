package org.lanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;

/**
 * {@link Gemm#sgemmAxpy}: C as the plain call gives it, bit for bit, and Y as an axpy of that C gives it; C within
 * the GEMM bound of a double-precision product and Y within one rounding of the double sum. Every path the driver
 * takes (direct, packed, narrow, split-depth), every transpose form, edges, offsets and leading dimensions, one and
 * two threads.
 */
class GemmAxpyTest {
    private static final float SENTINEL = -9876.5f;

    @AfterEach
    void restoreThreads() {
        Lanes.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void cIsThePlainProductAndYTakesItsAxpy() {
        int[][] shapes = {{0, 5, 3}, {5, 0, 3}, {4, 6, 0}, {1, 1, 1}, {7, 3, 131}, {13, 1, 200}, {17, 10, 400},
            {33, 31, 17}, {64, 48, 64}, {97, 130, 61}, {300, 257, 129}, {256, 10, 512}, {784, 128, 64}};
        SplittableRandom rnd = new SplittableRandom(11);
        for (int threads : new int[] {1, 2}) {
            Lanes.setThreads(threads);
            for (int[] s : shapes) {
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        for (float beta : new float[] {0f, 0.5f}) {
                            check(rnd, transA, transB, s[0], s[1], s[2], beta, threads);
                        }
                    }
                }
            }
        }
    }

    private static void check(SplittableRandom rnd, boolean transA, boolean transB, int m, int n, int k, float beta,
                              int threads) {
        String where = (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m + "x" + n + "x" + k + " beta " + beta
                + " threads " + threads;
        int pad = 3;
        int lda = (transA ? m : k) + pad;
        int ldb = (transB ? k : n) + pad;
        int ldc = n + 2;
        int ldy = n + 5;
        int aOff = 2;
        int bOff = 1;
        int cOff = 4;
        int yOff = 3;
        float[] a = Reference.random(rnd, aOff + Math.max(1, transA ? k : m) * lda, 1f);
        float[] b = Reference.random(rnd, bOff + Math.max(1, transB ? n : k) * ldb, 1f);
        float[] c0 = Reference.random(rnd, cOff + Math.max(1, m) * ldc, 1f);
        float[] y0 = Reference.random(rnd, yOff + Math.max(1, m) * ldy, 1f);
        // Outside the windows: sentinels that must survive.
        for (int i = 0; i < c0.length; i++) {
            if (i < cOff || (i - cOff) % ldc >= n) {
                c0[i] = SENTINEL;
            }
        }
        for (int i = 0; i < y0.length; i++) {
            if (i < yOff || (i - yOff) % ldy >= n) {
                y0[i] = SENTINEL;
            }
        }
        float alpha = 0.75f;
        float scale = -0.125f;
        float[] c = c0.clone();
        float[] y = y0.clone();
        Gemm.sgemmAxpy(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, scale, y, yOff,
                ldy);
        float[] plainC = c0.clone();
        float[] plainY = y0.clone();
        Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, plainC, cOff, ldc);
        for (int i = 0; i < m; i++) {
            Kernels.axpy(n, scale, plainC, cOff + i * ldc, plainY, yOff + i * ldy);
        }
        assertArrayEquals(plainC, c, where + ": C");
        assertArrayEquals(plainY, y, where + ": Y");
        double[][] ref = Reference.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c0, cOff,
                ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float got = c[cOff + i * ldc + j];
                double bound = 2 * (k + 2) * Reference.EPS * ref[1][i * n + j] + Float.MIN_NORMAL;
                assertTrue(Math.abs(got - ref[0][i * n + j]) <= bound, where + ": C at " + i + "," + j);
                double exact = y0[yOff + i * ldy + j] + (double) scale * got;
                float yv = y[yOff + i * ldy + j];
                assertTrue(Math.abs(yv - exact) <= Math.ulp((float) exact), where + ": Y at " + i + "," + j);
            }
        }
        for (int i = 0; i < y.length; i++) {
            if (i < yOff || (i - yOff) % ldy >= n) {
                assertEquals(SENTINEL, y[i], where + ": Y written outside its window at " + i);
            }
        }
    }

    @Test
    void badYIsNamed() {
        float[] a = new float[12];
        float[] b = new float[12];
        float[] c = new float[9];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmAxpy(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3, 1f, null, 0, 3));
        assertTrue(e.getMessage().contains("Y"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmAxpy(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3, 1f, new float[8], 0, 3));
        assertTrue(e.getMessage().contains("Y"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmAxpy(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3, 1f, c, 0, 3));
        assertTrue(e.getMessage().contains("Y overlaps C"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmAxpy(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3, 1f, a, 2, 3));
        assertTrue(e.getMessage().contains("Y overlaps A"), e.getMessage());
    }

    /** The plain-SGD training step, whose update is fused into the gradient GEMMs, against the two-call form. */
    @Test
    void aFusedTrainingStepIsComputeGradientsThenApplyGradients() {
        for (int threads : new int[] {1, 2}) {
            Lanes.setThreads(threads);
            for (int[] sizes : new int[][] {{784, 128, 10}, {37, 61, 29, 10}, {5, 3, 2}}) {
                int rows = 67;
                SplittableRandom rnd = new SplittableRandom(3);
                float[] x = Reference.random(rnd, rows * sizes[0], 1f);
                int[] y = new int[rows];
                for (int i = 0; i < rows; i++) {
                    y[i] = rnd.nextInt(sizes[sizes.length - 1]);
                }
                Mlp fused = Mlp.create(sizes, Activation.SIGMOID, Init.XAVIER, 5).optimizer(Sgd.of(0.3f));
                Mlp twoCalls = Mlp.create(sizes, Activation.SIGMOID, Init.XAVIER, 5).optimizer(Sgd.of(0.3f));
                for (int step = 0; step < 3; step++) {
                    float loss = fused.trainStep(x, y, rows);
                    assertEquals(twoCalls.computeGradients(x, 0, y, 0, rows), loss, 0f);
                    twoCalls.applyGradients();
                }
                for (int l = 0; l < fused.layers(); l++) {
                    assertArrayEquals(twoCalls.weights(l), fused.weights(l), "weights of layer " + l);
                    assertArrayEquals(twoCalls.biases(l), fused.biases(l), "biases of layer " + l);
                    assertArrayEquals(twoCalls.weightGradient(l), fused.weightGradient(l), "gradient of layer " + l);
                }
            }
        }
    }
}
