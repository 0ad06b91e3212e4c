package org.lanes.internal.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a call's rows are cut into the units that threads take (docs/decisions/thread-units.md). */
class GemmCallTest {
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
}
