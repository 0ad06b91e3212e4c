package org.lanes.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import org.lanes.Lanes;
import org.lanes.internal.KernelProvider;
import org.lanes.internal.Providers;
import org.lanes.internal.config.Architecture;
import org.lanes.internal.config.Wisdom;
import org.lanes.internal.gemm.BlockSizes;
import org.lanes.internal.gemm.GemmDriver;
import org.lanes.internal.platform.Machine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures GEMM block-size candidates and the direct path's threshold on this machine and writes them as a
 * wisdom file that later runs read with {@code -Dlanes.wisdom=FILE}. Each candidate runs against the current
 * configuration in blocks that alternate on one thread, so the host's drift cancels; a candidate is kept only
 * when it beats the current sizes by more than the noise allowance. The threshold is where the direct path stops
 * beating packing on square products.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Measures GEMM block sizes (KC, MC, NC) and the direct path's threshold",
            "on this machine in under a minute and writes them to a wisdom file.",
            "Use it later with -Dlanes.wisdom=FILE",
            "(through the launcher: LANES_JAVA_OPTS=-Dlanes.wisdom=FILE)."})
final class TuneCommand implements Callable<Integer> {
    /** A candidate must beat the current sizes by this factor (geometric mean of the shapes' medians). */
    static final double NOISE = 1.02;
    /** Share of the time that goes to the direct path's threshold; the rest goes to the block sizes. */
    static final double DIRECT_SHARE = 0.25;
    /** Edges of the square products that place the direct path's threshold. */
    static final int[] DIRECT_EDGES = {32, 48, 64, 96, 128, 160, 192, 256};

    private final Main.Io io;

    @Option(names = "--out", paramLabel = "FILE", description = "Wisdom file to write (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("lanes-wisdom.properties");

    @Spec
    CommandSpec spec;

    double seconds = 40;

    @Option(names = "--seconds", paramLabel = "S", description = "Time to spend measuring (default: 40).")
    void setSeconds(double value) {
        Arguments.require(spec, value > 0 && value <= 3600, "--seconds must be in (0, 3600]", value);
        seconds = value;
    }

    @Option(names = "--quick", description = "Small shapes and three candidates (a few seconds; for trying it out).")
    boolean quick;

    TuneCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        KernelProvider provider = Providers.active();
        Architecture arch = provider.architecture();
        Machine machine = Machine.current();
        BlockSizes current = provider.blockSizes();
        Map<String, BlockSizes> candidates = candidates(current, Architecture.model(machine, current), quick);
        int[][] shapes = quick ? new int[][] {{96, 96, 96}, {64, 128, 200}}
                : new int[][] {{512, 512, 512}, {256, 512, 784}, {784, 512, 256}};
        io.out().println("lanes tune: " + Lanes.describe());
        io.out().printf("%d candidates against the current sizes, one thread, %d shapes, about %.0f s%n",
                candidates.size(), shapes.length, seconds);
        int threads = Lanes.threads();
        Lanes.setThreads(1);
        String bestName = "current";
        BlockSizes best = current;
        double bestScore = 1;
        long direct;
        try {
            GemmDriver baseline = new GemmDriver(provider, current);
            double perCandidate = seconds * (1 - DIRECT_SHARE) / Math.max(1, candidates.size());
            io.out().printf("%-10s %6s %6s %6s %12s%n", "candidate", "KC", "MC", "NC", "speed-up");
            for (Map.Entry<String, BlockSizes> c : candidates.entrySet()) {
                BlockSizes s = c.getValue();
                double score = score(new GemmDriver(provider, s), baseline, shapes, perCandidate);
                io.out().printf("%-10s %6d %6d %6d %11.3fx%n", c.getKey(), s.kc, s.mc, s.nc, score);
                if (score > bestScore) {
                    bestName = c.getKey();
                    best = s;
                    bestScore = score;
                }
            }
            if (bestScore < NOISE) {
                bestName = "current";
                best = current;
                bestScore = 1;
            }
            direct = directThreshold(provider, best, quick ? new int[] {32, 64} : DIRECT_EDGES,
                    seconds * DIRECT_SHARE);
        } finally {
            Lanes.setThreads(threads);
        }
        if (bestName.equals("current")) {
            io.out().printf("no candidate beat the current sizes by more than %.0f %%: keeping KC %d, MC %d, NC %d%n",
                    (NOISE - 1) * 100, best.kc, best.mc, best.nc);
        } else {
            io.out().printf("best: %s, KC %d, MC %d, NC %d, %.3fx the current sizes%n", bestName, best.kc, best.mc,
                    best.nc, bestScore);
        }
        io.out().printf("direct path below %d multiply-adds (about %.0f^3; it was %d)%n", direct, Math.cbrt(direct),
                current.smallProblem);
        new Wisdom(Wisdom.signature(machine, provider.vectorBitSize()), arch.name, best.kc, best.mc, best.nc, direct)
                .write(out, "lanes tune " + LocalDate.now() + ": " + bestName + ", " + String.format("%.3f", bestScore)
                        + "x the sizes it started from");
        io.out().println("wrote " + out + "; use it with -Dlanes.wisdom=" + out.toAbsolutePath());
        return 0;
    }

