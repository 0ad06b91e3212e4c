package org.lanes.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lanes.internal.Providers;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.gemm.GemmDriver;
import org.lanes.internal.gemm.GemmKernels;
import org.lanes.internal.kernel.KernelProvider;

/**
 * Every micro-tile height the tuner may choose ({@code GemmKernels.tileHeights}) gives the default configuration's
 * bits: each form, beta 0 and not, edge tiles, offsets and leading dimensions, with the family's blocks and with
 * tiny ones that force several depth, row and column blocks through the packed path.
 */
class TileHeightsTest {
    @Test
    void everyHeightGivesTheDefaultBits() {
        KernelProvider p = Providers.vectorOrNull();
        Assumptions.assumeTrue(p != null, "the vector kernels are not available in this JVM");
        BlockSizes base = p.blockSizes();
        int[][] shapes = {{1, 1, 1}, {13, 37, 29}, {40, 2 * base.nr + 5, 130}, {101, 70, 300}, {25, 3 * base.nr, 64}};
        SplittableRandom rnd = new SplittableRandom(17);
        GemmDriver reference = new GemmDriver(p);
        for (int h : p.tileHeights()) {
            BlockSizes tile = h == base.mr ? base : base.withTile(h, h);
            BlockSizes[] variants = {tile, tile.withThresholds(0, Long.MAX_VALUE),
                tile.withBlocks(7, 2 * h, 2 * base.nr).withThresholds(0, Long.MAX_VALUE)};
            for (BlockSizes s : variants) {
                GemmKernels kernels = p.withBlockSizes(s);
                assertEquals(h, kernels.microKernel().rows());
                GemmDriver d = new GemmDriver(kernels, s);
                for (int[] shape : shapes) {
                    for (int form = 0; form < 4; form++) {
                        for (float beta : new float[] {0f, 0.5f}) {
                            compare(reference, d, rnd, form >= 2, form % 2 == 1, shape[0], shape[1], shape[2], beta,
                                    "MR " + h + " " + s);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aHeightWithoutAKernelIsRefused() {
        KernelProvider p = Providers.vectorOrNull();
        Assumptions.assumeTrue(p != null, "the vector kernels are not available in this JVM");
        BlockSizes odd = p.blockSizes().withTile(5, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.withBlockSizes(odd));
        assertTrue(e.getMessage().contains("no 5-row micro-kernel"), e.getMessage());
    }

    private static void compare(GemmDriver reference, GemmDriver d, SplittableRandom rnd, boolean transA,
                                boolean transB, int m, int n, int k, float beta, String what) {
        int lda = (transA ? m : k) + 2;
        int ldb = (transB ? k : n) + 3;
        int ldc = n + 1;
        float[] a = random(rnd, 3 + (transA ? k : m) * lda);
        float[] b = random(rnd, 5 + (transB ? n : k) * ldb);
        float[] c0 = random(rnd, 7 + m * ldc);
        float[] c1 = c0.clone();
        reference.sgemm(transA, transB, m, n, k, 0.75f, a, 3, lda, b, 5, ldb, beta, c0, 7, ldc, null);
        d.sgemm(transA, transB, m, n, k, 0.75f, a, 3, lda, b, 5, ldb, beta, c1, 7, ldc, null);
        for (int i = 0; i < c0.length; i++) {
            assertEquals(Float.floatToRawIntBits(c0[i]), Float.floatToRawIntBits(c1[i]), what + (transA ? " T" : " N")
                    + (transB ? "T " : "N ") + m + "x" + n + "x" + k + " beta " + beta + " at " + i);
        }
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        return v;
    }
}
