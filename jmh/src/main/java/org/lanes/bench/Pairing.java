package org.lanes.bench;

import java.util.Arrays;

/**
 * Two codes timed in blocks that alternate in one JVM (which goes first alternates too), each block after a 5 ms
 * pause: the comparison that holds on a host whose speed drifts from minute to minute. No dependency beyond the
 * JDK, so that the scripts that compile a benchmark against {@code target/classes} alone can use it.
 */
final class Pairing {
    private Pairing() {
    }

    /**
     * Blocks of {@code first} and {@code second} alternating after 2 s of warm-up: the median, smallest and largest
     * ratio of second's time to first's, then each side's best time per call in nanoseconds.
     */
    static double[] pairs(Runnable first, Runnable second, int rounds, double blockMs) throws InterruptedException {
        return pairs(() -> { }, first, () -> { }, second, rounds, blockMs);
    }

    /** {@link #pairs(Runnable, Runnable, int, double)}, with {@code beforeFirst} and {@code beforeSecond} run, untimed, before each block of their side. */
    static double[] pairs(Runnable beforeFirst, Runnable first, Runnable beforeSecond, Runnable second, int rounds,
                          double blockMs) throws InterruptedException {
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        double perCall = Double.MAX_VALUE;
        while (System.nanoTime() < warmEnd) {
            beforeFirst.run();
            perCall = Math.min(perCall, block(first, 1));
            beforeSecond.run();
            perCall = Math.min(perCall, block(second, 1));
        }
        int calls = (int) Math.max(1, Math.min(1_000_000, blockMs * 1e6 / perCall));
        double[] ratios = new double[rounds];
        double best1 = Double.MAX_VALUE;
        double best2 = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            double t1;
            double t2;
            if (r % 2 == 0) {
                t1 = timed(beforeFirst, first, calls);
                t2 = timed(beforeSecond, second, calls);
            } else {
                t2 = timed(beforeSecond, second, calls);
                t1 = timed(beforeFirst, first, calls);
            }
            ratios[r] = t2 / t1;
            best1 = Math.min(best1, t1);
            best2 = Math.min(best2, t2);
        }
        Arrays.sort(ratios);
        return new double[] {ratios[rounds / 2], ratios[0], ratios[rounds - 1], best1, best2};
    }

    /** A pause of 5 ms after {@code before}, then {@link #block}. */
    private static double timed(Runnable before, Runnable r, int calls) throws InterruptedException {
        before.run();
        Thread.sleep(5);
        return block(r, calls);
    }

    /** Nanoseconds per call over a block of {@code calls} calls. */
    private static double block(Runnable r, int calls) {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            r.run();
        }
        return (double) (System.nanoTime() - t0) / calls;
    }
}
