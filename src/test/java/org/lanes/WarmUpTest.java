package org.lanes;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Lanes#awaitWarmUp}: it ends (the warm-up has a deadline, and the scalar kernels have none) and checks its argument. */
class WarmUpTest {
    @Test
    void theWarmUpEndsWithinItsDeadline() throws InterruptedException {
        assertTrue(Lanes.awaitWarmUp(Duration.ofSeconds(120)), "the warm-up did not end within 120 s");
        assertTrue(Lanes.awaitWarmUp(Duration.ZERO), "a finished warm-up must stay finished");
    }

    @Test
    void aMissingOrNegativeTimeoutIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lanes.awaitWarmUp(null));
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lanes.awaitWarmUp(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
    }
}
