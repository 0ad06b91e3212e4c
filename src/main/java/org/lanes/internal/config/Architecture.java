package org.lanes.internal.config;

import java.util.Locale;
import org.lanes.internal.platform.Cache;
import org.lanes.internal.platform.Machine;

/**
 * What to run on a machine: the register tile of the micro-kernel and every GEMM block size and threshold, in
 * one small object per architecture family, chosen once at start-up from {@link Machine} and the vector width
 * the JVM actually uses. The framework ({@code org.lanes.internal.gemm}) reads only this.
 *
 * <p>Families ({@code -Dlanes.arch=NAME} forces one):
 * <ul>
 * <li>{@code zen5}: AMD Zen 5 with AVX-512 (two full 512-bit FMA pipes), 8 x 2V tile; KC 1024, MC 256 by
 * measurement against the model's sizes (docs/decisions/self-tuning.md).</li>
 * <li>{@code zen4}: AMD Zen 4 with AVX-512, 8 x 2V tile; KC = 1024 by a measured policy: the B micro-panel
 * streams from L2 fast enough (docs/decisions/block-sizes-deep-kc.md).</li>
 * <li>{@code avx512}: other AVX-512 cores (Intel with two 512-bit FMA ports), 8 x 2V tile, blocks from the
 * model.</li>
 * <li>{@code zen}: AMD Zen 1 to 3 (and Zen 4 run with -XX:UseAVX=2), 6 x 2V tile; the same deep-KC policy, measured
 * again on Zen 3 (docs/decisions/block-sizes-deep-kc.md).</li>
 * <li>{@code avx2}: other 256-bit vectors with 16 registers (Intel Haswell and later, and any Intel AVX-512 CPU run
 * with -XX:UseAVX=2), 6 x 2V tile (12 accumulators, two B vectors and a broadcast in 16 registers), blocks from
 * the model.</li>
 * <li>{@code vector}: any other vector width (NEON's 128 bits), 8 x 2V with 32 registers, 6 x 2V with 16.</li>
 * <li>{@code generic}: the same rule for any width, from the ISA alone: what an unknown CPU would run, and where
 * the tuner's check starts ({@code jmh/tune-check.sh}).</li>
 * <li>{@code scalar}: the plain-Java fallback, a 4 x 4 tile.</li>
 * </ul>
 * Block sizes measured on this machine by {@code lanes tune} come from its wisdom file, found by itself in the
 * per-user cache or named by {@code -Dlanes.wisdom=FILE|none} ({@link WisdomStore}). Block
 * overrides for experiments, applied last: {@code -Dlanes.kc}, {@code -Dlanes.mc}, {@code -Dlanes.nc}.
 */
public final class Architecture {
    /**
     * With 512-bit vectors the direct (unpacked) path runs up to 256^3 multiply-adds on one thread: as far as
     * it was measured to beat packing (docs/decisions/direct-path.md; Intel takes it unmeasured).
     */
    static final long SMALL_PROBLEM_512 = 256L * 256 * 256 + 1;
    /**
     * The same with 256-bit vectors: as far as the 6 x 2V direct path, A's rows through the row block, was measured
     * to beat packing on squares (docs/decisions/direct-path.md).
     */
    static final long SMALL_PROBLEM_256 = 100L * 100 * 100;
    /** The same for the scalar fallback and vector widths nobody measured. */
    static final long SMALL_PROBLEM = 64L * 64 * 64;
    /**
     * From how many column tiles the direct path copies A's rows into its row block, for the 8-row tile (32
     * registers): its in-place loop runs a little slower than the block's, and the copy was measured to pay from
     * five tiles (docs/decisions/direct-path.md; Intel takes it unmeasured).
     */
    static final int DIRECT_BLOCK_TILES = 5;
    /**
     * The same for the 6-row tile (16 registers): six row indices beside twelve accumulators slowed its in-place
     * loop to three quarters of the block's, which paid from one tile.
     */
    static final int DIRECT_BLOCK_TILES_16_REGISTERS = 1;
    /**
     * The 8-row tile on a core with two 512-bit FMA ports (the {@code avx512} and {@code zen5} families): from one
     * tile. The in-place loop spends about twice the block's instructions per FMA, which two FMA ports expose; on
     * Zen 5 reading in place paid only below 64^3 (docs/decisions/direct-path.md).
     */
    static final int DIRECT_BLOCK_TILES_TWO_FMA_PORTS = 1;
    /**
     * At least this many multiply-adds per thread: less takes longer to hand out than to compute
     * (docs/decisions/thread-units.md).
     */
    static final long MIN_WORK_PER_THREAD = 64L * 64 * 64;
    /**
     * B spans (KC x ldb floats) up to this are packed inside the first tile's multiply
     * (docs/decisions/fused-b-packing.md).
     */
    static final long FUSED_B_SPAN = 1024L * 1024;
    /**
     * Depth steps per chunk of the split-depth path: four rows of A and four columns of B take 16 KiB. On Zen 4,
     * 256 steps (ten columns and four rows within its 32 KiB L1) ran slower at n = 10 than 512
     * (docs/decisions/split-depth.md); the other families take 512 unmeasured.
     */
    static final int SPLIT_CHUNK = 512;

