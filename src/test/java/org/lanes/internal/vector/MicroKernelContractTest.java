package org.lanes.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lanes.internal.Providers;
import org.lanes.internal.gemm.DirectKernel;
import org.lanes.internal.gemm.MicroKernel;
import org.lanes.internal.gemm.WideDirectKernel;
import org.lanes.internal.kernel.KernelProvider;

/**
 * The micro-kernel contract: every generated kernel, through every entry point of {@link MicroKernel} and
 * {@link DirectKernel}, and the wide direct tiles ({@link WideDirectKernel}), give bit for bit what a plain
 * reference kernel of the same rows and columns gives by the rounding rule of {@link MicroKernel} (start at
 * beta * C, or at 0 without reading C when beta is 0; then one FMA per depth step in order). C outside the tile
 * is never written. Skipped where the vector module is not added (the scalar fallback's run): the kernels cannot load.
 */
class MicroKernelContractTest {
    /** Lanes of the JVM's preferred vector, and the tile width; set once the vector module is known present. */
    private int v;
    private int nr;
    private static final int[] DEPTHS = {0, 1, 2, 7, 16, 31, 100, DirectKernel.DIRECT_ROW_STRIDE};
    private static final float[] BETAS = {0f, 1f, 0.5f, -2f};
    private static final float OUTSIDE = -7.25f;

    /** One way of reaching the kernel: the layout of A and B it reads, and the call. */
    private interface Entry {
        void call(Operands o, float beta, float[] c, int cOffset, int ldc);
    }

    /**
     * How A lies: a packed panel, rows where they lie (A as stored or transposed), A as stored, the direct path's
     * block of copied rows, or transposed.
     */
    private enum ALayout { PACKED, ROWS, STORED_ROWS, ROW_BLOCK, TRANSPOSED }

    /** A, B and where row r, step p of A and step p of B lie for one call. */
    private final class Operands {
        final int mr;
        final int kc;
        final float[] a;
        final int aOffset;
        final int aRow;
        final int aStep;
        final float[] b;
        final int bOffset;
        final int bStep;

        Operands(SplittableRandom rnd, int mr, int kc, ALayout layout, boolean packedB, int cols) {
            this.mr = mr;
            this.kc = kc;
            aOffset = rnd.nextInt(5);
            switch (layout) {
                case PACKED:
                    aRow = 1;
                    aStep = mr * (1 + rnd.nextInt(2)) + rnd.nextInt(3);
                    break;
                case ROWS:
                    // Rows where they lie, or (the same entry) A transposed where it lies.
                    aRow = rnd.nextBoolean() ? kc + rnd.nextInt(4) : 1;
                    aStep = aRow == 1 ? mr + rnd.nextInt(5) : 1;
                    break;
                case STORED_ROWS:
                    aRow = kc + rnd.nextInt(4);
                    aStep = 1;
                    break;
                case ROW_BLOCK:
                    aRow = DirectKernel.DIRECT_ROW_STRIDE;
                    aStep = 1;
                    break;
                default:
                    aRow = 1;
                    aStep = mr + rnd.nextInt(5);
                    break;
            }
            a = random(rnd, aOffset + (mr - 1) * aRow + Math.max(0, kc - 1) * aStep + 1);
            bOffset = rnd.nextInt(5);
            int width = Math.max(nr, cols);
            bStep = packedB ? nr : width + rnd.nextInt(6);
            b = random(rnd, bOffset + kc * bStep + width);
        }

        float a(int r, int p) {
            return a[aOffset + r * aRow + p * aStep];
        }

        float b(int p, int j) {
            return b[bOffset + p * bStep + j];
        }
    }

