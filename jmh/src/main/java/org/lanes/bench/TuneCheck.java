package org.lanes.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.lanes.Lanes;
import org.lanes.internal.Providers;
import org.lanes.internal.config.Architecture;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.gemm.GemmDriver;
import org.lanes.internal.kernel.KernelProvider;
import org.lanes.internal.platform.Machine;
import org.lanes.internal.tune.Tuner;

/**
 * Whether the tuner finds a good configuration from nothing but the ISA. Run with {@code -Dlanes.arch=generic
 * -Dlanes.caches=default -Dlanes.wisdom=none} (what {@code jmh/tune-check.sh} does): Lanes then starts from the
 * ISA's tile and the default caches. The tuner runs from there within its budget; then the configuration it kept
 * runs against the best one Lanes knows for this CPU (its family's, on the caches detected without the overrides,
 * no wisdom), alternating block by block in this JVM, one thread and two. The ratio is the best-known time over the
 * tuned time: at or above 0.97 the tuner found what a person tuning this CPU found. A control pairs the best-known
 * sizes with themselves: how far its medians lie from 1 is the noise floor of the run.
 *
 * <p>Usage: {@code TuneCheck [--seconds 40] [--rounds 15] [--block-ms 60] [SHAPE...]} (SHAPE: {@code FORM:m:n:k}).
 */
public final class TuneCheck {
    private TuneCheck() {
    }

    public static void main(String[] args) throws InterruptedException {
        double seconds = 40;
        int rounds = 15;
        double blockMs = 60;
        List<String> shapes = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds":
                    seconds = Double.parseDouble(args[++i]);
                    break;
                case "--rounds":
                    rounds = Integer.parseInt(args[++i]);
                    break;
                case "--block-ms":
                    blockMs = Double.parseDouble(args[++i]);
                    break;
                default:
                    shapes.add(args[i]);
            }
        }
        if (shapes.isEmpty()) {
            shapes = List.of("NN:128:128:128", "NN:256:256:256", "NN:512:512:512", "NN:1024:1024:1024",
                    "NN:256:512:784", "TN:784:512:256", "NT:256:784:512", "NN:256:10:512");
        }
        KernelProvider p = Providers.active();
        Architecture start = p.architecture();
        Machine detected = Machine.detectedWithoutOverrides();
        String family = Architecture.family(detected, p.vectorBitSize());
        BlockSizes best = Architecture.build(family, detected, p.vectorBitSize()).gemm;
        System.out.println("# start: " + Lanes.describe());
        System.out.println("# best known: " + family + " (" + best + ", direct below " + best.smallProblem
                + ", at least " + best.minWorkPerThread + " per thread) on " + detected);
        if (best.mr != start.gemm.mr || best.nr != start.gemm.nr) {
            throw new IllegalStateException("the best-known tile " + best + " is not the start's " + start.gemm
                    + ": the check compares block sizes and thresholds for one kernel");
        }
        long t0 = System.nanoTime();
        Tuner.Result r = new Tuner(p, Machine.current(), line -> System.out.println("# tune: " + line))
                .tune(start, Duration.ofMillis((long) (seconds * 1000)), seconds < 20);
        System.out.printf(Locale.ROOT, "# tuned in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, r.summary);
        GemmDriver tuned = new GemmDriver(p, r.sizes);
        GemmDriver known = new GemmDriver(p, best);
        System.out.printf(Locale.ROOT, "# %d rounds, blocks of about %.0f ms; ratio = best-known time / tuned time%n",
                rounds, blockMs);
        System.out.println("| shape | threads | median ratio | min..max | tuned best GFLOP/s | best-known best GFLOP/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double[] logSum = new double[3];
        int[] count = new int[3];
        for (int threads : new int[] {1, 2}) {
            Lanes.setThreads(threads);
            for (String shape : shapes) {
                GemmShape s = new GemmShape(shape);
                double[] x = Pairing.pairs(() -> s.run(tuned, s.c), () -> s.run(known, s.c), rounds, blockMs);
                double flops = 2.0 * s.m * s.n * s.k;
                System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.2f..%.2f | %.1f | %.1f |%n", shape, threads, x[0],
                        x[1], x[2], flops / x[3], flops / x[4]);
                logSum[threads] += Math.log(x[0]);
                count[threads]++;
            }
        }
        System.out.printf(Locale.ROOT, "# geometric mean of the medians: one thread %.3f, two threads %.3f%n",
                Math.exp(logSum[1] / count[1]), Math.exp(logSum[2] / count[2]));
        // The control: the best-known sizes against themselves (two drivers, the same code). Its distance from 1 is
        // what the host's noise does to a median of this many pairs; a ratio above is no closer than that.
        GemmDriver again = new GemmDriver(p, best);
        for (int threads : new int[] {1, 2}) {
            Lanes.setThreads(threads);
            for (String shape : List.of("NN:128:128:128", "NN:512:512:512")) {
                GemmShape s = new GemmShape(shape);
                double[] x = Pairing.pairs(() -> s.run(again, s.c), () -> s.run(known, s.c), rounds, blockMs);
                System.out.printf(Locale.ROOT, "# control, best known against itself: %s on %d: %.3f (%.2f..%.2f)%n",
                        shape, threads, x[0], x[1], x[2]);
            }
        }
    }
}
