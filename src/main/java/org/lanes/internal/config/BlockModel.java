package org.lanes.internal.config;

import org.lanes.internal.platform.Cache;

/**
 * Block sizes from cache geometry, by the analytical model of Low, Igual, Smith and Quintana-Orti ("Analytical
 * modeling is enough for high-performance BLIS", ACM TOMS 43(2), 2016). Floats are 4 bytes.
 *
 * <ul>
 * <li>KC: the macro-kernel keeps one B micro-panel (KC x NR) in L1 while the A micro-panels (MR x KC) stream
 * past it. With W1 ways, one way is left for C and the streams, and the rest is shared by A and B in the ratio
 * MR : NR, so A gets {@code C_A = floor((W1 - 1) / (1 + NR/MR))} ways and
 * {@code KC = C_A * sets1 * line / (MR * 4)}.</li>
 * <li>MC: the packed A block (MC x KC) stays in L2 in the ways the B micro-panel leaves:
 * {@code MC = (W2 - 1 - ceil(NR*KC*4 / way2)) * way2 / (KC * 4)}, at most half of L2 (C's tiles and the next B
 * micro-panel pass through it too).</li>
 * <li>NC: the packed B block (KC x NC) stays in this core's share of L3, at most half of it (the L3 of a
 * shared host holds other tenants' data too), and at most 4096 columns.</li>
 * </ul>
 */
public final class BlockModel {
    private BlockModel() {
    }

    /** KC for an MR x NR tile on this L1 data cache, rounded down to a multiple of 8 (at least 64). */
    public static int kc(Cache l1, int mr, int nr) {
        int waysForA = (int) Math.floor((l1.ways - 1) / (1.0 + (double) nr / mr));
        waysForA = Math.max(1, waysForA);
        long kc = waysForA * l1.wayBytes() / (mr * 4L);
        return (int) Math.max(64, kc / 8 * 8);
    }

    /** MC for this KC on this L2, a multiple of {@code panel}. */
    public static int mc(Cache l2, int kc, int nr, int panel) {
        long way = l2.wayBytes();
        long bWays = ceilDiv((long) nr * kc * 4, way);
        long ways = Math.max(1, l2.ways - 1 - bWays);
        long mc = Math.min(ways * way, l2.sizeBytes / 2) / (kc * 4L);
        return (int) Math.max(panel, mc / panel * panel);
    }

    /** NC for these KC and MC on this L3 (or on L2 when there is no L3), a multiple of {@code nr}. */
    public static int nc(Cache l3, int kc, int nr) {
        long share = l3.sizeBytes / Math.max(1, l3.sharedBy) / 2;
        long nc = Math.min(4096, share / (kc * 4L));
        return (int) Math.max(nr, nc / nr * nr);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
