package org.lanes.internal.tune;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.lanes.internal.config.Architecture;
import org.lanes.internal.config.BlockModel;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.gemm.GemmDriver;
import org.lanes.internal.kernel.KernelProvider;
import org.lanes.internal.platform.Cache;
import org.lanes.internal.platform.Machine;
import org.lanes.internal.threads.WorkerPool;

/**
 * Searches the configuration that the code exposes, within a time budget, starting from a family's sizes:
 * <ol>
 * <li>the block sizes, on one thread and on two: KC first (the model's for this machine's caches, 256, 512,
 * 1024 and twice the start), then MC for the KC kept (half, twice, and the model's for that KC), then NC
 * (half and twice);</li>
 * <li>the direct path's threshold, on one thread (the direct path runs on one only): square products of every
 * edge in the NN, TN and NT forms, the threshold past the edges whose gains over packing add up to the most;</li>
 * <li>the least work per thread, on two threads: a quarter, four times and sixteen times the start, on small
 * products where it decides whether a second thread joins;</li>
 * <li>how a call on two threads is cut when its rows fit one A block: column units (A packed once and shared,
 * each range of B's panels packed by the thread that takes it) against row chunks that share one packed B, on
 * the MLP's NN and NT products (a third of what is left);</li>
 * <li>the units per part of a call on two threads: half and twice the start ({@code --quick}: twice), on the
 * MLP's products, where it sets how evenly the threads finish against how often each packed B panel is reused.</li>
 * </ol>
 * Each candidate runs against the incumbent, alternating in this JVM ({@link PairedScore}); it replaces the
 * incumbent when it is faster by more than {@link #NOISE} in two measurements. None of these choices changes a result's bits (each
 * element is one FMA chain in k order, whatever the blocks, the path or the thread count), and every candidate is
 * checked for it before it is timed.
 */
public final class Tuner {
    /** The budget of {@code lanes tune} and {@code Lanes.tune()}. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(40);
    /** The budget of {@code lanes tune --quick} and of the command line's first run on a new CPU. */
    public static final Duration QUICK_BUDGET = Duration.ofSeconds(10);
    /** A candidate must beat the incumbent by this factor (geometric mean of the products' medians). */
    static final double NOISE = 1.02;
    /**
     * Shares of the budget: block sizes, the direct path's threshold, and (two threads only) the work per thread,
     * then the units per part in what is left.
     */
    static final double BLOCK_SHARE = 0.5;
    static final double DIRECT_SHARE = 0.2;
    static final double MIN_WORK_SHARE = 0.15;
    /** Share of the direct path's time that warms both paths up before the threshold is measured. */
    static final double WARM_SHARE = 0.3;
    /** Edges of the square products that place the direct path's threshold. */
    static final int[] DIRECT_EDGES = {32, 48, 64, 96, 128, 160, 192, 256};
    static final int[] QUICK_DIRECT_EDGES = {48, 96, 160, 256};

    private final KernelProvider provider;
    private final Machine machine;
    private final Consumer<String> log;
    private final boolean twoThreads;

    /**
     * A tuner for {@code provider}'s kernel on {@code machine}, reporting each measurement to {@code log}; it
     * measures two threads where the machine has two processors or more.
     */
    public Tuner(KernelProvider provider, Machine machine, Consumer<String> log) {
        this.provider = provider;
        this.machine = machine;
        this.log = log;
        this.twoThreads = Runtime.getRuntime().availableProcessors() >= 2;
    }

    /** What the search kept and how it compares with where it started (geometric means of paired medians). */
    public static final class Result {
        public final BlockSizes sizes;
        public final double speedUp;
        public final String summary;

        Result(BlockSizes sizes, double speedUp, String summary) {
            this.sizes = sizes;
            this.speedUp = speedUp;
            this.summary = summary;
        }
    }

