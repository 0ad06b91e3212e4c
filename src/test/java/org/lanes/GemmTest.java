package org.lanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lanes.internal.BiasActivation;
import org.lanes.internal.Providers;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.gemm.GemmDriver;
import org.lanes.internal.kernel.KernelProvider;

class GemmTest {
    static {
        // The kernels are chosen first, as in an application, so that packing builds their panel widths in
        // (gemm.PanelWidths) whichever test runs first in this JVM.
        Providers.active();
    }

    private static final float SENTINEL = -12345.5f;

    @AfterEach
    void restoreThreads() {
        Lanes.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static Stream<KernelProvider> providers() {
        KernelProvider vector = Providers.vectorOrNull();
        return vector == null ? Stream.of(Providers.scalar()) : Stream.of(Providers.scalar(), vector);
    }

    /** Sizes on every blocking edge of the provider: 0, 1, small primes, MR/transposed A panel/NR/KC/MC +-1, several hundred. */
    static int[] edgeSizes(BlockSizes s) {
        return new int[] {0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 33, s.mr - 1, s.mr + 1, s.transposedAPanel - 1, s.transposedAPanel + 1,
            s.transposedAPanel + s.mr, s.nr - 1, s.nr + 1, s.nr + s.nr / 2,
            s.kc - 1, s.kc + 1, s.mc - 1, s.mc + 1, 97, 131, 300};
    }

    static Stream<Arguments> randomCases() {
        List<Arguments> cases = new ArrayList<>();
        providers().forEach(p -> {
            int[] sizes = edgeSizes(p.blockSizes());
            SplittableRandom rnd = new SplittableRandom(p.name().hashCode());
            for (int t = 0; t < 60; t++) {
                int m = sizes[rnd.nextInt(sizes.length)];
                int n = sizes[rnd.nextInt(sizes.length)];
                int k = sizes[rnd.nextInt(sizes.length)];
                cases.add(Arguments.of(p, m, n, k, rnd.nextLong()));
            }
            // Half-width edge panels (at most NR/2 columns), written in place and through the temporary.
            BlockSizes s = p.blockSizes();
            cases.add(Arguments.of(p, s.transposedAPanel + s.mr, s.nr + s.nr / 2, 37, rnd.nextLong()));
            cases.add(Arguments.of(p, s.transposedAPanel + s.mr - 1, 2 * s.nr + s.nr / 2 - 1, 64, rnd.nextLong()));
        });
        return cases.stream();
    }

    /** C of at most one vector of columns (the narrow kernel): row counts around its 8-row groups, deep k. */
    static Stream<Arguments> narrowCases() {
        List<Arguments> cases = new ArrayList<>();
        providers().forEach(p -> {
            int narrowKc = Math.max(1, p.blockSizes().narrowKc);
            SplittableRandom rnd = new SplittableRandom(17);
            int[] ms = {1, 7, 8, 9, 23, 256};
            int[] ns = {1, 9, 10, 15, 16, p.narrowColumns(), Math.max(1, p.narrowColumns() - 1)};
            int[] ks = {1, 13, narrowKc - 1, narrowKc + 1, 2 * narrowKc + 3};
            for (int t = 0; t < 24; t++) {
                cases.add(Arguments.of(p, ms[rnd.nextInt(ms.length)], ns[rnd.nextInt(ns.length)],
                        ks[rnd.nextInt(ks.length)], rnd.nextLong()));
            }
        });
        return cases.stream();
    }

    /**
     * Per provider: the default driver and one that takes the direct path wherever it applies. Made once: each
     * driver holds megabytes of pack buffers per thread.
     */
    private static final Map<KernelProvider, GemmDriver[]> DRIVERS = new ConcurrentHashMap<>();

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource({"randomCases", "narrowCases"})
    void matchesDoubleReferenceOnEveryEdge(KernelProvider provider, int m, int n, int k, long seed) {
        GemmDriver[] drivers = DRIVERS.computeIfAbsent(provider, p -> new GemmDriver[] {new GemmDriver(p),
            new GemmDriver(p, p.blockSizes().withThresholds(Long.MAX_VALUE, Long.MAX_VALUE))});
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] alphaBeta = {{1f, 0f}, {1f, 1f}, {-0.75f, 0.5f}, {2f, -1.25f}};
        for (GemmDriver driver : drivers) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    float[] ab = alphaBeta[rnd.nextInt(alphaBeta.length)];
                    checkOne(driver, rnd, transA, transB, m, n, k, ab[0], ab[1]);
                }
            }
        }
    }

    /** Runs one product with random offsets and padded leading dimensions and checks every element of C. */
    static void checkOne(GemmDriver driver, SplittableRandom rnd, boolean transA, boolean transB,
                         int m, int n, int k, float alpha, float beta) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = Math.max(1, aCols) + rnd.nextInt(3);
        int ldb = Math.max(1, bCols) + rnd.nextInt(3);
        int ldc = Math.max(1, n) + rnd.nextInt(3);
        int aOff = rnd.nextInt(5);
        int bOff = rnd.nextInt(5);
        int cOff = rnd.nextInt(5);
        float[] a = Reference.random(rnd, aOff + aRows * lda, 1f);
        float[] b = Reference.random(rnd, bOff + bRows * ldb, 1f);
        float[] c = new float[cOff + m * ldc + 3];
        Arrays.fill(c, SENTINEL);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] = beta == 0f ? Float.NaN : (float) (rnd.nextDouble() * 2 - 1);
            }
        }
        double[][] ref = Reference.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        driver.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            int i = rel >= 0 ? rel / ldc : -1;
            int j = rel >= 0 ? rel % ldc : -1;
            if (i >= 0 && i < m && j < n) {
                double want = ref[0][i * n + j];
                double bound = 2.0 * (k + 2) * Reference.EPS * ref[1][i * n + j] + Float.MIN_NORMAL;
                double err = Math.abs(c[idx] - want);
                if (!(err <= bound)) {
                    fail(String.format("%s transA=%b transB=%b m=%d n=%d k=%d alpha=%s beta=%s: C[%d][%d]=%s,"
                            + " reference %s, error %.3g > bound %.3g", driver.sizes(), transA, transB, m, n, k,
                            alpha, beta, i, j, c[idx], want, err, bound));
                }
            } else if (Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(SENTINEL)) {
                fail("element " + idx + " outside the m x n window of C was written (m=" + m + " n=" + n + " ldc=" + ldc
                        + " offset=" + cOff + ")");
            }
        }
    }

    @Test
    void squareSizesThroughThePublicApi() {
        SplittableRandom rnd = new SplittableRandom(7);
        GemmDriver driver = Gemm.driver();
        for (int size : new int[] {63, 64, 65, 128, 255, 513}) {
            checkOne(driver, rnd, false, false, size, size, size, 1f, 0f);
            checkOne(driver, rnd, true, true, size, size, size, 1f, 1f);
        }
    }

    @Test
    void betaZeroDoesNotReadC() {
        for (int size : new int[] {5, 40, 100}) {
            float[] a = new float[size * size];
            float[] b = new float[size * size];
            Arrays.fill(a, 1f);
            Arrays.fill(b, 2f);
            float[] c = new float[size * size];
            Arrays.fill(c, Float.NaN);
            c[0] = Float.POSITIVE_INFINITY;
            Gemm.sgemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
            for (float v : c) {
                assertEquals(2f * size, v);
            }
        }
    }

    @Test
    void zeroDepthOrAlphaOnlyScalesC() {
        float[] a = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] b = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] c = {1f, 2f, 3f, 4f};
        Gemm.sgemm(false, false, 2, 2, 2, 0f, a, 0, 2, b, 0, 2, 3f, c, 0, 2);
        assertArrayEquals(new float[] {3f, 6f, 9f, 12f}, c);
        Gemm.sgemm(false, false, 2, 2, 0, 1f, a, 0, 1, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, c);
    }

    @Test
    void denseOverloadMultiplies() {
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {7, 8, 9, 10, 11, 12};
        float[] c = new float[4];
        Gemm.sgemm(2, 2, 3, a, b, c);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
    }

    @Test
    void bPackedInTheKernelGivesTheBitsOfTheSeparatePass() {
        // The same B compact (its panels packed by their first tile) and inside rows wide enough that its span
        // passes BlockSizes.fusedBSpan (packed in a pass of its own): the same values in the same order.
        SplittableRandom rnd = new SplittableRandom(17);
        int m = 67;
        int n = 100;
        int k = 301;
        int wide = (int) Math.max(n + 1, Providers.active().blockSizes().fusedBSpan / k + 3);
        float[] a = Reference.random(rnd, m * k, 1f);
        float[] b = Reference.random(rnd, k * n, 1f);
        float[] bWide = new float[k * wide];
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, p * n, bWide, p * wide + 1, n);
        }
        for (float beta : new float[] {0f, 0.5f}) {
            float[] c0 = Reference.random(rnd, m * n, 1f);
            float[] fused = c0.clone();
            float[] separate = c0.clone();
            Gemm.sgemm(false, false, m, n, k, 1.25f, a, 0, k, b, 0, n, beta, fused, 0, n);
            Gemm.sgemm(false, false, m, n, k, 1.25f, a, 0, k, bWide, 1, wide, beta, separate, 0, n);
            assertArrayEquals(separate, fused, "beta " + beta);
        }
    }

    /**
     * One, two and three threads give the same bits, and so do the units a call on several threads is cut into (the
     * tuner's {@code unitsPerPart}: 1, 2, 4 and 8 on three threads): they change who computes a tile, never its value.
     */
    @Test
    void resultsAreBitwiseEqualForOneTwoAndThreeThreads() {
        SplittableRandom rnd = new SplittableRandom(11);
        KernelProvider p = Providers.active();
        int[][] shapes = {{256, 512, 784}, {784, 512, 256}, {301, 173, 517}, {97, 1000, 300}, {1001, 10, 512}, {517, 13, 2100}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean transA : new boolean[] {false, true}) {
                float[] a = Reference.random(rnd, m * k, 1f);
                float[] b = Reference.random(rnd, k * n, 1f);
                float[] c0 = Reference.random(rnd, m * n, 1f);
                int lda = transA ? m : k;
                int ldb = transA ? n : k;
                float[] expected = null;
                for (int threads = 1; threads <= 3; threads++) {
                    Lanes.setThreads(threads);
                    float[] c = c0.clone();
                    Gemm.sgemm(transA, !transA, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 0.25f, c, 0, n);
                    if (expected == null) {
                        expected = c;
                    } else {
                        assertArrayEquals(expected, c, "threads=" + threads + " shape " + Arrays.toString(s));
                    }
                }
                for (int units : new int[] {1, 2, 8}) {
                    float[] c = c0.clone();
                    new GemmDriver(p, p.blockSizes().withThresholds(0, 1).withUnitsPerPart(units)).sgemm(transA,
                            !transA, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 0.25f, c, 0, n, null);
                    assertArrayEquals(expected, c, units + " units per part on 3 threads, shape "
                            + Arrays.toString(s) + " transA=" + transA);
                }
            }
        }
    }

    /**
     * A call on several threads whose rows fit one A block is cut into column units (A packed once and shared, each
     * range of B's panels packed by the thread that multiplies it) or into row chunks: both give one thread's bits.
     * Small blocks give several depth blocks (KC 40) and column blocks (NC three or four panels), so the shared A
     * is repacked between phases while other units may still run; every form, alpha and beta, the fused epilogue,
     * rows not a multiple of MR, a last half panel, B packed in the first tile (NN), and two and three threads.
     */
    @Test
    void columnUnitsAndRowChunksGiveOneThreadsBits() {
        SplittableRandom rnd = new SplittableRandom(29);
        KernelProvider p = Providers.active();
        BlockSizes s = p.blockSizes();
        BlockSizes small = s.withBlocks(40, 4 * s.transposedAPanel * 8, 3 * s.nr).withThresholds(0, 1);
        int[][] shapes = {{37, 5 * s.nr + s.nr / 2, 131}, {2 * s.mr, 9 * s.nr, 80}, {3, 4 * s.nr + 1, 41},
            {s.mr * 12 + 5, 2 * s.nr, 200}};
        BiasActivation epilogue = new BiasActivation(p);
        int before = Lanes.threads();
        try {
            for (int[] sh : shapes) {
                int m = sh[0];
                int n = sh[1];
                int k = sh[2];
                assertTrue(m <= small.mc, "rows within one A block: " + Arrays.toString(sh));
                float[] bias = Reference.random(rnd, n, 1f);
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        for (boolean withEpilogue : new boolean[] {false, true}) {
                            float[] a = Reference.random(rnd, m * k, 1f);
                            float[] b = Reference.random(rnd, k * n, 1f);
                            float[] c0 = Reference.random(rnd, m * n, 1f);
                            float alpha = withEpilogue ? 1f : 0.75f;
                            float beta = withEpilogue ? 0f : -0.5f;
                            float[] expected = null;
                            for (int threads = 1; threads <= 3; threads++) {
                                Lanes.setThreads(threads);
                                for (boolean columns : new boolean[] {true, false}) {
                                    GemmDriver d = new GemmDriver(p, small.withColumnUnits(columns));
                                    float[] c = c0.clone();
                                    d.sgemm(transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0,
                                            transB ? k : n, beta, c, 0, n,
                                            withEpilogue ? epilogue.set(bias, 0, Activation.SIGMOID) : null);
                                    epilogue.clear();
                                    if (expected == null) {
                                        expected = c;
                                    } else {
                                        assertArrayEquals(expected, c, "threads " + threads + ", column units "
                                                + columns + ", transA=" + transA + " transB=" + transB + " "
                                                + Arrays.toString(sh) + ", epilogue " + withEpilogue);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            Lanes.setThreads(before);
        }
    }

    /**
     * Tiny injected block sizes (KC 3, MC one panel, NC one or two tiles, direct path off, split-depth chunks of
     * 16 and 32 steps) reach every loop boundary of the framework on small matrices and give the bits of the
     * default configuration: each element is one FMA chain over the depth (or the split-depth rule's chains)
     * whatever the blocking. Also across providers: the scalar fallback's bits are the vector path's.
     */
    @Test
    void tinyBlocksAndEveryProviderGiveTheDefaultBits() {
        SplittableRandom rnd = new SplittableRandom(23);
        KernelProvider active = Providers.active();
        List<GemmDriver> drivers = new ArrayList<>();
        drivers.add(new GemmDriver(active));
        providers().forEach(p -> {
            BlockSizes s = p.blockSizes();
            // Also split-depth chunks of one and two groups of 16 steps.
            drivers.add(new GemmDriver(p, s.withBlocks(3, s.transposedAPanel, s.nr).withThresholds(0, 1)
                    .withSplitChunk(16)));
            drivers.add(new GemmDriver(p, s.withBlocks(7, 2 * s.transposedAPanel, 2 * s.nr).withThresholds(0, 1)
                    .withSplitChunk(32)));
            drivers.add(new GemmDriver(p, s.withThresholds(0, 1)));
            // Every product on the direct path (one thread: the direct path never splits a call).
            drivers.add(new GemmDriver(p, s.withThresholds(Long.MAX_VALUE, Long.MAX_VALUE)));
        });
        int[][] shapes = {{1, 1, 1}, {13, 37, 29}, {41, 9, 64}, {67, 45, 19}, {8, 100, 3}, {30, 16, 50}, {17, 50, 33},
            {48, 96, 40}, {9, 48, 7},
            // Depths around the direct path's chunk (DirectKernel.DIRECT_ROW_STRIDE, 256), whole and last rows.
            {16, 64, 255}, {8, 48, 256}, {13, 40, 257}, {19, 33, 530},
            // The last whole tile and a half as one wide tile: in place (48, 80), from the row block (144, 176).
            {16, 48, 33}, {17, 80, 300}, {17, 144, 300}, {24, 176, 29},
            // Under the split-depth rule (A as stored): one, three and ten columns, a tail of steps, last rows.
            {9, 1, 200}, {21, 3, 150}, {19, 10, 333},
            // Transposed B on the direct path: copied into rows up to GemmDriver.DIRECT_TRANSPOSED_B floats, packed
            // past it (k * n = 131,072 and 140,000).
            {3, 512, 256}, {3, 700, 200},
            // The wide direct tiles (6 and 4 rows by 4 vectors with 32 registers and 512-bit vectors): whole, short
            // rows only, 8 rows as two short tiles, rows and columns left over, one depth step.
            {64, 64, 64}, {5, 64, 9}, {62, 65, 17}, {23, 191, 1}, {8, 128, 33},
            // Their strips of three and two vectors after the strips of four (n = 112, 160), and none (n = 100).
            {13, 112, 5}, {30, 160, 7}, {10, 100, 12}};
        float[][] alphaBeta = {{1f, 0f}, {1f, 1f}, {0.75f, -0.5f}};
        for (int[] sh : shapes) {
            int m = sh[0];
            int n = sh[1];
            int k = sh[2];
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    for (float[] ab : alphaBeta) {
                        float[] a = Reference.random(rnd, m * k, 1f);
                        float[] b = Reference.random(rnd, k * n, 1f);
                        float[] c0 = Reference.random(rnd, m * n, 1f);
                        float[] expected = null;
                        for (GemmDriver d : drivers) {
                            float[] c = c0.clone();
                            d.sgemm(transA, transB, m, n, k, ab[0], a, 0, transA ? m : k, b, 0, transB ? k : n, ab[1],
                                    c, 0, n, null);
                            if (expected == null) {
                                expected = c;
                            } else {
                                assertArrayEquals(expected, c, d.sizes() + " transA=" + transA + " transB=" + transB
                                        + " " + Arrays.toString(sh) + " alpha/beta " + Arrays.toString(ab));
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The same digest of fixed products on every path CI runs (this JVM's vector width, -XX:UseAVX=2, the scalar
     * fallback, JDK 17 and 25): a path whose bits differ fails here. The value is the one every path gives.
     */
    @Test
    void digestOfFixedProductsIsTheSameOnEveryPath() {
        long digest = 0;
        SplittableRandom rnd = new SplittableRandom(5);
        // The split-depth rule takes NN and NT of 256x10x512 and 67x3x533 (a tail of steps, last rows); 67x11x533 is
        // one column too wide for it.
        int[][] shapes = {{64, 64, 64}, {70, 33, 1100}, {256, 10, 512}, {129, 200, 77}, {5, 3, 2}, {67, 3, 533},
            {67, 11, 533}};
        for (int[] sh : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    int m = sh[0];
                    int n = sh[1];
                    int k = sh[2];
                    float[] a = Reference.random(rnd, m * k, 1f);
                    float[] b = Reference.random(rnd, k * n, 1f);
                    float[] c = Reference.random(rnd, m * n, 1f);
                    Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0.5f, c, 0, n);
                    for (float v : c) {
                        digest = digest * 31 + Float.floatToRawIntBits(v);
                    }
                }
            }
        }
        assertEquals(EXPECTED_DIGEST, digest, "GEMM bits differ from the other paths on " + Lanes.describe());
    }

    /** {@link #digestOfFixedProductsIsTheSameOnEveryPath}'s value, the same on every path. */
    static final long EXPECTED_DIGEST = 7068999072361476506L;

    @Test
    void concurrentCallersGetCorrectResults() throws Exception {
        Lanes.setThreads(2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    for (int rep = 0; rep < 3; rep++) {
                        int m = 100 + rnd.nextInt(150);
                        checkOne(Gemm.driver(), rnd, rnd.nextBoolean(), rnd.nextBoolean(), m, 130, 140, 1f, 0.5f);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reportsTheImplementationInUse() {
        boolean moduleThere = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean forcedOff = "false".equals(System.getProperty("lanes.vector"));
        String expected = moduleThere && !forcedOff ? "vector" : "scalar";
        assertEquals(expected, Lanes.implementation());
        assertTrue(Lanes.vectorBitSize() >= 32);
        assertTrue(Lanes.describe().startsWith(expected));
    }

    @Test
    void rejectsInvalidArguments() {
        float[] a = new float[12];
        float[] b = new float[12];
        float[] c = new float[12];
        expect("m", () -> Gemm.sgemm(false, false, -1, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3));
        expect("n", () -> Gemm.sgemm(false, false, 3, -1, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3));
        expect("k", () -> Gemm.sgemm(false, false, 3, 3, -1, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3));
        expect("lda", () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 3, b, 0, 3, 0f, c, 0, 3));
        expect("lda", () -> Gemm.sgemm(true, false, 3, 3, 4, 1f, a, 0, 2, b, 0, 3, 0f, c, 0, 3));
        expect("ldb", () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 2, 0f, c, 0, 3));
        expect("ldb", () -> Gemm.sgemm(false, true, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3));
        expect("ldc", () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 2));
        expect("ldc", () -> Gemm.sgemm(false, false, 0, 0, 0, 1f, a, 0, 1, b, 0, 1, 0f, c, 0, 0));
        expect("AOffset", () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, -1, 4, b, 0, 3, 0f, c, 0, 3));
        expect("BOffset", () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, -2, 3, 0f, c, 0, 3));
        expect("COffset", () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, -3, 3));
        expect("A is too short", () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 1, 4, b, 0, 3, 0f, c, 0, 3));
        expect("B is too short", () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 1, 3, 0f, c, 0, 3));
        expect("C is too short", () -> Gemm.sgemm(false, false, 3, 4, 4, 1f, a, 0, 4, new float[16], 0, 4, 0f, c, 1, 4));
        expect("A must not be null", () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, null, 0, 4, b, 0, 3, 0f, c, 0, 3));
        expect("B must not be null", () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, null, 0, 3, 0f, c, 0, 3));
        expect("C must not be null", () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, null, 0, 3));
        // Sizes whose element count overflows int are caught, not wrapped around.
        expect("A is too short", () -> Gemm.sgemm(false, false, 70000, 1, 70000, 1f, a, 0, 70000, b, 0, 1, 0f, c, 0, 1));
        expect("threads", () -> Lanes.setThreads(0));
    }

    @Test
    void invalidCallWritesNothing() {
        float[] a = new float[12];
        float[] b = new float[12];
        float[] c = new float[12];
        Arrays.fill(c, 5f);
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 4, 4, 1f, a, 0, 4, new float[16], 0, 4, 0f, c, 1, 4));
        for (float v : c) {
            assertEquals(5f, v);
        }
        assertFalse(Float.isNaN(c[0]));
    }

    static void expect(String fragment, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should name " + fragment);
    }
}
