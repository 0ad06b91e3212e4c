package org.lanes.internal.gemm;

import java.util.Arrays;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.threads.WorkerPool;

/**
 * SGEMM in the Goto/BLIS structure: loops NC, then KC (pack B), then MC (pack A) around a macro-kernel that
 * walks NR-column by MR-row tiles and calls the provider's micro-kernel once per tile. Every size comes from
 * {@link BlockSizes}; this class holds no constant of any architecture.
 *
 * <p>Threads ({@link GemmCall}) share one packed B block, each packing a part of it, and take the row blocks
 * under it from a shared counter, so a core that runs slower does less of the work. Every element is one FMA
 * chain over the whole depth in k order (the rounding rule of {@link MicroKernel}), or for a C of a few columns of
 * A as stored the split-depth rule ({@link SplitDepth}), whichever thread, block or path computes it: the bits do
 * not depend on the thread count, the block sizes or the vector width.
 * Arguments are checked by the caller.
 */
public final class GemmDriver {
    final GemmKernels provider;
    final MicroKernel kernel;
    private final DirectKernel direct;
    /** The direct path's wider tile, or null (GemmKernels#wideDirectKernel). */
    private final WideDirectKernel wide;
    final BlockSizes sizes;
    private final ThreadLocal<Workspace> workspaces;
    /** The shared state of the one parallel call a pool runs at a time; taken with {@link GemmCall#tryTake()}. */
    private final GemmCall parallel;
    /** The same for the sparse-A path. */
    private final SparseCall sparseCall = new SparseCall(this);

    public GemmDriver(GemmKernels provider) {
        this(provider, provider.blockSizes());
    }

    /** A driver with other block sizes for the provider's kernel (tests inject tiny ones). */
    public GemmDriver(GemmKernels provider, BlockSizes sizes) {
        if (sizes.mr != provider.microKernel().rows()) {
            throw new IllegalArgumentException("block sizes for MR=" + sizes.mr + " but the kernel has MR="
                    + provider.microKernel().rows());
        }
        this.provider = provider;
        this.kernel = provider.microKernel();
        this.direct = provider.directKernel();
        this.wide = provider.wideDirectKernel();
        this.sizes = sizes;
        this.workspaces = ThreadLocal.withInitial(() -> new Workspace(sizes, provider.narrowColumns(), this));
        this.parallel = new GemmCall(this, new float[packedBSize(sizes)]);
    }

    public BlockSizes sizes() {
        return sizes;
    }

