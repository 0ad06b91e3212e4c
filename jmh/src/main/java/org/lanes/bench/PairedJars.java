package org.lanes.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Two builds of Lanes in one JVM, each in a class loader of its own, multiplying the same matrices in blocks that
 * alternate (which goes first alternates too): the way to tell whether a code change made GEMM faster on a host
 * whose speed drifts from minute to minute. Reported per shape: the median of the per-pair ratios (the first
 * jar's time over the second's, above 1 when the second is faster) and each side's best GFLOP/s.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar org.lanes.bench.PairedJars
 * FIRST.jar SECOND.jar [--threads N] [--rounds 15] [--block-ms 60] [--other-shapes] SHAPE...} ({@code jmh/paired-jars.sh} builds a
 * jar of a commit and runs it against the working tree's).
 */
public final class PairedJars {
    private PairedJars() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 3) {
            System.err.println("usage: PairedJars FIRST.jar SECOND.jar [--threads N] [--rounds R] [--block-ms MS] SHAPE...");
            System.exit(2);
        }
        PairedOptions o = PairedOptions.parse(args, 2);
        int threads = o.threads[0];
        int rounds = o.rounds;
        double blockMs = o.blockMs;
        if (o.otherShapes) {
            OtherShapes.run();
            System.out.println("# other vector shapes (64 and 128 bits) ran first");
        }
        MethodHandle first = load(args[0], threads);
        MethodHandle second = load(args[1], threads);
        System.out.printf(Locale.ROOT, "# first: %s%n# second: %s%n# %d threads, %d rounds, blocks of about %.0f ms;"
                + " ratio = first's time / second's time%n", args[0], args[1], threads, rounds, blockMs);
        System.out.println("| shape | median ratio | min..max | first best GFLOP/s | second best GFLOP/s |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (String name : o.shapes) {
            GemmShape s = new GemmShape(name);
            Runnable a = call(first, s);
            Runnable b = call(second, s);
            double[] r = PairedGemm.pairs(b, a, rounds, blockMs);
            double flops = 2.0 * s.m * s.n * s.k;
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.2f..%.2f | %.1f | %.1f |%n", name, r[0], r[1], r[2],
                    flops / r[4], flops / r[3]);
        }
    }

    /** {@code Gemm.sgemm} of the jar at {@code path}, in a loader of its own, with its pool set to {@code threads}. */
    private static MethodHandle load(String path, int threads) throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[] {Path.of(path).toUri().toURL()},
                PairedJars.class.getClassLoader().getParent());
        loader.loadClass("org.lanes.Lanes").getMethod("setThreads", int.class).invoke(null, threads);
        Class<?> gemm = loader.loadClass("org.lanes.Gemm");
        return MethodHandles.publicLookup().findStatic(gemm, "sgemm", MethodType.methodType(void.class, boolean.class,
                boolean.class, int.class, int.class, int.class, float.class, float[].class, int.class, int.class,
                float[].class, int.class, int.class, float.class, float[].class, int.class, int.class));
    }

    private static Runnable call(MethodHandle sgemm, GemmShape s) {
        return () -> {
            try {
                sgemm.invokeExact(s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, 0, s.lda(), s.b, 0, s.ldb(), 0f, s.c, 0,
                        s.n);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
