package org.lanes.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The distribution of single-call latency of two builds of Lanes in one JVM (one class loader each): NN n³ calls
 * in blocks of 300 that alternate between the builds (which goes first alternates too), every call's time kept.
 * With {@code hog}, a thread of the same process spins 3 ms in every 10, as another library's idle threads do.
 * Reports each build's median, 90th and 99th percentile and maximum: the small two-thread calls whose outliers the
 * median hides (docs/decisions/thread-units.md).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -Dlanes.threads=2 -cp jmh/target/benchmarks.jar
 * org.lanes.bench.PairedLatency FIRST.jar SECOND.jar N ROUNDS [hog]}.
 */
public final class PairedLatency {
    private static final int BLOCK = 300;
    private static volatile long sink;

    private PairedLatency() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: PairedLatency FIRST.jar SECOND.jar N ROUNDS [hog]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        boolean hog = args.length > 4 && args[4].equals("hog");
        Method[] gemm = new Method[2];
        for (int i = 0; i < 2; i++) {
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[i]).toUri().toURL()},
                    PairedLatency.class.getClassLoader().getParent());
            gemm[i] = loader.loadClass("org.lanes.Gemm").getMethod("sgemm", int.class, int.class, int.class,
                    float[].class, float[].class, float[].class);
        }
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        Arrays.fill(a, 0.5f);
        Arrays.fill(b, 0.25f);
        if (hog) {
            Thread spinner = new Thread(PairedLatency::spin, "spinner");
            spinner.setDaemon(true);
            spinner.start();
        }
        for (int w = 0; w < 20_000; w++) {
            gemm[0].invoke(null, n, n, n, a, b, c);
            gemm[1].invoke(null, n, n, n, a, b, c);
        }
        long[][] times = new long[2][rounds * BLOCK];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int i = r % 2 == 0 ? k : 1 - k;
                for (int call = 0; call < BLOCK; call++) {
                    long t0 = System.nanoTime();
                    gemm[i].invoke(null, n, n, n, a, b, c);
                    times[i][r * BLOCK + call] = System.nanoTime() - t0;
                }
            }
        }
        for (int i = 0; i < 2; i++) {
            long[] t = times[i];
            Arrays.sort(t);
            int m = t.length;
            System.out.printf(Locale.ROOT, "%s NN %d³%s: median %.1f, 90th %.1f, 99th %.1f, max %.1f µs (%d calls)%n",
                    args[i], n, hog ? " with a spinning thread" : "", t[m / 2] / 1e3, t[m * 9 / 10] / 1e3,
                    t[m * 99 / 100] / 1e3, t[m - 1] / 1e3, m);
        }
    }

    private static void spin() {
        while (true) {
            long end = System.nanoTime() + 3_000_000;
            while (System.nanoTime() < end) {
                sink++;
            }
            try {
                Thread.sleep(7);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