    public final String name;
    public final BlockSizes gemm;
    /**
     * Where the block sizes came from, for {@code Lanes.describe()}: "model", "policy ...", "tuned: FILE" or
     * "overridden".
     */
    public final String origin;

    /** What became of wisdom when no file applied ("no wisdom for this CPU in DIR", ...); "" otherwise. */
    public final String wisdomNote;

    private Architecture(String name, BlockSizes gemm, String origin) {
        this(name, gemm, origin, "");
    }

    private Architecture(String name, BlockSizes gemm, String origin, String wisdomNote) {
        this.name = name;
        this.gemm = gemm;
        this.origin = origin;
        this.wisdomNote = wisdomNote;
    }

    /**
     * The family for this machine and a JVM that uses {@code vectorBits}-bit float vectors (32: the scalar
     * fallback), with {@code -Dlanes.arch} and the block overrides applied.
     */
    public static Architecture select(Machine m, int vectorBits) {
        String forced = System.getProperty("lanes.arch");
        String name = forced == null || forced.isBlank() ? family(m, vectorBits) : forced.trim().toLowerCase(Locale.ROOT);
        Architecture a = build(name, m, vectorBits);
        WisdomStore.Choice w = WisdomStore.choose(CpuSignature.of(m, vectorBits), a.name);
        a = w.wisdom != null ? withWisdom(a, w.wisdom, w.note) : new Architecture(a.name, a.gemm, a.origin, w.note);
        return applyOverrides(a);
    }

    /**
     * This configuration with the choices of a wisdom file that applies here ({@link WisdomStore} checked it): its
     * block sizes, and its micro-tile height, direct-path threshold and least work per thread where it has them.
     */
    public static Architecture withWisdom(Architecture a, Wisdom w, String origin) {
        BlockSizes s = w.mr > 0 && w.mr != a.gemm.mr ? a.gemm.withTile(w.mr, w.mr) : a.gemm;
        s = s.withBlocks(w.kc, w.mc, w.nc);
        s = s.withThresholds(w.direct >= 0 ? w.direct : s.smallProblem, w.minWork > 0 ? w.minWork : s.minWorkPerThread);
        if (w.units > 0) {
            s = s.withUnitsPerPart(w.units);
        }
        if (w.columnUnits != null) {
            s = s.withColumnUnits(w.columnUnits);
        }
        return new Architecture(a.name, s, origin, "");
    }

    /** The same family with other block sizes and thresholds, for the tuner's candidates. */
    public Architecture withSizes(BlockSizes sizes, String origin) {
        return new Architecture(name, sizes, origin, "");
    }

    /** The block model's KC, MC and NC for {@code tile}'s MR, panel height and NR on this machine's caches. */
    public static BlockSizes model(Machine m, BlockSizes tile) {
        Cache l1 = orDefault(m.cache(1), 1);
        Cache l2 = orDefault(m.cache(2), 2);
        Cache l3 = m.cache(3) != null ? m.cache(3) : l2;
        int kc = BlockModel.kc(l1, tile.mr, tile.nr);
        return tile.withBlocks(kc, BlockModel.mc(l2, kc, tile.nr, tile.transposedAPanel), BlockModel.nc(l3, kc, tile.nr));
    }

    /** The family name {@link #select} picks without overrides. */
    public static String family(Machine m, int vectorBits) {
        if (vectorBits <= 32) {
            return "scalar";
        }
        if (vectorBits == 512) {
            return m.isZen4() ? "zen4" : m.isZen5() ? "zen5" : "avx512";
        }
        if (vectorBits == 256 && m.isAmd() && m.family >= 23) {
            return "zen";
        }
        if (vectorBits == 256 && !m.isArm()) {
            return "avx2";
        }
        return "vector";
    }