    /**
     * Tunes from {@code start} within about {@code budget} ({@code quick}: smaller products and fewer candidates) and
     * returns the sizes kept. The thread count is restored afterwards.
     *
     * @throws IllegalArgumentException when the budget is not positive
     */
    public Result tune(Architecture start, Duration budget, boolean quick) {
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be a positive duration, got " + budget);
        }
        double seconds = budget.toMillis() / 1000.0;
        int threadsBefore = WorkerPool.shared().threads();
        try {
            double blockSeconds = seconds * (twoThreads ? BLOCK_SHARE : 1 - DIRECT_SHARE);
            BlockSizes s = blocks(start.gemm, blockSeconds, quick);
            long direct = directThreshold(s, quick ? QUICK_DIRECT_EDGES : DIRECT_EDGES, seconds * DIRECT_SHARE);
            s = s.withThresholds(direct, s.minWorkPerThread);
            if (twoThreads) {
                s = minWork(s, seconds * MIN_WORK_SHARE, quick);
                s = units(s, seconds * (1 - BLOCK_SHARE - DIRECT_SHARE - MIN_WORK_SHARE), quick);
            }
            double overall = PairedScore.score(driver(s), driver(start.gemm), blockProducts(true), Math.min(4, seconds / 10));
            String summary = String.format(Locale.ROOT, "MR %d, KC %d, MC %d, NC %d, direct below %d (about %.0f^3), "
                    + "at least %d per thread, %d units per part, %s: %.3fx the start on the block products", s.mr,
                    s.kc, s.mc, s.nc, s.smallProblem, Math.cbrt(s.smallProblem), s.minWorkPerThread, s.unitsPerPart,
                    split(s), overall);
            return new Result(s, overall, summary);
        } finally {
            WorkerPool.resize(threadsBefore);
        }
    }

    /** KC, then MC, then NC, each candidate against the incumbent on one and two threads. */
    private BlockSizes blocks(BlockSizes start, double seconds, boolean quick) {
        PairedScore.Product[] products = blockProducts(quick);
        Cache l2 = machine.cache(2) != null ? machine.cache(2) : Machine.defaultCaches().get(1);
        BlockSizes model = Architecture.model(machine, start);
        Set<Integer> kcs = new LinkedHashSet<>(quick ? List.of(model.kc, 1024, 256)
                : List.of(model.kc, 256, 512, 1024, start.kc * 2));
        int planned = kcs.size() + (quick ? 3 : 5) + provider.tileHeights().length - 1;
        double each = seconds / planned;
        log.accept(String.format(Locale.ROOT, "tile and block sizes: %d candidates on %s, %.1f s each", planned,
                describe(products), each));
        BlockSizes best = start;
        // The micro-tile first: each height the provider has, with the start's blocks (MC rounded to its panels).
        for (int mr : provider.tileHeights()) {
            if (mr != best.mr) {
                best = challenge(best, best.withTile(mr, mr), products, each);
            }
        }
        for (int kc : kcs) {
            // The A block keeps its bytes (MC x KC, sized for L2): a deeper KC takes fewer rows. With MC held, a
            // tune from the ISA alone on Zen 5 kept KC 512 / MC 512 (0.983 of the best known); with the bytes held
            // it kept KC 1024 / MC 64 (1.002; docs/decisions/self-tuning.md).
            int depth = Math.max(64, kc);
            best = challenge(best, best.withBlocks(depth, (int) ((long) best.mc * best.kc / depth), best.nc),
                    products, each);
        }
        int modelMc = BlockModel.mc(l2, best.kc, best.nr, best.transposedAPanel);
        for (int mc : new LinkedHashSet<>(List.of(best.mc / 2, best.mc * 2, modelMc))) {
            best = challenge(best, best.withBlocks(best.kc, mc, best.nc), products, each);
        }
        if (!quick) {
            for (int nc : List.of(best.nc / 2, best.nc * 2)) {
                best = challenge(best, best.withBlocks(best.kc, best.mc, nc), products, each);
            }
        }
        return best;
    }

    /** The candidate when it beats the incumbent by more than the noise, else the incumbent. */
    private BlockSizes challenge(BlockSizes incumbent, BlockSizes candidate, PairedScore.Product[] products,
                                 double seconds) {
        if (candidate.mr == incumbent.mr && candidate.kc == incumbent.kc && candidate.mc == incumbent.mc
                && candidate.nc == incumbent.nc
                && candidate.smallProblem == incumbent.smallProblem
                && candidate.minWorkPerThread == incumbent.minWorkPerThread
                && candidate.unitsPerPart == incumbent.unitsPerPart
                && candidate.columnUnits == incumbent.columnUnits) {
            return incumbent;
        }
        GemmDriver c = driver(candidate);
        GemmDriver i = driver(incumbent);
        double score = PairedScore.score(c, i, products, seconds);
        // A win is measured again before it counts: on a shared host one measurement can be a minute's luck.
        double again = score > NOISE ? PairedScore.score(c, i, products, seconds / 2) : Double.NaN;
        boolean kept = score > NOISE && again > NOISE;
        log.accept(String.format(Locale.ROOT, "  MR %2d KC %5d MC %5d NC %5d, at least %8d per thread, %2d units"
                + " per part, %s: %.3fx%s%s", candidate.mr, candidate.kc, candidate.mc, candidate.nc,
                candidate.minWorkPerThread, candidate.unitsPerPart, split(candidate), score,
                Double.isNaN(again) ? "" : String.format(Locale.ROOT, ", again %.3fx", again),
                score == 0 ? " (changed the bits: rejected)" : kept ? " (kept)" : ""));
        return kept ? candidate : incumbent;
    }

    /**
     * The direct path's threshold with these sizes: just past the last square edge (increasing) before the first
     * at which the direct path, forced on, is slower than packing, forced on, in the NN, TN or NT form; past the
     * last edge when it never is. The one threshold serves the three forms, so none may lose under it
     * (docs/decisions/direct-path.md).
     */
    private long directThreshold(BlockSizes sizes, int[] edges, double seconds) {
        GemmDriver direct = driver(sizes.withThresholds(Long.MAX_VALUE, Long.MAX_VALUE));
        GemmDriver packed = driver(sizes.withThresholds(0, Long.MAX_VALUE));
        warm(direct, packed, edges, seconds * WARM_SHARE);
        double each = seconds * (1 - WARM_SHARE) / edges.length;
        log.accept(String.format(Locale.ROOT, "direct path against packing, one thread, squares up to %d^3:",
                edges[edges.length - 1]));
        double[] gains = new double[edges.length];
        for (int i = 0; i < edges.length; i++) {
            int edge = edges[i];
            PairedScore.Product[] forms = {new PairedScore.Product(edge, edge, edge, false, 1),
                new PairedScore.Product(edge, edge, edge, true, 1),
                new PairedScore.Product(edge, edge, edge, false, true, 1)};
            double[] r = speedUps(direct, packed, forms, each);
            gains[i] = Math.log(r[0]) + Math.log(r[1]) + Math.log(r[2]);
            log.accept(String.format(Locale.ROOT, "  %d^3: direct/packing NN %.3fx, TN %.3fx, NT %.3fx", edge, r[0],
                    r[1], r[2]));
        }
        long t = directThreshold(edges, gains);
        log.accept(String.format(Locale.ROOT, "  direct below %d multiply-adds (was %d)", t, sizes.smallProblem));
        return t;
    }

    /**
     * Runs both paths on every edge and form before any is timed. The block sizes' search ran only the packed
     * path; the direct path's kernels are then still interpreted or in the JIT's queue, where the Vector API runs
     * lane by lane, and its first edges would be measured far slower than packing where compiled they are faster
     * (docs/decisions/self-tuning.md).
     */
    private static void warm(GemmDriver direct, GemmDriver packed, int[] edges, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        float[] c = new float[edges[edges.length - 1] * edges[edges.length - 1]];
        float[] ab = new float[c.length];
        java.util.Arrays.fill(ab, 0.5f);
        do {
            for (int e : edges) {
                for (int form = 0; form < 3; form++) {
                    boolean transA = form == 1;
                    boolean transB = form == 2;
                    direct.sgemm(transA, transB, e, e, e, 1f, ab, 0, e, ab, 0, e, 0f, c, 0, e, null);
                    packed.sgemm(transA, transB, e, e, e, 1f, ab, 0, e, ab, 0, e, 0f, c, 0, e, null);
                }
            }
        } while (System.nanoTime() < end);
    }

    /** The direct path's speed-up over packing in each of the forms given (NN, TN and NT). */
    private static double[] speedUps(GemmDriver direct, GemmDriver packed, PairedScore.Product[] forms, double seconds) {
        double[] out = new double[forms.length];
        for (int i = 0; i < forms.length; i++) {
            out[i] = PairedScore.score(direct, packed, new PairedScore.Product[] {forms[i]}, seconds);
        }
        return out;
    }

    /**
     * The threshold from every edge's gain (the sum over the NN, TN and NT forms of the log of the direct path's
     * speed-up over packing there): past the edges whose gains add up to the most, so that the direct path takes
     * every product below it, the cube of the first edge when no prefix gains. A loss at one small edge (a tile
     * shape the direct path handles less well) then no longer hides larger gains past it, and a loss that
     * outweighs the gains before it still ends the direct path there (docs/decisions/self-tuning.md).
     */
    public static long directThreshold(int[] edges, double[] gains) {
        if (edges.length == 0 || gains.length != edges.length) {
            throw new IllegalArgumentException("one gain per edge: " + edges.length + " edges, " + gains.length
                    + " gains");
        }
        long threshold = (long) edges[0] * edges[0] * edges[0];
        double sum = 0;
        double best = 0;
        for (int i = 0; i < edges.length; i++) {
            sum += gains[i];
            if (sum > best) {
                best = sum;
                threshold = (long) edges[i] * edges[i] * edges[i] + 1;
            }
        }
        return threshold;
    }

    /** The least multiply-adds per thread, on two threads, over small products where a second thread may join. */
    private BlockSizes minWork(BlockSizes start, double seconds, boolean quick) {
        PairedScore.Product[] products = quick
                ? new PairedScore.Product[] {new PairedScore.Product(128, 128, 128, false, 2),
                    new PairedScore.Product(256, 10, 512, false, 2)}
                : new PairedScore.Product[] {new PairedScore.Product(96, 96, 96, false, 2),
                    new PairedScore.Product(128, 128, 128, false, 2), new PairedScore.Product(256, 10, 512, false, 2),
                    new PairedScore.Product(192, 192, 192, true, 2)};
        long w = start.minWorkPerThread;
        List<Long> candidates = new ArrayList<>(List.of(Math.max(1, w / 4), w * 4, w * 16));
        double each = seconds / candidates.size();
        log.accept(String.format(Locale.ROOT, "least work per thread: %d candidates on %s, %.1f s each",
                candidates.size(), describe(products), each));
        BlockSizes best = start;
        for (long c : candidates) {
            best = challenge(best, best.withThresholds(best.smallProblem, c), products, each);
        }
        return best;
    }

    /**
     * How calls on two threads are cut, then the units per part, over the MLP's products. First the split of calls
     * whose rows fit one A block, column units against row chunks, on the two such products (NN and NT); then the
     * units per part: more units balance the end of a call when one core runs slower, fewer reuse each packed
     * panel more (docs/decisions/thread-units.md).
     */
    private BlockSizes units(BlockSizes start, double seconds, boolean quick) {
        PairedScore.Product[] wide = {new PairedScore.Product(256, 512, 784, false, 2),
            new PairedScore.Product(256, 784, 512, false, true, 2)};
        double splitSeconds = seconds / 3;
        log.accept(String.format(Locale.ROOT, "split of calls whose rows fit one A block: %s against %s on %s, %.1f s",
                split(start.withColumnUnits(!start.columnUnits)), split(start), describe(wide), splitSeconds));
        start = challenge(start, start.withColumnUnits(!start.columnUnits), wide, splitSeconds);
        seconds -= splitSeconds;
        PairedScore.Product[] products = quick
                ? new PairedScore.Product[] {new PairedScore.Product(256, 512, 784, false, 2),
                    new PairedScore.Product(784, 512, 256, true, 2)}
                : new PairedScore.Product[] {new PairedScore.Product(256, 512, 784, false, 2),
                    new PairedScore.Product(784, 512, 256, true, 2), new PairedScore.Product(512, 512, 512, false, 2)};
        int u = start.unitsPerPart;
        List<Integer> candidates = quick ? List.of(u * 2) : new ArrayList<>(new LinkedHashSet<>(
                List.of(Math.max(1, u / 2), u * 2)));
        double each = seconds / candidates.size();
        log.accept(String.format(Locale.ROOT, "units per part: %d candidates on %s, %.1f s each",
                candidates.size(), describe(products), each));
        BlockSizes best = start;
        for (int c : candidates) {
            best = challenge(best, best.withUnitsPerPart(c), products, each);
        }
        return best;
    }

    /** The products the block sizes are measured on: one thread, and two where there are two processors. */
    PairedScore.Product[] blockProducts(boolean quick) {
        List<PairedScore.Product> out = new ArrayList<>();
        if (quick) {
            out.add(new PairedScore.Product(384, 384, 384, false, 1));
            out.add(new PairedScore.Product(256, 512, 784, false, 1));
            if (twoThreads) {
                out.add(new PairedScore.Product(384, 384, 384, false, 2));
            }
        } else {
            out.add(new PairedScore.Product(512, 512, 512, false, 1));
            out.add(new PairedScore.Product(256, 512, 784, false, 1));
            out.add(new PairedScore.Product(784, 512, 256, true, 1));
            if (twoThreads) {
                out.add(new PairedScore.Product(512, 512, 512, false, 2));
                out.add(new PairedScore.Product(256, 512, 784, false, 2));
            }
        }
        return out.toArray(new PairedScore.Product[0]);
    }

    /** A driver for {@code s} on the kernels of its MR (the tile candidates run their own micro-kernel). */
    private GemmDriver driver(BlockSizes s) {
        return new GemmDriver(s.mr == provider.blockSizes().mr ? provider : provider.withBlockSizes(s), s);
    }

    private static String split(BlockSizes s) {
        return s.columnUnits ? "column units" : "row chunks";
    }

    private static String describe(PairedScore.Product[] products) {
        List<String> names = new ArrayList<>();
        for (PairedScore.Product p : products) {
            names.add(p.toString());
        }
        return String.join(", ", names);
    }
}
