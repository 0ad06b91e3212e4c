package org.lanes.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lanes.internal.Providers;

/**
 * The narrow kernel, called directly: every form gives the same bits, element for element, as the rounding rule's
 * FMA chain in step order from beta * C, computed here in scalar code, within the bound of a double-precision
 * product, and writes nothing outside C. Rows around the group sizes (4 and 8), 2V, 4V and 8V, every width up to
 * the packed step, A as stored and transposed, beta 0 and not, with offsets and leading dimensions wider than the
 * matrices.
 * Skipped where the vector module is not added.
 */
class NarrowGemmTest {
    @Test
    void everyFormGivesTheRoundingRulesBitsWithinTheDoubleBound() {
        Assumptions.assumeTrue(Providers.vectorOrNull() != null, "jdk.incubator.vector is not added");
        SplittableRandom rnd = new SplittableRandom(7);
        int width = NarrowGemm.WIDTH;
        // Up to and past the tall transposed groups: 4V rows (3 and 4 columns) and 8V (1 and 2).
        int[] rowCounts = {1, 3, 4, 5, 7, 8, 9, 13, 31, 32, 33, 47, 63, 64, 65, 97, 127, 128, 129, 161};
        int[] depths = {1, 2, 17, 64};
        for (boolean transA : new boolean[] {false, true}) {
            for (int rows : rowCounts) {
                for (int n = 1; n <= width; n++) {
                    for (int kc : depths) {
                        for (float beta : new float[] {0f, 0.5f}) {
                            check(rnd, transA, rows, n, kc, beta, width);
                        }
                    }
                }
            }
        }
    }

    private static void check(SplittableRandom rnd, boolean transA, int rows, int n, int kc, float beta, int width) {
        int lda = (transA ? rows : kc) + rnd.nextInt(3);
        int aOffset = rnd.nextInt(4);
        int ldc = n + rnd.nextInt(3);
        int cOffset = rnd.nextInt(4);
        float[] a = new float[aOffset + lda * (transA ? kc : rows)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        // The packed B: kc steps of `width` values, zero past n.
        float[] bp = new float[kc * width];
        for (int p = 0; p < kc; p++) {
            for (int j = 0; j < n; j++) {
                bp[p * width + j] = (float) (rnd.nextDouble() * 2 - 1);
            }
        }
        float[] c0 = new float[cOffset + ldc * rows];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        float[] got = c0.clone();
        float[] tmp = new float[20 * width];
        NarrowGemm.multiply(transA, rows, n, kc, a, aOffset, lda, bp, beta, got, cOffset, ldc, tmp);
        String where = (transA ? "T" : "N") + " rows=" + rows + " n=" + n + " kc=" + kc + " beta=" + beta;
        for (int i = 0; i < c0.length; i++) {
            int r = (i - cOffset) / ldc;
            int j = (i - cOffset) % ldc;
            boolean inside = i >= cOffset && j < n;
            if (!inside) {
                assertEquals(c0[i], got[i], "written outside C at " + i + ", " + where);
                continue;
            }
            // The rounding rule: one FMA per step, in step order, from beta * C (0 when beta is 0).
            float chain = beta == 0f ? 0f : beta * c0[i];
            double exact = beta == 0f ? 0 : (double) beta * c0[i];
            double magnitude = Math.abs(exact);
            for (int p = 0; p < kc; p++) {
                float av = transA ? a[aOffset + p * lda + r] : a[aOffset + r * lda + p];
                float bv = bp[p * width + j];
                chain = Math.fma(av, bv, chain);
                exact += (double) av * bv;
                magnitude += Math.abs((double) av * bv);
            }
            if (Float.floatToRawIntBits(chain) != Float.floatToRawIntBits(got[i])) {
                fail("C(" + r + "," + j + ") " + where + ": rule " + chain + ", kernel " + got[i]);
            }
            // kc + 1 roundings of at most 2^-24 of the running magnitude each.
            double bound = (kc + 1) * Math.ulp(1f) * magnitude + Float.MIN_NORMAL;
            assertTrue(Math.abs(got[i] - exact) <= bound, where + ": error " + Math.abs(got[i] - exact));
        }
    }
}
