package org.lanes.internal.gemm;

import org.lanes.internal.KernelProvider;
import org.lanes.internal.WorkerPool;

/**
 * SGEMM in the Goto/BLIS structure: loops NC, then KC (pack B), then MC (pack A) around a macro-kernel
 * that walks NR-column by MR-row tiles and calls the provider's micro-kernel once per tile.
 *
 * <p>Threads split C into a grid of rectangles over M and N, never over K, and every element sees the same
 * sequence of depth blocks and the same rounding whichever rectangle and tile it lands in, so results are
 * bitwise identical for every thread count. Arguments are checked by the caller.
 */
public final class GemmDriver {
    private final KernelProvider provider;
    private final MicroKernel kernel;
    private final BlockSizes sizes;
    private final ThreadLocal<Workspace> workspaces;
    /** Reused for every parallel call; guarded by the pool, which runs one parallel job at a time. */
    private final ParallelGemm job = new ParallelGemm(this);

    public GemmDriver(KernelProvider provider) {
        this.provider = provider;
        this.kernel = provider.microKernel();
        this.sizes = provider.blockSizes();
        this.workspaces = ThreadLocal.withInitial(() -> new Workspace(sizes));
    }

    public BlockSizes sizes() {
        return sizes;
    }

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
        long work = (long) m * n * k;
        if (work < BlockSizes.SMALL_PROBLEM && n > provider.narrowColumns()) {
            provider.gemmSmall(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            if (epilogue != null) {
                epilogue.apply(c, cOffset, ldc, m, n, 0);
            }
            return;
        }
        WorkerPool pool = WorkerPool.shared();
        int parts = (int) Math.min(pool.threads(), Math.max(1, work / BlockSizes.MIN_WORK_PER_THREAD));
        if (parts > 1 && pool.tryAcquire()) {
            try {
                job.set(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, epilogue);
                pool.runAcquired(job, parts);
            } finally {
                job.clear();
                pool.release();
            }
        } else {
            blocked(transA, transB, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, epilogue,
                    0, m, 0, n);
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

    /** Computes the rectangle rows [i0, i1) x columns [j0, j1) of C on the calling thread. */
    void blocked(boolean transA, boolean transB, int k, float alpha, float[] a, int aOffset, int lda,
                 float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc,
                 BlockEpilogue epilogue, int i0, int i1, int j0, int j1) {
        Workspace ws = workspaces.get();
        if (j0 == 0 && j1 <= provider.narrowColumns()) {
            // Rectangles align to NR = two vectors, so C this narrow is never cut over N: the choice depends on
            // n alone, and every thread count takes the same path.
            narrow(ws, transA, transB, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, epilogue,
                    i0, i1, j1);
            return;
        }
        int mr = sizes.mr;
        int nr = sizes.nr;
        // Depth blocks depend on k alone (never on the rectangle), so every element sums in the same order.
        int kBlocks = ceilDiv(k, sizes.kc);
        int kcEven = ceilDiv(k, kBlocks);
        int mBlocks = ceilDiv(i1 - i0, sizes.mc);
        int aPanel = transA ? sizes.transposedAPanel : mr;
        int mcEven = roundUp(ceilDiv(i1 - i0, mBlocks), aPanel);
        // Whole B panels copied from runs are packed by their first tile (the first row block's first row of
        // tiles, MicroKernel.multiplyPackingB) when the kernel fuses the copy into its multiply-adds; it needs a
        // full first A panel, and B close enough to be in cache. Fusing the A gather the same way gained nothing:
        // its tiles ran 1.6 times slower.
        boolean lazyB = kernel.packsBInTile() && !transB && Math.min(mcEven, i1 - i0) >= mr
                && (long) kcEven * ldb <= BlockSizes.FUSED_B_SPAN;
        for (int jc = j0; jc < j1; jc += sizes.nc) {
            int nc = Math.min(sizes.nc, j1 - jc);
            for (int pc = 0; pc < k; pc += kcEven) {
                int kc = Math.min(kcEven, k - pc);
                float blockBeta = pc == 0 ? beta : 1f;
                BlockEpilogue last = pc + kc == k ? epilogue : null;
                Packing.packB(provider, transB, b, bOffset, ldb, pc, kc, jc, nc, nr, ws.b, lazyB);
                for (int ic = i0; ic < i1; ic += mcEven) {
                    int mc = Math.min(mcEven, i1 - ic);
                    Packing.packA(provider, transA, alpha, a, aOffset, lda, ic, mc, pc, kc, aPanel, ws.a);
                    int block = cOffset + ic * ldc + jc;
                    float[] unpackedB = lazyB && ic == i0 ? b : null;
                    macro(ws, kc, mc, nc, aPanel, blockBeta, c, block, ldc, unpackedB, bOffset + pc * ldb + jc, ldb);
                    if (last != null) {
                        // On the whole MC x NC block, still in L2, in long rows: applied per 8x32 tile the same
                        // epilogue ran three times slower per element (short loops, a call per tile).
                        last.apply(c, block, ldc, mc, nc, jc);
                    }
                }
            }
        }
    }

    /** Rows [i0, i1) of a C with n <= one vector of columns, with the narrow kernel. */
    private void narrow(Workspace ws, boolean transA, boolean transB, int k, float alpha, float[] a, int aOffset,
                        int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc,
                        BlockEpilogue epilogue, int i0, int i1, int n) {
        int lanes = provider.narrowColumns();
        int kBlocks = ceilDiv(k, sizes.narrowKc);
        int kcEven = ceilDiv(k, kBlocks);
        for (int pc = 0; pc < k; pc += kcEven) {
            int kc = Math.min(kcEven, k - pc);
            Packing.packB(provider, transB, b, bOffset, ldb, pc, kc, 0, n, lanes, ws.narrowB, false);
            int aBlock = transA ? aOffset + pc * lda + i0 : aOffset + i0 * lda + pc;
            provider.gemmNarrow(transA, i1 - i0, n, kc, alpha, a, aBlock, lda, ws.narrowB, pc == 0 ? beta : 1f,
                    c, cOffset + i0 * ldc, ldc, ws.tile);
        }
        if (epilogue != null) {
            epilogue.apply(c, cOffset + i0 * ldc, ldc, i1 - i0, n, 0);
        }
    }

    private void macro(Workspace ws, int kc, int mc, int nc, int aPanel, float beta, float[] c, int cOffset,
                       int ldc, float[] unpackedB, int bBlock, int ldb) {
        int mr = sizes.mr;
        int nr = sizes.nr;
        float[] tile = ws.tile;
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            for (int ir = 0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                int cTile = cOffset + ir * ldc + jr;
                int aTile = (ir - ir % aPanel) * kc + ir % aPanel;
                boolean half = cols <= nr / 2;
                if (rows == mr && cols == nr) {
                    if (ir == 0 && unpackedB != null) {
                        kernel.multiplyPackingB(kc, ws.a, aTile, aPanel, unpackedB, bBlock + jr, ldb, nr, ws.b,
                                jr * kc, beta, c, cTile, ldc);
                    } else {
                        kernel.multiply(kc, ws.a, aTile, aPanel, ws.b, jr * kc, beta, c, cTile, ldc);
                    }
                } else if (rows == mr && cols == nr / 2) {
                    kernel.multiplyHalf(kc, ws.a, aTile, aPanel, ws.b, jr * kc, beta, c, cTile, ldc);
                } else {
                    // Edge tile: the kernel fills a temporary, only the window is merged into C.
                    if (half) {
                        kernel.multiplyHalf(kc, ws.a, aTile, aPanel, ws.b, jr * kc, 0f, tile, 0, nr);
                    } else {
                        kernel.multiply(kc, ws.a, aTile, aPanel, ws.b, jr * kc, 0f, tile, 0, nr);
                    }
                    for (int r = 0; r < rows; r++) {
                        int row = cTile + r * ldc;
                        for (int j = 0; j < cols; j++) {
                            float t = tile[r * nr + j];
                            c[row + j] = beta == 0f ? t : Math.fma(c[row + j], beta, t);
                        }
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

    /** Pack buffers and the edge-tile temporary of one thread, allocated once. */
    static final class Workspace {
        final float[] a;
        final float[] b;
        final float[] tile;
        final float[] narrowB;

        Workspace(BlockSizes s) {
            a = new float[roundUp(s.mc, s.transposedAPanel) * s.kc];
            b = new float[roundUp(s.nc, s.nr) * s.kc];
            // Also the narrow kernel's scratch: up to 20 vectors of sums and ten columns of B.
            tile = new float[Math.max(s.mr * s.nr, 10 * (s.nr + s.narrowKc))];
            narrowB = new float[s.narrowKc * s.nr / 2];
        }
    }
}
