package org.lanes.bench;

import java.util.Locale;

/**
 * How much of each core this host gives a busy thread: N threads each read the clock in a tight loop for a few
 * seconds and count the gaps (two readings more than 20 µs apart: the thread was not running). Run it before a
 * two-thread measurement on a shared or virtual host: a two-thread figure means something only when both
 * threads lose little of their time. On the Zen 5 host of docs/performance/zen5.md two busy threads lost 1–3 %
 * each on a quiet host, and 12 % each while a monitoring loop on the same host started short processes every two
 * seconds; one thread lost about 1 % either way (the loop then ran on the other core).
 *
 * <p>Usage: {@code java -cp jmh/target/benchmarks.jar org.lanes.bench.CoreGaps [THREADS (2)] [SECONDS (5)]}.
 */
public final class CoreGaps {
    /** Gap bounds in nanoseconds, the lower edge of each bucket after the first. */
    private static final long[] EDGES = {20_000, 100_000, 1_000_000, 3_000_000};

    private CoreGaps() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        if (threads < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("usage: CoreGaps [THREADS >= 1] [SECONDS > 0]");
        }
        String[] lines = new String[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> lines[id] = watch(id, seconds), "gaps-" + t);
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        System.out.printf(Locale.ROOT, "# %d busy threads for %.1f s, %d CPUs available%n", threads, seconds,
                Runtime.getRuntime().availableProcessors());
        for (String line : lines) {
            System.out.println(line);
        }
    }

    private static String watch(int id, double seconds) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long last = start;
        long[] counts = new long[EDGES.length];
        long lost = 0;
        long longest = 0;
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            long gap = now - last;
            last = now;
            if (gap > EDGES[0]) {
                lost += gap;
                longest = Math.max(longest, gap);
                for (int b = EDGES.length - 1; b >= 0; b--) {
                    if (gap > EDGES[b]) {
                        counts[b]++;
                        break;
                    }
                }
            }
        }
        double total = (last - start) / 1e6;
        return String.format(Locale.ROOT, "thread %d: lost %.1f ms of %.0f (%.1f %%); gaps 20-100 us %d, "
                        + "0.1-1 ms %d, 1-3 ms %d, over 3 ms %d; longest %.2f ms", id, lost / 1e6, total,
                100 * lost / 1e6 / total, counts[0], counts[1], counts[2], counts[3], longest / 1e6);
    }
}