    /** The named family's configuration for this machine and vector width. */
    public static Architecture build(String name, Machine m, int vectorBits) {
        int lanes = Math.max(1, vectorBits / 32);
        switch (name) {
            case "scalar":
                return new Architecture(name, BlockSizes.tile(4, 4).blocks(256, 128, 2048)
                        .smallProblem(SMALL_PROBLEM).directBlockTiles(DIRECT_BLOCK_TILES)
                        .minWorkPerThread(MIN_WORK_PER_THREAD).splitChunk(SPLIT_CHUNK).build(), "fixed (scalar)");
            case "zen4": {
                requireLanes(name, lanes, 16);
                // Measured policy: KC 1024, MC 112 (the A block in half of the 1 MiB L2), NC 1024.
                return new Architecture(name, sizes(8, 16, 32, 1024, 112, 1024, 1024, SMALL_PROBLEM_512,
                        DIRECT_BLOCK_TILES),
                        "policy: deep KC, Zen 4");
            }
            case "zen5":
                requireLanes(name, lanes, 16);
                return zen5(m);
            case "zen":
                requireLanes(name, lanes, 8);
                return new Architecture(name, sizes(6, 6, 16, 1024, 120, 1024, 1024, SMALL_PROBLEM_256,
                        DIRECT_BLOCK_TILES_16_REGISTERS),
                        "policy: deep KC, Zen");
            case "avx512":
                requireLanes(name, lanes, 16);
                return modelled(name, 8, 16, 32, DIRECT_BLOCK_TILES_TWO_FMA_PORTS, m);
            case "avx2":
                requireLanes(name, lanes, 8);
                return modelled(name, 6, 6, 16, DIRECT_BLOCK_TILES_16_REGISTERS, m);
            case "generic":
            case "vector": {
                // From the ISA alone: the tile from the registers and the vector width, the blocks from the model,
                // the direct path's row block from the tile and the FMA units (the rule of the measured families).
                int mr = m.vectorRegisters(vectorBits) >= 32 ? 8 : 6;
                int panel = 2 * mr == lanes ? lanes : mr;
                int directTiles = mr == 6 ? DIRECT_BLOCK_TILES_16_REGISTERS
                        : m.fmaUnits() >= 2 ? DIRECT_BLOCK_TILES_TWO_FMA_PORTS : DIRECT_BLOCK_TILES;
                return modelled(name, mr, panel, 2 * lanes, directTiles, m);
            }
            default:
                throw new IllegalArgumentException("-Dlanes.arch=" + name
                        + " is not one of zen5, zen4, zen, avx512, avx2, vector, generic, scalar");
        }
    }

    /**
     * AMD Zen 5 with AVX-512: two full 512-bit FMA pipes, 48 KiB 12-way L1d, 1 MiB 16-way L2. The 8 x 2V tile
     * (16 accumulators cover 2 pipes x 4 cycles x 2 vectors). Blocks by measurement: KC 1024, MC 256, NC 1024 beat
     * the cache model's KC 256, MC 512 on every measured shape, one thread, paired in one JVM
     * (docs/decisions/self-tuning.md).
     */
    private static Architecture zen5(Machine m) {
        return new Architecture("zen5", sizes(8, 16, 32, 1024, 256, 1024, 1024, SMALL_PROBLEM_512,
                DIRECT_BLOCK_TILES_TWO_FMA_PORTS), "policy: deep KC, Zen 5");
    }

    private static Architecture modelled(String name, int mr, int panel, int nr, int blockTiles, Machine m) {
        // NR = 2 x 16 lanes: 512-bit vectors; 2 x 8: 256-bit.
        long small = nr >= 32 ? SMALL_PROBLEM_512 : nr == 16 ? SMALL_PROBLEM_256 : SMALL_PROBLEM;
        // The tile with placeholder blocks, which the model replaces (the narrow kernel's depth follows KC).
        return new Architecture(name, model(m, sizes(mr, panel, nr, 1, panel, nr, 1, small, blockTiles)), "model");
    }

    private static BlockSizes sizes(int mr, int panel, int nr, int kc, int mc, int nc, int narrowKc, long smallProblem,
                                    int blockTiles) {
        return BlockSizes.tile(mr, nr).transposedAPanel(panel).blocks(kc, mc, nc).narrowKc(narrowKc)
                .fusedBSpan(FUSED_B_SPAN).smallProblem(smallProblem).directBlockTiles(blockTiles)
                .minWorkPerThread(MIN_WORK_PER_THREAD).splitChunk(SPLIT_CHUNK).build();
    }

    private static void requireLanes(String name, int lanes, int needed) {
        if (lanes != needed) {
            throw new IllegalArgumentException("-Dlanes.arch=" + name + " needs " + (needed * 32)
                    + "-bit vectors; this JVM uses " + (lanes * 32));
        }
    }

    private static Cache orDefault(Cache c, int level) {
        return c != null ? c : Machine.defaultCaches().get(level - 1);
    }

    private static Architecture applyOverrides(Architecture a) {
        Integer kc = positive("lanes.kc");
        Integer mc = positive("lanes.mc");
        Integer nc = positive("lanes.nc");
        if (kc == null && mc == null && nc == null) {
            return a;
        }
        BlockSizes s = a.gemm.withBlocks(kc != null ? kc : a.gemm.kc, mc != null ? mc : a.gemm.mc,
                nc != null ? nc : a.gemm.nc);
        return new Architecture(a.name, s, "overridden", a.wisdomNote);
    }

    private static Integer positive(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            int x = Integer.parseInt(v.trim());
            if (x >= 1) {
                return x;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + name + "=" + v + " is not a positive integer");
    }

    @Override
    public String toString() {
        return name + " (" + gemm + ", " + origin + (wisdomNote.isEmpty() ? "" : "; " + wisdomNote) + ")";
    }
}
