package org.lanes.internal.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lanes.Activation;
import org.lanes.internal.BiasActivation;
import org.lanes.internal.Providers;
import org.lanes.internal.kernel.KernelProvider;
import org.lanes.internal.threads.WorkerPool;

/**
 * The sparse-A path ({@link SparseA}): the same bits as the packed path's chain (the scalar unpacked kernel with
 * every zero product kept, for finite B), a double-precision bound, the shapes around its limits, offsets and
 * leading dimensions, A transposed, an all-zero A, NaN in A, and the fused epilogue.
 */
class SparseATest {
    private static List<GemmDriver> drivers() {
        List<GemmDriver> drivers = new ArrayList<>();
        drivers.add(new GemmDriver(Providers.scalar()));
        KernelProvider vector = Providers.vectorOrNull();
        if (vector != null) {
            drivers.add(new GemmDriver(vector));
        }
        return drivers;
    }

    /** A with about {@code density} of its values nonzero (positive, as pixels), the rest +0 or -0. */
    private static float[] sparse(SplittableRandom rnd, int size, double density) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = rnd.nextDouble() < density ? (float) rnd.nextDouble(-1, 1) : (rnd.nextBoolean() ? 0f : -0f);
        }
        return a;
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] b = new float[size];
        for (int i = 0; i < size; i++) {
            b[i] = (float) rnd.nextDouble(-1, 1);
        }
        return b;
    }

    private static GemmArgs args(GemmDriver d, boolean transA, int m, int n, int k, float alpha, float[] a, int lda,
                                 float beta) {
        return args(d, transA, m, n, k, alpha, a, 0, lda, beta);
    }

    private static GemmArgs args(GemmDriver d, boolean transA, int m, int n, int k, float alpha, float[] a, int aOff,
                                 int lda, float beta) {
        GemmDriver.Workspace ws = new GemmDriver.Workspace(d.sizes, 0, d);
        return ws.args.set(transA, false, m, n, k, alpha, a, aOff, lda, new float[k * n], 0, n, beta,
                new float[m * n], 0, n, null);
    }

    @Test
    void takesTheSparseProductsOnlyWithinItsLimits() {
        GemmDriver d = drivers().get(0);
        SplittableRandom rnd = new SplittableRandom(1);
        // Independent zeros: a tenth nonzero lists about a third of the steps of four rows.
        float[] pixels = sparse(rnd, 64 * 784, 0.1);
        float[] dense = random(rnd, 64 * 784);
        assertTrue(SparseA.applies(args(d, false, 64, 512, 784, 1f, pixels, 784, 0f)));
        assertTrue(SparseA.applies(args(d, true, 784, 512, 64, 1f, pixels, 784, 0f)));
        assertFalse(SparseA.applies(args(d, false, 64, 512, 784, 1f, dense, 784, 0f)), "dense A");
        assertFalse(SparseA.applies(args(d, false, 64, 512, 784, 1f, pixels, 784, 0.5f)), "beta");
        assertFalse(SparseA.applies(args(d, false, 64, 63, 784, 1f, pixels, 784, 0f)), "narrow C");
        assertFalse(SparseA.applies(args(d, false, 2, 64, 784, 1f, pixels, 784, 0f)), "small product");
        assertFalse(SparseA.applies(args(d, false, 64, 512, 784, Float.POSITIVE_INFINITY, pixels, 784, 0f)), "alpha");
        // An A of more than 2^24 values keeps the packed path (its lists would take as much memory); A is not read.
        GemmDriver.Workspace ws = new GemmDriver.Workspace(d.sizes, 0, d);
        assertFalse(SparseA.applies(ws.args.set(false, false, 4097, 64, 4097, 1f, pixels, 0, 4097,
                new float[4097 * 64], 0, 64, 0f, new float[4097 * 64], 0, 64, null)), "A too large");
    }

    @Test
    void givesThePackedPathsBitsAndStaysWithinTheBound() {
        // m, n, k: around the four-vector strips (64 columns with 16 lanes), primes, the MLP's first layer.
        int[][] shapes = {{64, 512, 784}, {257, 64, 97}, {31, 65, 1031}, {64, 97, 400}, {13, 131, 1024},
            {128, 127, 784}, {1, 1024, 1024}};
        SplittableRandom rnd = new SplittableRandom(7);
        for (GemmDriver d : drivers()) {
            for (int[] s : shapes) {
                for (boolean transA : new boolean[] {false, true}) {
                    for (float alpha : new float[] {1f, -0.75f}) {
                        check(d, rnd, transA, s[0], s[1], s[2], alpha, 3, 5, 7, 0.08);
                    }
                }
            }
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        int before = WorkerPool.shared().threads();
        SplittableRandom rnd = new SplittableRandom(5);
        try {
            for (boolean transA : new boolean[] {false, true}) {
                int m = transA ? 299 : 130;
                int n = 200;
                int k = transA ? 130 : 299;
                float[] a = sparse(rnd, m * k, 0.08);
                float[] b = random(rnd, k * n);
                float[][] c = new float[2][m * n];
                for (int t = 1; t <= 2; t++) {
                    WorkerPool.resize(t);
                    GemmDriver d = new GemmDriver(Providers.active());
                    d.sgemm(transA, false, m, n, k, 1f, a, 0, transA ? m : k, b, 0, n, 0f, c[t - 1], 0, n, null);
                }
                for (int i = 0; i < m * n; i++) {
                    assertEquals(Float.floatToRawIntBits(c[0][i]), Float.floatToRawIntBits(c[1][i]), "element " + i);
                }
            }
        } finally {
            WorkerPool.resize(before);
        }
    }

    @Test
    void allZeroAGivesZerosAndNanInAPropagates() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (GemmDriver d : drivers()) {
            check(d, rnd, false, 64, 128, 784, 1f, 0, 0, 0, 0.0);
            check(d, rnd, true, 200, 96, 300, 1f, 0, 0, 0, 0.0);
            int m = 64;
            int n = 128;
            int k = 784;
            float[] a = sparse(rnd, m * k, 0.05);
            a[5 * k + 17] = Float.NaN;
            float[] b = random(rnd, k * n);
            float[] c = new float[m * n];
            d.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n, null);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(i == 5, Float.isNaN(c[i * n + j]), "row " + i + " col " + j);
                }
            }
        }
    }

    @Test
    void fusedEpilogueRunsOnTheWholeProduct() {
        SplittableRandom rnd = new SplittableRandom(11);
        int m = 64;
        int n = 160;
        int k = 784;
        for (GemmDriver d : drivers()) {
            KernelProvider p = d.provider instanceof KernelProvider ? (KernelProvider) d.provider : Providers.scalar();
            float[] a = sparse(rnd, m * k, 0.05);
            assertTrue(SparseA.applies(args(d, false, m, n, k, 1f, a, k, 0f)));
            float[] b = random(rnd, k * n);
            float[] bias = random(rnd, n);
            float[] fused = new float[m * n];
            BiasActivation epilogue = new BiasActivation(p);
            d.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, fused, 0, n,
                    epilogue.set(bias, 0, Activation.SIGMOID));
            epilogue.clear();
            float[] plain = new float[m * n];
            Providers.scalar().gemmSmall(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, plain, 0, n);
            float[] expected = new float[m * n];
            for (int i = 0; i < m; i++) {
                p.addBias(plain, i * n, bias, 0, plain, i * n, n);
            }
            p.activate(Activation.SIGMOID, plain, 0, expected, 0, m * n);
            for (int i = 0; i < m * n; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(fused[i]), "element " + i);
            }
        }
    }

    /** One product with offsets and padded leading dimensions against the chain and a double reference. */
    private static void check(GemmDriver d, SplittableRandom rnd, boolean transA, int m, int n, int k, float alpha,
                              int aOff, int bOff, int cOff, double density) {
        int lda = (transA ? m : k) + 3;
        int ldb = n + 5;
        int ldc = n + 2;
        float[] a = sparse(rnd, aOff + (transA ? k : m) * lda, density);
        float[] b = random(rnd, bOff + k * ldb);
        float[] c = new float[cOff + m * ldc];
        java.util.Arrays.fill(c, Float.NaN); // beta = 0: C is never read
        assertTrue(SparseA.applies(args(d, transA, m, n, k, alpha, a, aOff, lda, 0f)), "takes the sparse path");
        d.sgemm(transA, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc, null);
        float[] chain = new float[cOff + m * ldc];
        Providers.scalar().gemmSmall(transA, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, 0f, chain, cOff, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = cOff + i * ldc + j;
                double exact = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double x = alpha * (double) (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    double y = b[bOff + p * ldb + j];
                    exact += x * y;
                    magnitude += Math.abs(x * y);
                }
                String where = d.provider.getClass().getSimpleName() + (transA ? " TN " : " NN ") + m + "x" + n + "x"
                        + k + " alpha " + alpha + " at (" + i + ", " + j + ")";
                assertEquals(Float.floatToRawIntBits(chain[at]), Float.floatToRawIntBits(c[at]), where);
                // A chain of k FMAs: at most k roundings of the running sum, each within 2^-24 of its magnitude.
                assertEquals(exact, c[at], (k + 1) * 0x1p-24 * magnitude + 1e-30, where);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = n; j < ldc && cOff + i * ldc + j < c.length; j++) {
                assertTrue(Float.isNaN(c[cOff + i * ldc + j]), "padding of C written at row " + i);
            }
        }
    }
}
