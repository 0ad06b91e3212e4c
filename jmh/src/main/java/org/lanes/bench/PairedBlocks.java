package org.lanes.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lanes.Lanes;
import org.lanes.internal.Providers;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.gemm.GemmDriver;
import org.lanes.internal.kernel.KernelProvider;

/**
 * Block-size candidates against the configuration Lanes chose at start-up, alternating block by block in one JVM
 * (the method of {@link PairedGemm}): per shape, the median of the per-pair ratios (start-up time over candidate
 * time, above 1 when the candidate is faster) and each side's best GFLOP/s. Every candidate's result is checked
 * bitwise against the start-up configuration's.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp CLASSES org.lanes.bench.PairedBlocks [--threads N]
 * [--rounds 15] [--block-ms 60] --candidate KC:MC:NC [--candidate ...] SHAPE...} where SHAPE is {@code FORM:m:n:k};
 * with {@code --direct} instead of candidates, the direct path forced on against packing forced on, one thread.
 * It needs only the library's classes: {@code jmh/paired-blocks.sh} compiles and runs it against the working tree.
 */
public final class PairedBlocks {
    private PairedBlocks() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = 1;
        int rounds = 15;
        double blockMs = 60;
        boolean direct = false;
        List<int[]> candidates = new ArrayList<>();
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads":
                    threads = Integer.parseInt(args[++i]);
                    break;
                case "--rounds":
                    rounds = Integer.parseInt(args[++i]);
                    break;
                case "--block-ms":
                    blockMs = Double.parseDouble(args[++i]);
                    break;
                case "--direct":
                    direct = true;
                    break;
                case "--candidate":
                    candidates.add(Arrays.stream(args[++i].split(":")).mapToInt(Integer::parseInt).toArray());
                    break;
                default:
                    shapes.add(args[i]);
            }
        }
        if (direct) {
            direct(shapes, rounds, blockMs);
            return;
        }
        if (candidates.isEmpty() || shapes.isEmpty() || rounds < 1 || threads < 1) {
            throw new IllegalArgumentException("usage: PairedBlocks [--threads N] [--rounds R] [--block-ms MS] "
                    + "--candidate KC:MC:NC... FORM:m:n:k...");
        }
        Lanes.setThreads(threads);
        KernelProvider p = Providers.active();
        BlockSizes base = p.blockSizes();
        GemmDriver baseline = new GemmDriver(p, base);
        System.out.println("# Lanes: " + Lanes.describe());
        System.out.printf(Locale.ROOT, "# %d thread(s), %d rounds, blocks of about %.0f ms; ratio = start-up (KC %d, MC %d,"
                + " NC %d) time / candidate time%n", threads, rounds, blockMs, base.kc, base.mc, base.nc);
        System.out.println("| candidate KC:MC:NC | shape | median ratio | min..max | candidate best GFLOP/s | start-up best GFLOP/s |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (int[] c : candidates) {
            BlockSizes s = base.withBlocks(c[0], c[1], c[2]);
            GemmDriver cand = new GemmDriver(p, s);
            for (String shape : shapes) {
                GemmShape x = new GemmShape(shape);
                float[] c1 = new float[x.c.length];
                float[] c2 = new float[x.c.length];
                x.run(cand, c1);
                x.run(baseline, c2);
                if (!Arrays.equals(c1, c2)) {
                    throw new IllegalStateException("KC " + s.kc + " MC " + s.mc + " NC " + s.nc + " changed the bits of " + shape);
                }
                double[] r = Pairing.pairs(() -> x.run(cand, x.c), () -> x.run(baseline, x.c), rounds, blockMs);
                double flops = 2.0 * x.m * x.n * x.k;
                System.out.printf(Locale.ROOT, "| %d:%d:%d | %s | %.3f | %.2f..%.2f | %.1f | %.1f |%n", s.kc, s.mc, s.nc,
                        shape, r[0], r[1], r[2], flops / r[3], flops / r[4]);
            }
        }
    }

    /** The direct path forced on against packing forced on, one thread: ratio = packed time / direct time. */
    static void direct(List<String> shapes, int rounds, double blockMs) throws InterruptedException {
        Lanes.setThreads(1);
        KernelProvider p = Providers.active();
        BlockSizes s = p.blockSizes();
        GemmDriver direct = new GemmDriver(p, s.withThresholds(Long.MAX_VALUE, Long.MAX_VALUE));
        GemmDriver packed = new GemmDriver(p, s.withThresholds(0, Long.MAX_VALUE));
        System.out.println("# Lanes: " + Lanes.describe());
        System.out.printf(Locale.ROOT, "# one thread, %d rounds, blocks of about %.0f ms; speed-up = packed time / direct"
                + " time%n", rounds, blockMs);
        System.out.println("| shape | median speed-up | min..max | direct best GFLOP/s | packed best GFLOP/s |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (String shape : shapes) {
            GemmShape x = new GemmShape(shape);
            double[] r = Pairing.pairs(() -> x.run(direct, x.c), () -> x.run(packed, x.c), rounds, blockMs);
            double flops = 2.0 * x.m * x.n * x.k;
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.2f..%.2f | %.1f | %.1f |%n", shape, r[0], r[1], r[2],
                    flops / r[3], flops / r[4]);
        }
    }
}
