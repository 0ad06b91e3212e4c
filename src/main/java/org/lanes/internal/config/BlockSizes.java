package org.lanes.internal.config;

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
     * tile ({@code gemm.MicroKernel.multiplyPackingB}); past it the separate packing pass keeps more loads in flight.
     */
    public final long fusedBSpan;
    /** Problems with m*n*k below this multiply without packing (the direct path). */
    public final long smallProblem;
    /**
     * From how many column tiles per row of tiles the direct path copies A's rows into a block for
     * {@code gemm.DirectKernel.multiplyDirectBlock} rather than reading them in place: the copy is paid once per row of
     * tiles, the faster loop on every tile (docs/decisions/direct-path.md).
     */
    public final int directBlockTiles;
    /** Each thread gets at least this many multiply-adds, so tiny problems stay on one thread. */
    public final long minWorkPerThread;
    /**
     * Units of work per part that a call on several threads is cut into (handed out from a shared counter, so a
     * slow core takes fewer); more balance the end of a call better, fewer reuse each packed B panel over more rows.
     */
    public final int unitsPerPart;
    /** {@link #unitsPerPart} where nothing else sets it (docs/decisions/thread-units.md). */
    public static final int DEFAULT_UNITS_PER_PART = 4;
    /**
     * How a call on several threads whose rows fit one A block (m at most MC) is cut: true, into ranges of B's
     * panels, with A packed once and shared and each range's B packed by the thread that multiplies it; false,
     * into row chunks that share one packed B, as taller calls always are (docs/decisions/thread-units.md).
     */
    public final boolean columnUnits;
    /**
     * Depth steps per chunk of the split-depth path ({@code gemm.SplitDepth}), a multiple of its 16 chains: A's rows and
     * B's columns of one chunk are reused from L1 across a block's columns and rows.
     */
    public final int splitChunk;

    /**
     * The split-depth rule's interleaved chains per element ({@code gemm.SplitDepth.CHAINS}): a chunk is a
     * multiple of it.
     */
    public static final int SPLIT_CHAINS = 16;

    private BlockSizes(Builder b) {
        if (b.mr < 1 || b.nr < 1 || b.kc < 1 || b.transposedAPanel < 1 || b.transposedAPanel % b.mr != 0
                || b.mc < b.transposedAPanel || b.mc % b.transposedAPanel != 0 || b.nc < b.nr || b.nc % b.nr != 0
                || b.narrowKc < 0 || b.directBlockTiles < 1 || b.minWorkPerThread < 1 || b.unitsPerPart < 1
                || b.splitChunk < SPLIT_CHAINS
                || b.splitChunk % SPLIT_CHAINS != 0) {
            throw new IllegalArgumentException("inconsistent block sizes: MR=" + b.mr + " A panel="
                    + b.transposedAPanel + " NR=" + b.nr + " KC=" + b.kc + " MC=" + b.mc + " NC=" + b.nc
                    + " narrow KC=" + b.narrowKc + " direct block tiles=" + b.directBlockTiles
                    + " min work per thread=" + b.minWorkPerThread + " units per part=" + b.unitsPerPart
                    + " split chunk=" + b.splitChunk);
        }
        this.mr = b.mr;
        this.transposedAPanel = b.transposedAPanel;
        this.nr = b.nr;
        this.kc = b.kc;
        this.mc = b.mc;
        this.nc = b.nc;
        this.narrowKc = b.narrowKc;
        this.fusedBSpan = b.fusedBSpan;
        this.smallProblem = b.smallProblem;
        this.directBlockTiles = b.directBlockTiles;
        this.minWorkPerThread = b.minWorkPerThread;
        this.unitsPerPart = b.unitsPerPart;
        this.columnUnits = b.columnUnits;
        this.splitChunk = b.splitChunk;
    }

    /**
     * A builder for the sizes of an MR x NR tile; every other size must be set (the A panel defaults to MR).
     *
     * @param mr rows of the micro-tile
     * @param nr columns of the micro-tile
     * @return a builder with only the tile set
     */
    public static Builder tile(int mr, int nr) {
        return new Builder(mr, nr);
    }

    /** A builder that starts from these sizes, for a variant that changes a few of them. */
    public Builder toBuilder() {
        return new Builder(mr, nr).transposedAPanel(transposedAPanel).blocks(kc, mc, nc).narrowKc(narrowKc)
                .fusedBSpan(fusedBSpan).smallProblem(smallProblem).directBlockTiles(directBlockTiles)
                .minWorkPerThread(minWorkPerThread).unitsPerPart(unitsPerPart).columnUnits(columnUnits)
                .splitChunk(splitChunk);
    }

    /** The same sizes with other KC, MC and NC (rounded to what the tile needs); for tests and experiments. */
    public BlockSizes withBlocks(int kc, int mc, int nc) {
        int mcR = Math.max(transposedAPanel, mc / transposedAPanel * transposedAPanel);
        int ncR = Math.max(nr, nc / nr * nr);
        return toBuilder().blocks(Math.max(1, kc), mcR, ncR).narrowKc(narrowKc == 0 ? 0 : Math.max(1, kc)).build();
    }

    /**
     * The same sizes for another micro-tile height (the tuner's kernel candidates): MR {@code mr}, transposed-A
     * panels of {@code panel} rows, MC rounded down to a multiple of the panel (at least one).
     */
    public BlockSizes withTile(int mr, int panel) {
        return new Builder(mr, nr).transposedAPanel(panel)
                .blocks(kc, Math.max(panel, mc / panel * panel), nc).narrowKc(narrowKc).fusedBSpan(fusedBSpan)
                .smallProblem(smallProblem).directBlockTiles(directBlockTiles).minWorkPerThread(minWorkPerThread)
                .unitsPerPart(unitsPerPart).columnUnits(columnUnits).splitChunk(splitChunk).build();
    }

    /** The same sizes with another direct-path threshold and per-thread minimum; for tests. */
    public BlockSizes withThresholds(long smallProblem, long minWorkPerThread) {
        return toBuilder().smallProblem(smallProblem).minWorkPerThread(minWorkPerThread).build();
    }

    /** The same sizes with another number of units per part (the tuner's two-thread candidates). */
    public BlockSizes withUnitsPerPart(int units) {
        return toBuilder().unitsPerPart(units).build();
    }

    /** The same sizes with column units on or off (the tuner's two-thread candidates; {@link #columnUnits}). */
    public BlockSizes withColumnUnits(boolean on) {
        return toBuilder().columnUnits(on).build();
    }

    /** The same sizes with another split-depth chunk (a multiple of 16); for tests. */
    public BlockSizes withSplitChunk(int chunk) {
        return toBuilder().splitChunk(chunk).build();
    }

    /**
     * Block sizes by name; {@link #build} checks that they fit together. Each setter documents its field on
     * {@link BlockSizes}.
     */
    public static final class Builder {
        private final int mr;
        private final int nr;
        private int transposedAPanel;
        private int kc;
        private int mc;
        private int nc;
        private int narrowKc;
        private long fusedBSpan;
        private long smallProblem;
        private int directBlockTiles;
        private long minWorkPerThread;
        private int unitsPerPart = DEFAULT_UNITS_PER_PART;
        private boolean columnUnits = true;
        private int splitChunk;

        private Builder(int mr, int nr) {
            this.mr = mr;
            this.nr = nr;
            this.transposedAPanel = mr;
        }

        /** {@link BlockSizes#transposedAPanel}; MR unless set. */
        public Builder transposedAPanel(int rows) {
            this.transposedAPanel = rows;
            return this;
        }

        /** {@link BlockSizes#kc}, {@link BlockSizes#mc} and {@link BlockSizes#nc}. */
        public Builder blocks(int kc, int mc, int nc) {
            this.kc = kc;
            this.mc = mc;
            this.nc = nc;
            return this;
        }

        /** {@link BlockSizes#narrowKc}; 0 (no narrow kernel) unless set. */
        public Builder narrowKc(int depth) {
            this.narrowKc = depth;
            return this;
        }

        /** {@link BlockSizes#fusedBSpan}; 0 (never fused) unless set. */
        public Builder fusedBSpan(long floats) {
            this.fusedBSpan = floats;
            return this;
        }

        /** {@link BlockSizes#smallProblem}. */
        public Builder smallProblem(long multiplyAdds) {
            this.smallProblem = multiplyAdds;
            return this;
        }

        /** {@link BlockSizes#directBlockTiles}. */
        public Builder directBlockTiles(int tiles) {
            this.directBlockTiles = tiles;
            return this;
        }

        /** {@link BlockSizes#minWorkPerThread}. */
        public Builder minWorkPerThread(long multiplyAdds) {
            this.minWorkPerThread = multiplyAdds;
            return this;
        }

        /** {@link BlockSizes#unitsPerPart}; {@link BlockSizes#DEFAULT_UNITS_PER_PART} unless set. */
        public Builder unitsPerPart(int units) {
            this.unitsPerPart = units;
            return this;
        }

        /** {@link BlockSizes#columnUnits}; true unless set. */
        public Builder columnUnits(boolean on) {
            this.columnUnits = on;
            return this;
        }

        /** {@link BlockSizes#splitChunk}. */
        public Builder splitChunk(int steps) {
            this.splitChunk = steps;
            return this;
        }

        /**
         * The block sizes.
         *
         * @return the sizes set here
         * @throws IllegalArgumentException when they do not fit together (a size below 1, MC not a multiple of the
         *     A panel, NC not a multiple of NR, a split chunk not a multiple of {@link #SPLIT_CHAINS}), naming each
         */
        public BlockSizes build() {
            return new BlockSizes(this);
        }
    }

    @Override
    public String toString() {
        return "MR=" + mr + " NR=" + nr + " KC=" + kc + " MC=" + mc + " NC=" + nc;
    }
}
