package org.lanes.internal.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the tuner weighs a candidate's products: the geometric mean, unless one product loses too much. */
class PairedScoreTest {
    @Test
    void oneProductMuchSlowerSinksTheCandidate() {
        assertEquals(0.56, PairedScore.combine(1.05, 0.56), "a 0.56x product is not bought by gains elsewhere");
        assertEquals(1.05, PairedScore.combine(1.05, 0.95), "within the bound the geometric mean decides");
        assertEquals(1.05, PairedScore.combine(1.05, PairedScore.WORST_PRODUCT));
        assertEquals(0.98, PairedScore.combine(0.98, 0.92));
    }
}
