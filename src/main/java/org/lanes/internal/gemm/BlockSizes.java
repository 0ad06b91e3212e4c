package org.lanes.internal.gemm;

/**
 * Every architecture-dependent GEMM size, derived from the float lane count of one vector register.
 *
 * <p>The micro-tile is MR rows by NR = 2 vectors of columns. With 32 registers (AVX-512) an 8-row tile
 * keeps 16 accumulators, two B vectors and one broadcast live; with 16 registers (AVX2, NEON) six rows
 * keep 12 + 3 and do not spill. KC is deep, 1024: C is then read and written once per 1024 steps of depth
 * (every square up to 1024, and every MLP layer, in one pass), and the packed B micro-panel (KC x NR, 128 KiB)
 * streams from L2 fast enough for the kernel's two vector loads per step. Measured on Zen 4 against KC = 256,
 * which kept the micro-panel in L1: 9 % faster at 1024^3 and 2048^3 on one thread, 8 to 11 % on two, 18 % at
 * 1024^3 on the AVX2 path. MC keeps the packed A block (MC x KC, 448 KiB) within half of a 1 MiB L2; NC bounds
 * the packed B block (KC x NC, 4 MiB per thread) for L3.
 * C with at most one vector of columns takes a narrow kernel instead, with depth blocks of narrowKc.
 */
public final class BlockSizes {
    /** Rows of the micro-tile. */
    public final int mr;
    /**
     * Rows of one packed A panel when A is stored transposed: MR, or 2 MR when that is exactly one vector (8 rows
     * of 16 lanes). Two tiles then share a panel, each reading its half of every step, and each step is packed
     * with one vector copy: with 8-row panels each step was a {@code System.arraycopy} of 8 floats, a stub call
     * that cost 7 % of the MLP's 784 x 256 x 512 weight-gradient product. A not transposed keeps MR-row panels:
     * 16-row ones made NN 256 x 784 x 512 1.5 % slower.
     */
    public final int transposedAPanel;
    /** Columns of the micro-tile: two vectors. */
    public final int nr;
    /** Depth of one packed panel. */
    public final int kc;
    /** Rows of one packed A block; a multiple of {@link #mr}. */
    public final int mc;
    /** Columns of one packed B block; a multiple of {@link #nr}. */
    public final int nc;
    /** Depth of one packed B panel of the narrow kernel (C of at most one vector of columns). */
    public final int narrowKc;

    /**
     * The widest span of B, in floats (depth block times ldb), whose panels the micro-kernel packs in their first
     * tile ({@link MicroKernel#multiplyPackingB}). Past it B comes from DRAM, a page or more per step, and the kernel
     * waits on every step's loads, where a separate copy keeps many in flight: 2048^3 (8 MiB) ran 3 to 5 % slower
     * fused on one thread; 1024^3 (4 MiB) the same either way, the MLP's 1.6 MiB and 512 KiB faster.
     */
    public static final long FUSED_B_SPAN = 1024L * 1024;

    /** Problems with m*n*k below this multiply without packing. */
    public static final long SMALL_PROBLEM = 64L * 64 * 64;
    /**
     * Each thread gets at least this many multiply-adds, so tiny problems stay on one thread. At 64^3 the MLP's
     * output-layer products (256 x 10 x 512, 1.3 million) split in two: 60 us less per 2-thread training step of
     * 256-784-512-10 than at 96^3, and no change at 64-784-128-10 (JMH MlpBench).
     */
    public static final long MIN_WORK_PER_THREAD = 64L * 64 * 64;

    private BlockSizes(int mr, int transposedAPanel, int nr, int kc, int mc, int nc, int narrowKc) {
        this.mr = mr;
        this.transposedAPanel = transposedAPanel;
        this.nr = nr;
        this.kc = kc;
        this.mc = mc;
        this.nc = nc;
        this.narrowKc = narrowKc;
    }

    /** Sizes for a vector of {@code lanes} floats (1 for the scalar kernel). */
    public static BlockSizes forLanes(int lanes) {
        if (lanes <= 1) {
            return new BlockSizes(4, 4, 4, 256, 128, 2048, 0);
        }
        int mr = lanes >= 16 ? 8 : 6;
        int transposedAPanel = 2 * mr == lanes ? lanes : mr;
        int nr = 2 * lanes;
        int kc = 1024;
        int mc = roundDown(120, transposedAPanel);
        int nc = roundDown(1024, nr);
        // The narrow kernel streams A from memory; its B panel (narrowKc x one vector, 64 KiB with 16 lanes)
        // stays in L2 and is re-read for every 8 rows.
        int narrowKc = 1024;
        return new BlockSizes(mr, transposedAPanel, nr, kc, mc, nc, narrowKc);
    }

    private static int roundDown(int value, int multiple) {
        return Math.max(multiple, value / multiple * multiple);
    }

    @Override
    public String toString() {
        return "MR=" + mr + " transposed A panel=" + transposedAPanel + " NR=" + nr + " KC=" + kc + " MC=" + mc + " NC=" + nc;
    }
}