    /**
     * {@code C := alpha*op(A)*op(B) + beta*C}, then {@code epilogue} (may be null) on each finished block of C;
     * arguments checked by the caller. The arguments travel on as one {@link GemmArgs} of this thread's workspace.
     */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOffset, int lda,
                      float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc, BlockEpilogue epilogue) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOffset, ldc);
            if (epilogue != null) {
                epilogue.apply(c, cOffset, ldc, m, n, 0);
            }
            return;
        }
        GemmArgs x = workspaces.get().args.set(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                beta, c, cOffset, ldc, epilogue);
        try {
            if (SplitDepth.applies(transA, n, k)) {
                run(x, true, false);
            } else {
                sequential(x);
            }
        } finally {
            x.clear();
        }
    }

    /** Every shape but the split-depth rule's, by {@link MicroKernel}'s rule; m, n, k and alpha are not 0. */
    private void sequential(GemmArgs x) {
        if (SparseA.applies(x)) {
            sparse(x);
            if (x.epilogue != null) {
                x.epilogue.apply(x.c, x.cOffset, x.ldc, x.m, x.n, 0);
            }
            return;
        }
        long work = (long) x.m * x.n * x.k;
        // The narrow kernel takes alpha = 1 only (it reads A unpacked and unscaled); other alphas pack.
        boolean narrow = x.n <= provider.narrowColumns() && x.alpha == 1f;
        int parts = parts(work);
        // The direct path: one thread, A and B read where they lie. Transposed B has no rows to stream: it is first
        // transposed into rows when it fits the workspace, and packs otherwise; the kernel reads A unscaled, so
        // another alpha packs too (docs/decisions/direct-path.md). A C of whole half tiles takes it even where the
        // narrow kernel could: its tiles need no scratch accumulators.
        boolean halfTiles = x.n % (sizes.nr / 2) == 0;
        if (work < sizes.smallProblem && (!narrow || halfTiles) && parts == 1 && x.alpha == 1f
                && (!x.transB || (long) x.k * x.n <= x.ws.transposedB.length)) {
            if (x.transB) {
                // B transposed into the workspace as k rows of n: the kernels then read B's rows where they lie
                // and A as stored needs no packing either (docs/decisions/direct-path.md).
                Packing.transpose(x.b, x.bOffset, x.ldb, x.n, x.k, x.ws.transposedB);
                x.transB = false;
                x.b = x.ws.transposedB;
                x.bOffset = 0;
                x.ldb = x.n;
            }
            direct(x);
            if (x.epilogue != null) {
                x.epilogue.apply(x.c, x.cOffset, x.ldc, x.m, x.n, 0);
            }
            return;
        }
        run(x, false, narrow);
    }

    /** The sparse-A path, on the pool's threads when the listed work is large enough and the pool is free. */
    private void sparse(GemmArgs x) {
        // At least two column units per part: with one each, a part that starts late holds the call for a whole
        // unit after the caller has finished its own.
        int parts = Math.min(parts((long) (x.m * (double) x.n * x.k * SparseA.MAX_SHARE)),
                (x.n + SparseCall.UNIT_COLUMNS - 1) / SparseCall.UNIT_COLUMNS / 2);
        WorkerPool pool = WorkerPool.shared();
        if (parts > 1 && sparseCall.tryTake()) {
            try {
                if (pool.tryAcquire()) {
                    try {
                        sparseCall.set(x);
                        pool.runAcquired(sparseCall, parts);
                        sparseCall.multiplying();
                        pool.runAcquired(sparseCall, parts);
                        return;
                    } finally {
                        sparseCall.clear();
                        pool.release();
                    }
                }
            } finally {
                sparseCall.give();
            }
        }
        SparseA.run(x, provider, x.ws.sparse);
    }

    /** Threads for a call of {@code work} multiply-adds: each at least {@link BlockSizes#minWorkPerThread}. */
    private int parts(long work) {
        return (int) Math.min(WorkerPool.shared().threads(), Math.max(1, work / sizes.minWorkPerThread));
    }

    /** One call through {@link GemmCall}: on the pool's threads when it is large enough and the pool is free. */
    private void run(GemmArgs x, boolean split, boolean narrow) {
        int parts = parts((long) x.m * x.n * x.k);
        WorkerPool pool = WorkerPool.shared();
        if (parts > 1 && parallel.tryTake()) {
            try {
                if (pool.tryAcquire()) {
                    try {
                        parallel.set(x, split, narrow, parts);
                        pool.runAcquired(parallel, parts);
                        return;
                    } finally {
                        parallel.clear();
                        pool.release();
                    }
                }
            } finally {
                parallel.give();
            }
        }
        GemmCall local = x.ws.call;
        local.set(x, split, narrow, 1);
        try {
            local.run(0, 1);
        } finally {
            local.clear();
        }
    }

    /**
     * The direct path: MR x NR tiles (and MR x NR/2 halves) by the kernel with B read where it lies. A transposed
     * is read where it lies too (the rows of a step are adjacent). A as stored is read where it lies when its rows
     * span few column tiles; past {@link BlockSizes#directBlockTiles} the rows of each tile row are first
     * copied into a block whose rows lie {@link DirectKernel#DIRECT_ROW_STRIDE} apart, which the kernel reads
     * faster, in depth chunks of at most that stride. The last rows (m mod MR) go through the block zero-padded,
     * and a full-size temporary tile; the columns past the last tile take the narrow kernel. Each part is the
     * rounding rule's FMA chain (a later chunk continues from C with beta 1), as on the packed path. B is not
     * transposed and alpha is 1. Where the provider has a wider tile ({@link WideDirectKernel}) and C holds at
     * least one of it, that tile takes C's whole wide tiles first ({@link #directWide}).
     */
    private void direct(GemmArgs x) {
        if (wide != null && !x.transA && x.m >= wide.shortRows() && x.n >= wide.vectors() * vectorLanes()) {
            directWide(x);
        } else {
            directTiles(x);
        }
    }

    /**
     * The direct path with the wider tiles ({@link WideDirectKernel}): C's whole strips of its widest width, then
     * one strip of three or two vectors where the columns left allow it and leave none or at least two vectors, each
     * strip's rows in tiles of {@link WideDirectKernel#rows()} and then of {@link WideDirectKernel#shortRows()} (8
     * rows as two short tiles); the columns and the last rows they leave by {@link #directTiles}. Strip by strip:
     * the strip of B stays in L1 while the rows pass. Same rule, same bits.
     */
    private void directWide(GemmArgs x) {
        int v = vectorLanes();
        int widest = wide.vectors();
        int n = x.n - x.n % (widest * v);
        int m = wideRows(x.m, wide.rows(), wide.shortRows());
        for (int j = 0; j < n; j += widest * v) {
            wideStrip(x, widest, j, m);
        }
        int rest = x.n - n;
        int vectors = Math.min(widest - 1, rest / v);
        if (vectors >= 2 && (rest == vectors * v || rest - vectors * v >= 2 * v)) {
            wideStrip(x, vectors, n, m);
            n += vectors * v;
        }
        GemmArgs part = x.ws.wideRest;
        if (n < x.n) {
            directTiles(part.setWindow(x, 0, m, n, x.n - n));
        }
        if (m < x.m) {
            directTiles(part.setWindow(x, m, x.m - m, 0, x.n));
        }
        part.clear();
    }

    /** Floats in one vector of the kernels: half the {@link DirectKernel} tile's width. */
    private int vectorLanes() {
        return direct.columns() / 2;
    }

    /** Rows {@code [0, m)} of the strip of {@code vectors} vectors at column {@code j}, cut as {@link #wideRows}. */
    private void wideStrip(GemmArgs x, int vectors, int j, int m) {
        int tall = wide.rows();
        int shorter = wide.shortRows();
        int k = x.k;
        float[] a = x.a;
        int lda = x.lda;
        float[] b = x.b;
        int bAt = x.bOffset + j;
        int ldb = x.ldb;
        float beta = x.beta;
        float[] c = x.c;
        int ldc = x.ldc;
        int i = 0;
        for (; m - i >= tall && m - i != 2 * shorter; i += tall) {
            wide.multiply(vectors, k, a, x.aOffset + i * lda, lda, b, bAt, ldb, beta, c, x.cOffset + i * ldc + j, ldc);
        }
        for (; i < m; i += shorter) {
            wide.multiplyShort(vectors, k, a, x.aOffset + i * lda, lda, b, bAt, ldb, beta, c, x.cOffset + i * ldc + j,
                    ldc);
        }
    }

    /**
     * The rows of {@code m} that tiles of {@code tall} rows, then of {@code shorter} rows, cover: tall tiles while
     * at least {@code tall} rows are left and not exactly {@code 2 * shorter}, then short ones; fewer than
     * {@code shorter} rows remain.
     */
    static int wideRows(int m, int tall, int shorter) {
        int covered = 0;
        while (m - covered >= tall && m - covered != 2 * shorter) {
            covered += tall;
        }
        while (m - covered >= shorter) {
            covered += shorter;
        }
        return covered;
    }

    /** The direct path with the {@link DirectKernel} tile alone (described at {@link #direct}). */
    private void directTiles(GemmArgs x) {
        int mr = sizes.mr;
        int nr = sizes.nr;
        int half = nr / 2;
        int m = x.m;
        int n = x.n;
        int k = x.k;
        float[] a = x.a;
        int aOffset = x.aOffset;
        int lda = x.lda;
        float[] b = x.b;
        int bOffset = x.bOffset;
        int ldb = x.ldb;
        float beta = x.beta;
        float[] c = x.c;
        int cOffset = x.cOffset;
        int ldc = x.ldc;
        boolean transA = x.transA;
        int rest = n % nr >= half ? n % nr - half : n % nr;
        int tiledCols = n - rest;
        if (tiledCols == 0 || (rest > 0 && rest > provider.narrowColumns())) {
            provider.gemmSmall(transA, false, m, n, k, 1f, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        int tiled = m - m % mr;
        if (transA) {
            for (int j = 0, w; j < tiledCols; j += w) {
                w = directTileWidth(j, tiledCols);
                for (int i = 0; i < tiled; i += mr) {
                    int at = cOffset + i * ldc + j;
                    if (w == nr) {
                        direct.multiplyDirectTransposedA(k, a, aOffset + i, lda, b, bOffset + j, ldb, beta, c, at, ldc);
                    } else if (w < nr) {
                        direct.multiplyDirectTransposedAHalf(k, a, aOffset + i, lda, b, bOffset + j, ldb, beta, c, at,
                                ldc);
                    } else {
                        direct.multiplyDirectTransposedAWide(k, a, aOffset + i, lda, b, bOffset + j, ldb, beta, c, at,
                                ldc);
                    }
                }
            }
        } else if (ceilDiv(tiledCols, nr) >= sizes.directBlockTiles) {
            for (int i = 0; i < tiled; i += mr) {
                directBlock(x, mr, tiledCols, aOffset + i * lda, cOffset + i * ldc);
            }
        } else {
            for (int j = 0, w; j < tiledCols; j += w) {
                w = directTileWidth(j, tiledCols);
                for (int i = 0; i < tiled; i += mr) {
                    int aRows = aOffset + i * lda;
                    int at = cOffset + i * ldc + j;
                    if (w == nr) {
                        direct.multiplyDirect(k, a, aRows, lda, 1, b, bOffset + j, ldb, beta, c, at, ldc);
                    } else if (w < nr) {
                        direct.multiplyDirectHalf(k, a, aRows, lda, 1, b, bOffset + j, ldb, beta, c, at, ldc);
                    } else {
                        direct.multiplyDirectWide(k, a, aRows, lda, 1, b, bOffset + j, ldb, beta, c, at, ldc);
                    }
                }
            }
        }
        if (tiled < m) {
            directBlock(x, m - tiled, tiledCols, aOffset + tiled * (transA ? 1 : lda), cOffset + tiled * ldc);
        }
        if (rest > 0) {
            // Columns of a wider C: its rule, never the split-depth one. The workspace's second argument object
            // holds them (x itself when x is that object: nothing reads x after this).
            GemmArgs columns = x.ws.rest.setColumns(x, tiledCols, rest);
            sequential(columns);
            columns.clear();
        }
    }

    /**
     * The width of the direct path's tile at column {@code j} of the first {@code cols} (whole tiles and a half):
     * NR; NR/2 for a half tile alone; or NR + NR/2 where the last whole tile and the half run as one, the kernel's
     * wide entries.
     */
    private int directTileWidth(int j, int cols) {
        int left = cols - j;
        return left == sizes.nr + sizes.nr / 2 ? left : Math.min(left, sizes.nr);
    }

    /**
     * {@code rows <= MR} rows of the direct path over the first {@code cols} columns (whole tiles and halves), A
     * copied into the row block chunk by chunk. Fewer than MR rows: the block's other rows are zero and each tile
     * runs on a temporary one, of which only the real rows are copied out.
     */
    private void directBlock(GemmArgs x, int rows, int cols, int aOffset, int cOffset) {
        boolean transA = x.transA;
        int k = x.k;
        float[] a = x.a;
        int lda = x.lda;
        float[] b = x.b;
        int bOffset = x.bOffset;
        int ldb = x.ldb;
        float beta = x.beta;
        float[] c = x.c;
        int ldc = x.ldc;
        int mr = sizes.mr;
        int nr = sizes.nr;
        int stride = DirectKernel.DIRECT_ROW_STRIDE;
        Workspace ws = x.ws;
        float[] block = ws.a;
        float[] tile = ws.tile;
        boolean partial = rows < mr;
        if (partial) {
            Arrays.fill(block, rows * stride, mr * stride, 0f);
        }
        for (int p0 = 0; p0 < k; p0 += stride) {
            int kc = Math.min(stride, k - p0);
            if (transA) {
                for (int r = 0; r < rows; r++) {
                    for (int p = 0; p < kc; p++) {
                        block[r * stride + p] = a[aOffset + (p0 + p) * lda + r];
                    }
                }
            } else {
                provider.packRuns(a, aOffset + p0, lda, rows, kc, stride, 1f, false, block, 0);
            }
            // The first chunk starts from beta * C; each later one continues the chain from C itself.
            float chunkBeta = p0 == 0 ? beta : 1f;
            int bChunk = bOffset + p0 * ldb;
            for (int j = 0, w; j < cols; j += w) {
                w = directTileWidth(j, cols);
                if (!partial) {
                    if (w == nr) {
                        direct.multiplyDirectBlock(kc, block, 0, b, bChunk + j, ldb, chunkBeta, c, cOffset + j, ldc);
                    } else if (w < nr) {
                        direct.multiplyDirectBlockHalf(kc, block, 0, b, bChunk + j, ldb, chunkBeta, c, cOffset + j,
                                ldc);
                    } else {
                        direct.multiplyDirectBlockWide(kc, block, 0, b, bChunk + j, ldb, chunkBeta, c, cOffset + j,
                                ldc);
                    }
                    continue;
                }
                // Fewer rows than the tile: at most NR columns at a time, through the temporary tile.
                w = Math.min(nr, cols - j);
                if (chunkBeta != 0f) {
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(c, cOffset + r * ldc + j, tile, r * nr, w);
                    }
                }
                if (w == nr) {
                    direct.multiplyDirectBlock(kc, block, 0, b, bChunk + j, ldb, chunkBeta, tile, 0, nr);
                } else {
                    direct.multiplyDirectBlockHalf(kc, block, 0, b, bChunk + j, ldb, chunkBeta, tile, 0, nr);
                }
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(tile, r * nr, c, cOffset + r * ldc + j, w);
                }
            }
        }
    }

    private static void scale(int m, int n, float beta, float[] c, int cOffset, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : beta * c[row + j];
            }
        }
    }

    Workspace workspace() {
        return workspaces.get();
    }

    /**
     * Columns {@code [jFrom, jTo)} (relative to the block) of one MC x NC block: NR-column by MR-row tiles.
     * {@code beta} is the caller's for the first depth block and 1 after it.
     */
    void macro(Workspace ws, int kc, int mc, int jFrom, int jTo, int aPanel, float beta, float[] c, int cOffset,
               int ldc, float[] bp, float[] unpackedB, int bBlock, int ldb) {
        macro(ws, ws.a, kc, mc, jFrom, jTo, aPanel, beta, c, cOffset, ldc, bp, unpackedB, bBlock, ldb);
    }

    /** {@link #macro(Workspace, int, int, int, int, int, float, float[], int, int, float[], float[], int, int)} with A packed in {@code ap}. */
    void macro(Workspace ws, float[] ap, int kc, int mc, int jFrom, int jTo, int aPanel, float beta, float[] c,
               int cOffset, int ldc, float[] bp, float[] unpackedB, int bBlock, int ldb) {
        int mr = sizes.mr;
        int nr = sizes.nr;
        float[] tile = ws.tile;
        for (int jr = jFrom; jr < jTo; jr += nr) {
            int cols = Math.min(nr, jTo - jr);
            for (int ir = 0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                int cTile = cOffset + ir * ldc + jr;
                int aTile = (ir - ir % aPanel) * kc + ir % aPanel;
                if (rows == mr && cols == nr) {
                    if (ir == 0 && unpackedB != null) {
                        kernel.multiplyPackingB(kc, ap, aTile, aPanel, unpackedB, bBlock + jr, ldb, nr, bp,
                                jr * kc, beta, c, cTile, ldc);
                    } else {
                        kernel.multiply(kc, ap, aTile, aPanel, bp, jr * kc, beta, c, cTile, ldc);
                    }
                } else if (rows == mr && cols == nr / 2) {
                    kernel.multiplyHalf(kc, ap, aTile, aPanel, bp, jr * kc, beta, c, cTile, ldc);
                } else {
                    // Edge tile: the window of C goes through a full-size temporary, so the kernel never writes
                    // outside it; the accumulators start from the window's values, as on a full tile.
                    if (beta != 0f) {
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(c, cTile + r * ldc, tile, r * nr, cols);
                        }
                    }
                    if (cols <= nr / 2) {
                        kernel.multiplyHalf(kc, ap, aTile, aPanel, bp, jr * kc, beta, tile, 0, nr);
                    } else {
                        kernel.multiply(kc, ap, aTile, aPanel, bp, jr * kc, beta, tile, 0, nr);
                    }
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(tile, r * nr, c, cTile + r * ldc, cols);
                    }
                }
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int roundUp(int value, int multiple) {
        return ceilDiv(value, multiple) * multiple;
    }

    /**
     * The most floats of a transposed B that the direct path copies into rows (512 KiB per thread): 256 x 512, or
     * every square the direct path takes on one thread. A larger B takes the packed path.
     */
    static final int DIRECT_TRANSPOSED_B = 1 << 17;

    static int packedBSize(BlockSizes s) {
        return roundUp(s.nc, s.nr) * s.kc;
    }

    /** Pack buffers, the edge-tile temporary and the single-thread call state of one thread, allocated once. */
    static final class Workspace {
        final float[] a;
        final float[] tile;
        final float[] narrowB;
        final SplitDepth.Buffers split;
        final GemmCall call;
        /** The arguments of a call that starts on this thread, and of the columns its direct path leaves. */
        final GemmArgs args;
        final GemmArgs rest;
        /** The columns and the rows that the direct path's wider tile leaves. */
        final GemmArgs wideRest;
        /** B transposed for the direct path: k rows of n, for k * n up to its length. */
        final float[] transposedB = new float[DIRECT_TRANSPOSED_B];
        /** The sparse-A path's lists. */
        final SparseA.Lists sparse = new SparseA.Lists();
        /** Which A block {@link #a} holds: the call's phase and first row, or -1. */
        int packedPhase = -1;
        int packedRow = -1;

        Workspace(BlockSizes s, int narrowColumns, GemmDriver driver) {
            // Also the direct path's block of MR copied rows.
            a = new float[Math.max(roundUp(s.mc, s.transposedAPanel) * s.kc, s.mr * DirectKernel.DIRECT_ROW_STRIDE)];
            // Also the narrow kernel's accumulators: 20 vectors.
            tile = new float[Math.max(s.mr * s.nr, 20 * Math.max(1, narrowColumns))];
            narrowB = new float[Math.max(1, s.narrowKc * narrowColumns)];
            split = new SplitDepth.Buffers(s.splitChunk);
            // The B block of calls that run on this thread alone.
            call = new GemmCall(driver, new float[packedBSize(s)]);
            args = new GemmArgs(this);
            rest = new GemmArgs(this);
            wideRest = new GemmArgs(this);
        }
    }
}
