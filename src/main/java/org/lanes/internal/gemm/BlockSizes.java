package org.lanes.internal.gemm;

/**
 * Every size the GEMM framework blocks by, for one kernel on one machine. Nothing here is a constant of an
 * architecture: {@link org.lanes.internal.config.Architecture} derives the values from the machine's caches and
 * the kernel's tile (docs/gemm.md, "Block sizes") and the framework only reads them.
 */
public final class BlockSizes {
    /** Rows of the micro-tile. */
    public final int mr;
    /**
     * Rows of one packed A panel when A is stored transposed: MR, or a multiple of it that the kernel reads with
     * whole vectors (two 8-row tiles share one 16-float step). A not transposed always packs MR-row panels.
     */
    public final int transposedAPanel;
    /** Columns of the micro-tile. */
    public final int nr;
    /** Depth of one packed panel. */
    public final int kc;
    /** Rows of one packed A block; a multiple of {@link #transposedAPanel}. */
    public final int mc;
    /** Columns of one packed B block; a multiple of {@link #nr}. */
    public final int nc;
    /** Depth of one packed B panel of the narrow kernel (C of at most one vector of columns); 0 without one. */
    public final int narrowKc;
    /**
     * The widest span of B, in floats (depth block times ldb), whose panels the micro-kernel packs in their first
     * tile ({@link MicroKernel#multiplyPackingB}); past it the separate packing pass keeps more loads in flight.
     */
    public final long fusedBSpan;
    /** Problems with m*n*k below this multiply without packing (the direct path). */
    public final long smallProblem;
    /**
     * From how many column tiles per row of tiles the direct path copies A's rows into a block for
     * {@link MicroKernel#multiplyDirectBlock} rather than reading them in place: the copy is paid once per row of
     * tiles, the faster loop on every tile (docs/decisions/direct-path.md).
     */
    public final int directBlockTiles;
    /** Each thread gets at least this many multiply-adds, so tiny problems stay on one thread. */
    public final long minWorkPerThread;
    /**
     * Depth steps per chunk of the split-depth path ({@link SplitDepth}), a multiple of its 16 chains: A's rows and
     * B's columns of one chunk are reused from L1 across a block's columns and rows.
     */
    public final int splitChunk;

    public BlockSizes(int mr, int transposedAPanel, int nr, int kc, int mc, int nc, int narrowKc, long fusedBSpan,
                      long smallProblem, int directBlockTiles, long minWorkPerThread, int splitChunk) {
        if (mr < 1 || nr < 1 || kc < 1 || transposedAPanel % mr != 0 || mc < transposedAPanel
                || mc % transposedAPanel != 0 || nc < nr || nc % nr != 0 || narrowKc < 0 || directBlockTiles < 1
                || minWorkPerThread < 1 || splitChunk < SplitDepth.CHAINS || splitChunk % SplitDepth.CHAINS != 0) {
            throw new IllegalArgumentException("inconsistent block sizes: MR=" + mr + " A panel=" + transposedAPanel
                    + " NR=" + nr + " KC=" + kc + " MC=" + mc + " NC=" + nc + " narrow KC=" + narrowKc
                    + " split chunk=" + splitChunk);
        }
        this.mr = mr;
        this.transposedAPanel = transposedAPanel;
        this.nr = nr;
        this.kc = kc;
        this.mc = mc;
        this.nc = nc;
        this.narrowKc = narrowKc;
        this.fusedBSpan = fusedBSpan;
        this.smallProblem = smallProblem;
        this.directBlockTiles = directBlockTiles;
        this.minWorkPerThread = minWorkPerThread;
        this.splitChunk = splitChunk;
    }

    /** The same sizes with other KC, MC and NC (rounded to what the tile needs); for tests and experiments. */
    public BlockSizes withBlocks(int kc, int mc, int nc) {
        int mcR = Math.max(transposedAPanel, mc / transposedAPanel * transposedAPanel);
        int ncR = Math.max(nr, nc / nr * nr);
        return new BlockSizes(mr, transposedAPanel, nr, Math.max(1, kc), mcR, ncR, narrowKc == 0 ? 0 : Math.max(1, kc),
                fusedBSpan, smallProblem, directBlockTiles, minWorkPerThread, splitChunk);
    }

    /** The same sizes with another direct-path threshold and per-thread minimum; for tests. */
    public BlockSizes withThresholds(long smallProblem, long minWorkPerThread) {
        return new BlockSizes(mr, transposedAPanel, nr, kc, mc, nc, narrowKc, fusedBSpan, smallProblem,
                directBlockTiles, minWorkPerThread, splitChunk);
    }

    /** The same sizes with another split-depth chunk (a multiple of 16); for tests. */
    public BlockSizes withSplitChunk(int chunk) {
        return new BlockSizes(mr, transposedAPanel, nr, kc, mc, nc, narrowKc, fusedBSpan, smallProblem,
                directBlockTiles, minWorkPerThread, chunk);
    }

    @Override
    public String toString() {
        return "MR=" + mr + " NR=" + nr + " KC=" + kc + " MC=" + mc + " NC=" + nc;
    }
}
