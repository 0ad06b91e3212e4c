package org.lanes.internal.kernel;

/** A measurement of the core's arithmetic peak, for {@code lanes bench}; no kernel of the library uses it. */
public interface PeakProbe {
    /**
     * Twelve independent chains of {@code acc = acc * x + 1e-7} fused multiply-adds, {@code iterations} steps each,
     * on full registers: a probe of the core's FMA peak ({@code 24 * lanes} flops per iteration, where
     * {@code lanes = vectorBitSize() / 32}). Returns the sum of the chains so that the work cannot be removed.
     */
    float fmaChains(int iterations, float x);
}