    @Test
    void generatedKernelsFollowTheRoundingRuleOnEveryEntry() {
        KernelProvider vector = Providers.vectorOrNull();
        Assumptions.assumeTrue(vector != null, "jdk.incubator.vector is not added: no vector kernel to check");
        v = vector.vectorBitSize() / 32;
        nr = 2 * v;
        for (MicroKernel kernel : new MicroKernel[] {new MicroKernel8x2V(), new MicroKernel6x2V(), new MicroKernel12x2V()}) {
            int mr = kernel.rows();
            check(kernel, "multiply", ALayout.PACKED, true, nr, (o, beta, c, off, ldc) ->
                    kernel.multiply(o.kc, o.a, o.aOffset, o.aStep, o.b, o.bOffset, beta, c, off, ldc));
            check(kernel, "multiplyHalf", ALayout.PACKED, true, v, (o, beta, c, off, ldc) ->
                    kernel.multiplyHalf(o.kc, o.a, o.aOffset, o.aStep, o.b, o.bOffset, beta, c, off, ldc));
            check(kernel, "multiplyDirect", ALayout.ROWS, false, nr, (o, beta, c, off, ldc) ->
                    ((DirectKernel) kernel).multiplyDirect(o.kc, o.a, o.aOffset, o.aRow, o.aStep, o.b, o.bOffset, o.bStep, beta, c, off, ldc));
            check(kernel, "multiplyDirectHalf", ALayout.ROWS, false, v, (o, beta, c, off, ldc) ->
                    ((DirectKernel) kernel).multiplyDirectHalf(o.kc, o.a, o.aOffset, o.aRow, o.aStep, o.b, o.bOffset, o.bStep, beta, c, off,
                            ldc));
            check(kernel, "multiplyDirectBlock", ALayout.ROW_BLOCK, false, nr, (o, beta, c, off, ldc) ->
                    ((DirectKernel) kernel).multiplyDirectBlock(o.kc, o.a, o.aOffset, o.b, o.bOffset, o.bStep, beta, c, off, ldc));
            check(kernel, "multiplyDirectBlockHalf", ALayout.ROW_BLOCK, false, v, (o, beta, c, off, ldc) ->
                    ((DirectKernel) kernel).multiplyDirectBlockHalf(o.kc, o.a, o.aOffset, o.b, o.bOffset, o.bStep, beta, c, off, ldc));
            check(kernel, "multiplyDirectTransposedA", ALayout.TRANSPOSED, false, nr, (o, beta, c, off, ldc) ->
                    ((DirectKernel) kernel).multiplyDirectTransposedA(o.kc, o.a, o.aOffset, o.aStep, o.b, o.bOffset, o.bStep, beta, c, off,
                            ldc));
            check(kernel, "multiplyDirectTransposedAHalf", ALayout.TRANSPOSED, false, v, (o, beta, c, off, ldc) ->
                    ((DirectKernel) kernel).multiplyDirectTransposedAHalf(o.kc, o.a, o.aOffset, o.aStep, o.b, o.bOffset, o.bStep, beta, c,
                            off, ldc));
            // The wide entries (a whole tile and a half as one): generated where the registers allow, else the
            // interface's default, which runs the two.
            check(kernel, "multiplyDirectWide", ALayout.ROWS, false, nr + v, (o, beta, c, off, ldc) ->
                    ((DirectKernel) kernel).multiplyDirectWide(o.kc, o.a, o.aOffset, o.aRow, o.aStep, o.b, o.bOffset, o.bStep, beta, c, off,
                            ldc));
            check(kernel, "multiplyDirectBlockWide", ALayout.ROW_BLOCK, false, nr + v, (o, beta, c, off, ldc) ->
                    ((DirectKernel) kernel).multiplyDirectBlockWide(o.kc, o.a, o.aOffset, o.b, o.bOffset, o.bStep, beta, c, off, ldc));
            check(kernel, "multiplyDirectTransposedAWide", ALayout.TRANSPOSED, false, nr + v, (o, beta, c, off,
                    ldc) -> ((DirectKernel) kernel).multiplyDirectTransposedAWide(o.kc, o.a, o.aOffset, o.aStep, o.b, o.bOffset, o.bStep,
                    beta, c, off, ldc));
            check(kernel, "multiplyPackingB", ALayout.PACKED, false, nr, (o, beta, c, off, ldc) -> {
                float[] bp = new float[o.kc * nr + 3];
                kernel.multiplyPackingB(o.kc, o.a, o.aOffset, o.aStep, o.b, o.bOffset, o.bStep, nr, bp, 3, beta, c, off,
                        ldc);
                for (int p = 0; p < o.kc; p++) {
                    for (int j = 0; j < nr; j++) {
                        assertEquals(Float.floatToRawIntBits(o.b(p, j)), Float.floatToRawIntBits(bp[3 + p * nr + j]),
                                "packed B step " + p + " column " + j + " of MR=" + mr);
                    }
                }
            });
        }
        WideDirectKernel wide = new WideDirectKernel6x4V();
        for (int vectors = 2; vectors <= wide.vectors(); vectors++) {
            int vs = vectors;
            check(wide.rows(), "wide multiply " + vs, ALayout.STORED_ROWS, false, vs * v, (o, beta, c, off, ldc) ->
                    wide.multiply(vs, o.kc, o.a, o.aOffset, o.aRow, o.b, o.bOffset, o.bStep, beta, c, off, ldc));
            check(wide.shortRows(), "wide multiplyShort " + vs, ALayout.STORED_ROWS, false, vs * v,
                    (o, beta, c, off, ldc) -> wide.multiplyShort(vs, o.kc, o.a, o.aOffset, o.aRow, o.b, o.bOffset,
                            o.bStep, beta, c, off, ldc));
        }
    }

    private void check(MicroKernel kernel, String entryName, ALayout layout, boolean packedB, int cols,
                       Entry entry) {
        check(kernel.rows(), entryName, layout, packedB, cols, entry);
    }

    private void check(int mr, String entryName, ALayout layout, boolean packedB, int cols, Entry entry) {
        SplittableRandom rnd = new SplittableRandom(entryName.hashCode() * 31L + mr);
        for (int kc : DEPTHS) {
            for (float beta : BETAS) {
                Operands o = new Operands(rnd, mr, kc, layout, packedB, cols);
                int ldc = Math.max(nr, cols) + rnd.nextInt(4);
                int cOffset = rnd.nextInt(5);
                float[] c = new float[cOffset + mr * ldc + 2];
                Arrays.fill(c, OUTSIDE);
                for (int r = 0; r < mr; r++) {
                    for (int j = 0; j < cols; j++) {
                        c[cOffset + r * ldc + j] = beta == 0f ? Float.NaN : (float) (rnd.nextDouble() * 2 - 1);
                    }
                }
                float[] expected = c.clone();
                for (int r = 0; r < mr; r++) {
                    for (int j = 0; j < cols; j++) {
                        int at = cOffset + r * ldc + j;
                        float acc = beta == 0f ? 0f : beta * expected[at];
                        for (int p = 0; p < kc; p++) {
                            acc = Math.fma(o.a(r, p), o.b(p, j), acc);
                        }
                        expected[at] = acc;
                    }
                }
                entry.call(o, beta, c, cOffset, ldc);
                assertArrayEquals(expected, c, entryName + " of the " + mr + " x " + nr + " kernel, kc=" + kc
                        + " beta=" + beta + " (bits, and nothing written outside the tile)");
            }
        }
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
