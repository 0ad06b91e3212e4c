package org.lanes.internal.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lanes.internal.Providers;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.kernel.KernelProvider;

/** How a call's rows are cut into the units that threads take (docs/decisions/thread-units.md). */
class GemmCallTest {
    static {
        // The kernels are chosen first, as in an application, so that packing builds their panel widths in
        // (gemm.PanelWidths) whichever test runs first in this JVM.
        Providers.active();
    }

    private static final int[] ROWS = {1, 5, 6, 7, 8, 9, 31, 64, 97, 120, 121, 256, 257, 784, 1000, 1023, 1024, 1025,
        2048, 4099};
    private static final int[] PANELS = {1, 4, 6, 8, 16};
    private static final int[] MC = {6, 48, 112, 120, 240};

    @Test
    void chunksCoverTheRowsInWholePanelsThatDifferByOnePanelAtMost() {
        for (int m : ROWS) {
            for (int panel : PANELS) {
                for (int mc : MC) {
                    if (mc % panel != 0) {
                        continue;
                    }
                    int mBlocks = GemmDriver.ceilDiv(m, mc);
                    for (int parts = 1; parts <= 4; parts++) {
                        for (int perPart : new int[] {1, 4}) {
                            check(m, panel, mc, mBlocks, parts, perPart);
                        }
                    }
                }
            }
        }
    }

    private static void check(int m, int panel, int mc, int mBlocks, int parts, int perPart) {
        String where = "m=" + m + " panel=" + panel + " mc=" + mc + " parts=" + parts + " perPart=" + perPart;
        int chunks = GemmCall.rowChunks(m, panel, mBlocks, parts, perPart);
        int panels = GemmDriver.ceilDiv(m, panel);
        assertTrue(chunks >= 1 && chunks <= panels, where + ": " + chunks + " chunks");
        if (parts == 1) {
            assertEquals(mBlocks, chunks, where);
        } else if (panels >= GemmDriver.roundUp(Math.max(mBlocks, perPart * parts), parts)) {
            assertEquals(0, chunks % parts, where + ": " + chunks + " chunks");
        }
        assertEquals(0, GemmCall.rowStart(m, panel, chunks, 0), where);
        assertEquals(m, GemmCall.rowStart(m, panel, chunks, chunks), where);
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int r = 0; r < chunks; r++) {
            int from = GemmCall.rowStart(m, panel, chunks, r);
            int to = GemmCall.rowStart(m, panel, chunks, r + 1);
            assertEquals(0, from % panel, where + ": chunk " + r + " starts at " + from);
            assertTrue(to > from, where + ": chunk " + r + " is empty");
            // Each chunk fits the A block the workspace holds (MC rows).
            assertTrue(to - from <= mc, where + ": chunk " + r + " has " + (to - from) + " rows");
            int chunkPanels = GemmDriver.ceilDiv(to - from, panel);
            smallest = Math.min(smallest, chunkPanels);
            largest = Math.max(largest, chunkPanels);
        }
        assertTrue(largest - smallest <= 1, where + ": chunks of " + smallest + " to " + largest + " panels");
    }

    /**
     * Part 0 alone finishes a call cut for several parts, through several depth and column phases: every piece of
     * work, B's packing included, is claimed from shared counters, so the pool may leave out a worker that has not
     * started (a descheduled core then costs nothing). A part that starts after part 0 finished finds nothing left
     * and changes nothing. The bits equal those of the one-part call, within a double-precision bound of the
     * product.
     */
    @Test
    @Timeout(120)
    void partZeroAloneFinishesACallCutForSeveralParts() {
        for (KernelProvider p : new KernelProvider[] {Providers.scalar(), Providers.vectorOrNull()}) {
            if (p == null) {
                continue;
            }
            BlockSizes s = p.blockSizes();
            GemmDriver d = new GemmDriver(p, s.withBlocks(2 * s.mr + 1, s.transposedAPanel * 2, 2 * s.nr)
                    .withThresholds(0, 1));
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    int m = 5 * s.mr + 3;
                    int n = 5 * s.nr + 7;
                    int k = 3 * (2 * s.mr + 1) + 2;
                    float[] a = data(m * k, 1);
                    float[] b = data(k * n, 2);
                    int lda = transA ? m : k;
                    int ldb = transB ? k : n;
                    float[] one = run(d, transA, transB, m, n, k, a, lda, b, ldb, 1, false);
                    float[] alone = run(d, transA, transB, m, n, k, a, lda, b, ldb, 3, false);
                    float[] late = run(d, transA, transB, m, n, k, a, lda, b, ldb, 3, true);
                    String where = p.name() + " trans " + transA + "/" + transB;
                    assertArrayEquals(one, alone, where + ": part 0 alone");
                    assertArrayEquals(one, late, where + ": a late part");
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double ref = 0;
                            double abs = 0;
                            for (int q = 0; q < k; q++) {
                                double x = transA ? a[q * lda + i] : a[i * lda + q];
                                double y = transB ? b[j * ldb + q] : b[q * ldb + j];
                                ref += x * y;
                                abs += Math.abs(x * y);
                            }
                            double bound = 2 * k * Math.ulp(1f) * abs;
                            assertTrue(Math.abs(one[i * n + j] - ref) <= bound, where + " at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    /** C = op(A) op(B) by part 0 only of {@code parts}, then (when {@code late}) the other parts after it. */
    private static float[] run(GemmDriver d, boolean transA, boolean transB, int m, int n, int k, float[] a, int lda,
                               float[] b, int ldb, int parts, boolean late) {
        float[] c = new float[m * n];
        GemmCall call = new GemmCall(d, new float[GemmDriver.packedBSize(d.sizes)]);
        GemmArgs args = new GemmArgs(null).set(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n, null);
        call.set(args, false, false, parts);
        assertTrue(call.partsOptional());
        call.run(0, parts);
        if (late) {
            float[] before = c.clone();
            for (int part = 1; part < parts; part++) {
                call.run(part, parts);
            }
            assertArrayEquals(before, c, "a late part wrote to C");
        }
        call.clear();
        return c;
    }

    private static float[] data(int size, int seed) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = ((i * 31 + seed * 17) % 23) * 0.125f - 1.375f;
        }
        return v;
    }
}
