package org.lanes.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lanes.internal.Providers;
import org.lanes.internal.kernel.KernelProvider;
import org.lanes.internal.scalar.ScalarProvider;

/**
 * The vector provider's panel copies against the scalar one, value for value: every run width around the vector
 * length, scaled and not, with and without zero fill, sources that end right after the last run (the vector
 * forms must not read past the array) and NaN between the runs (which must not reach the panel). Skipped where
 * the vector module is not added.
 */
class PanelCopyTest {
    private static final float UNTOUCHED = -3.5f;

    @Test
    void packRunsMatchesTheScalarCopyOnEveryWidth() {
        KernelProvider vector = Providers.vectorOrNull();
        Assumptions.assumeTrue(vector != null, "jdk.incubator.vector is not added: no vector copy to check");
        int v = vector.vectorBitSize() / 32;
        SplittableRandom rnd = new SplittableRandom(11);
        int[] lens = {0, 1, 2, 7, 33};
        for (int width = 1; width <= 3 * v + 1; width++) {
            for (int panel : new int[] {width, v, 2 * v, width + 3, 256}) {
                if (panel < width) {
                    continue;
                }
                for (int len : lens) {
                    for (float scale : new float[] {1f, -0.75f}) {
                        for (boolean zeroFill : new boolean[] {false, true}) {
                            int ld = width + rnd.nextInt(4);
                            int offset = rnd.nextInt(3);
                            // The array ends right after the last run; the gaps between runs hold NaN.
                            float[] src = new float[offset + Math.max(0, len - 1) * ld + width];
                            Arrays.fill(src, Float.NaN);
                            for (int p = 0; p < len; p++) {
                                for (int w = 0; w < width; w++) {
                                    src[offset + p * ld + w] = (float) (rnd.nextDouble() * 2 - 1);
                                }
                            }
                            int dstOffset = rnd.nextInt(3);
                            float[] want = new float[dstOffset + len * panel + 2];
                            Arrays.fill(want, UNTOUCHED);
                            float[] got = want.clone();
                            ScalarProvider.INSTANCE.packRuns(src, offset, ld, len, width, panel, scale, zeroFill, want,
                                    dstOffset);
                            vector.packRuns(src, offset, ld, len, width, panel, scale, zeroFill, got, dstOffset);
                            assertArrayEquals(want, got, "width " + width + " panel " + panel + " len " + len
                                    + " ld " + ld + " scale " + scale + " zeroFill " + zeroFill);
                        }
                    }
                }
            }
        }
    }
}