    /**
     * The direct path's threshold with these block sizes: just past the last square edge (increasing) before the
     * first at which the direct path, forced on, is slower than packing, forced on, in the NN or the TN form; past
     * the last edge when it never is. The one threshold serves both forms, so neither may lose under it: with
     * 256-bit vectors the mean of the two put it at 128^3 while NN alone ran 0.90x packing at 80^3
     * (docs/decisions/direct-path.md). Between the last edge that won and the first that lost nothing was
     * measured, so those sizes pack.
     */
    private long directThreshold(KernelProvider provider, BlockSizes sizes, int[] edges, double seconds) {
        GemmDriver direct = new GemmDriver(provider, sizes.withThresholds(Long.MAX_VALUE, Long.MAX_VALUE));
        GemmDriver packed = new GemmDriver(provider, sizes.withThresholds(0, Long.MAX_VALUE));
        io.out().printf("%-10s %10s %10s%n", "edge", "direct/packed NN", "TN");
        double perForm = seconds / edges.length / 2;
        return directThreshold(edges, edge -> {
            double nn = score(direct, packed, new int[][] {{edge, edge, edge}}, perForm);
            double tn = score(direct, packed, new int[][] {{edge, edge, edge, 1}}, perForm);
            io.out().printf("%-10d %15.3fx %9.3fx%n", edge, nn, tn);
            return Math.min(nn, tn) >= 1;
        });
    }

    /**
     * The threshold from the edges, tried in increasing order until the direct path first loses: one past the
     * cube of the last edge before it; the cube of the first edge when it loses there already.
     */
    static long directThreshold(int[] edges, IntPredicate directWins) {
        long threshold = (long) edges[0] * edges[0] * edges[0];
        for (int edge : edges) {
            if (!directWins.test(edge)) {
                return threshold;
            }
            threshold = (long) edge * edge * edge + 1;
        }
        return threshold;
    }

    /**
     * The sizes to try: the block model's, and deep and shallow depth blocks with the current and half and double
     * the current MC. Duplicates of the current sizes are left out.
     */
    static Map<String, BlockSizes> candidates(BlockSizes current, BlockSizes model, boolean quick) {
        Map<String, BlockSizes> out = new LinkedHashMap<>();
        List<BlockSizes> seen = new ArrayList<>(List.of(current));
        add(out, seen, "model", model);
        int[] kcs = quick ? new int[] {current.kc / 2} : new int[] {256, 512, 1024};
        int[] mcs = quick ? new int[] {current.mc} : new int[] {current.mc / 2, current.mc, current.mc * 2};
        for (int kc : kcs) {
            for (int mc : mcs) {
                BlockSizes s = current.withBlocks(kc, mc, current.nc);
                add(out, seen, "kc" + s.kc + "/mc" + s.mc, s);
            }
        }
        return out;
    }

    private static void add(Map<String, BlockSizes> out, List<BlockSizes> seen, String name, BlockSizes s) {
        for (BlockSizes t : seen) {
            if (t.kc == s.kc && t.mc == s.mc && t.nc == s.nc) {
                return;
            }
        }
        seen.add(s);
        out.put(name, s);
    }

    /**
     * Geometric mean over the shapes ({m, n, k}, or {m, n, k, 1} for A transposed) of the median speed-up (baseline time / candidate time) of blocks that
     * alternate, which goes first alternating too.
     */
    private static double score(GemmDriver candidate, GemmDriver baseline, int[][] shapes, double seconds) {
        double logSum = 0;
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            SplittableRandom rnd = new SplittableRandom(m * 31L + n);
            float[] a = BenchProbe.random(rnd, m * k);
            float[] b = BenchProbe.random(rnd, k * n);
            float[] c = new float[m * n];
            boolean transA = shape.length > 3 && shape[3] != 0;
            int lda = transA ? m : k;
            Runnable cand = () -> candidate.sgemm(transA, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, c, 0, n, null);
            Runnable base = () -> baseline.sgemm(transA, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, c, 0, n, null);
            long budget = (long) (seconds * 1e9 / shapes.length);
            long start = System.nanoTime();
            // Warm-up: both compiled and their buffers touched, and the block length from the timing.
            double perCall = Double.MAX_VALUE;
            for (int i = 0; i < 5 || System.nanoTime() - start < budget / 5; i++) {
                perCall = Math.min(perCall, time(cand, 1));
                perCall = Math.min(perCall, time(base, 1));
            }
            int calls = (int) Math.max(1, Math.min(10_000, 20e6 / perCall));
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < 3 || (System.nanoTime() - start < budget && r < 400); r++) {
                double tc;
                double tb;
                if (r % 2 == 0) {
                    tc = time(cand, calls);
                    tb = time(base, calls);
                } else {
                    tb = time(base, calls);
                    tc = time(cand, calls);
                }
                ratios.add(tb / tc);
            }
            double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            logSum += Math.log(sorted[sorted.length / 2]);
        }
        return Math.exp(logSum / shapes.length);
    }

    private static double time(Runnable r, int calls) {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            r.run();
        }
        return (double) (System.nanoTime() - t0) / calls;
    }
}
