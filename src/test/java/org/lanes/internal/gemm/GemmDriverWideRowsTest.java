package org.lanes.internal.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The rows the direct path's wide tiles cover ({@link GemmDriver#wideRows}): tall tiles, then short ones, so that
 * fewer rows than a short tile are left to the other tiles, and 8 rows go as two short tiles rather than one tall
 * tile and 2 left over.
 */
class GemmDriverWideRowsTest {
    @Test
    void coversAllButFewerThanAShortTileWithTallTilesFirst() {
        int tall = 6;
        int shorter = 4;
        for (int m = 0; m <= 200; m++) {
            int covered = GemmDriver.wideRows(m, tall, shorter);
            assertTrue(covered <= m && m - covered < shorter, "m=" + m + " covered " + covered);
            // The same cut as the driver's strip loop: tall while more than two short tiles' rows are left.
            int tallRows = 0;
            while (covered - tallRows >= tall && covered - tallRows != 2 * shorter) {
                tallRows += tall;
            }
            assertEquals(0, (covered - tallRows) % shorter, "m=" + m + ": short tiles after " + tallRows);
            assertTrue((covered - tallRows) / shorter <= 2, "m=" + m + ": at most two short tiles");
        }
        assertEquals(64, GemmDriver.wideRows(64, tall, shorter));
        assertEquals(8, GemmDriver.wideRows(8, tall, shorter));
        assertEquals(60, GemmDriver.wideRows(63, tall, shorter));
        assertEquals(0, GemmDriver.wideRows(3, tall, shorter));
    }
}
