package org.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Lanes#warmUp}: the warm-up ends within its deadline on the vector kernels, and the argument is checked. */
class WarmUpTest {
    @Test
    void theWarmUpEndsWithinItsDeadline() throws InterruptedException {
        boolean vector = Lanes.vectorBitSize() > 32;
        assertEquals(vector, Lanes.warmUp(Duration.ofSeconds(120)), "the warm-up's end on the " + Lanes.implementation()
                + " kernels");
        assertEquals(vector, Lanes.warmUp(Duration.ZERO), "a finished warm-up must stay finished");
    }

    @Test
    void aMissingOrNegativeTimeoutIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lanes.warmUp(null));
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lanes.warmUp(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
    }
}
