package org.lanes.internal.gemm;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.threads.WorkerPool;

/**
 * One SGEMM call cut into parts, one per thread (BLIS's and OpenBLAS's scheme). For each NC x KC block of B:
 * every part packs its share of B's panels into the one shared buffer, all wait at a barrier, then each takes
 * units (a row block, or a row block by a range of panels when there are too few row blocks) from a shared
 * counter until none is left, and all wait again before B is repacked. Units are handed out dynamically, so a
 * core slowed by another tenant simply takes fewer. Which part computes an element never changes its bits.
 *
 * <p>The object is reused from call to call (dispatching allocates nothing): the driver's shared one by at most
 * one pool at a time ({@link #tryTake()}), and one per thread for calls that run on one thread.
 */
final class GemmCall extends GemmArgs implements WorkerPool.Task {
    /**
     * Below this many multiply-adds per part a call is cut into one unit per part: each unit then costs more in
     * hand-out and A packing than a slow core could lose (docs/decisions/thread-units.md).
     */
    private static final long SMALL_PART_WORK = 64L * 64 * 64 * 16;
    /** Spins before a waiting part yields its core, then parks briefly. */
    private static final int SPINS = 1 << 12;

    private final GemmDriver d;
    private final float[] packedB;
    private final AtomicBoolean taken = new AtomicBoolean();
    /** Tickets of compute units, across phases (phase p owns its own range of tickets). */
    private final AtomicInteger next = new AtomicInteger();
    /** Tickets of B-packing units, across phases. */
    private final AtomicInteger packNext = new AtomicInteger();
    /** B-packing units finished, across phases. */
    private final AtomicInteger packed = new AtomicInteger();
    /** Compute units finished, across phases. */
    private final AtomicInteger computed = new AtomicInteger();
    private volatile boolean broken;

    private boolean narrow;
    private boolean split;
    private int parts;
    private int unitsPerPart;
    private int kcEven;
    /** Rows are cut into {@code rowChunks} chunks of whole {@code rowPanel}-row panels ({@link #rowStart}). */
    private int rowPanel;
    private int rowChunks;
    private int aPanel;
    private boolean fusedB;
    /** Column units ({@link #runColumns}): one shared packed A, each unit packing its own B panels. */
    private boolean columns;

    GemmCall(GemmDriver driver, float[] packedB) {
        super(null);
        this.d = driver;
        this.packedB = packedB;
    }

    /** Takes the shared call for one parallel run; false when another pool's run holds it. */
    boolean tryTake() {
        return taken.compareAndSet(false, true);
    }

    void give() {
        taken.set(false);
    }

    /** Takes the arguments of {@code x} and plans the units of the call for {@code parts} parts. */
    void set(GemmArgs x, boolean split, boolean narrow, int parts) {
        set(x);
        this.split = split;
        this.narrow = narrow;
        this.parts = parts;
        // Units per part that the dynamic hand-out aims for (BlockSizes.unitsPerPart, the tuner's choice): enough
        // that a slow core's lag is a fraction of one.
        unitsPerPart = (long) m * n * k / parts < SMALL_PART_WORK ? 1 : d.sizes.unitsPerPart;
        BlockSizes s = d.sizes;
        next.set(0);
        packNext.set(0);
        packed.set(0);
        computed.set(0);
        broken = false;
        columns = false;
        if (split) {
            // Row units of whole blocks of the split-depth kernel, each through the whole depth.
            splitRows(SplitDepth.BLOCK, 1);
            return;
        }
        if (narrow) {
            // Row units of whole 8-row groups; one unit on one thread.
            kcEven = GemmDriver.ceilDiv(k, GemmDriver.ceilDiv(k, Math.max(1, s.narrowKc)));
            splitRows(8, 1);
            return;
        }
        // Depth blocks depend on k alone, never on the part, so the work is the same for every thread count.
        kcEven = GemmDriver.ceilDiv(k, GemmDriver.ceilDiv(k, s.kc));
        aPanel = transA ? s.transposedAPanel : s.mr;
        splitRows(aPanel, GemmDriver.ceilDiv(m, s.mc));
        // Whole B panels copied from runs are packed by the first row block's first tiles when the kernel fuses
        // the copy into its multiply-adds (one part only: parts share B, packed before anyone multiplies), with a
        // full first A panel and B close enough to be in cache.
        fusedB = parts == 1 && d.kernel.packsBInTile() && !transB && rowEnd(0) >= s.mr
                && (long) kcEven * ldb <= s.fusedBSpan;
        columns = parts > 1 && m <= s.mc && s.columnUnits
                && (long) GemmDriver.roundUp(m, aPanel) * kcEven <= packedB.length;
    }

    /** Row chunks of whole {@code panel}-row panels for this call ({@link #rowChunks(int, int, int, int, int)}). */
    private void splitRows(int panel, int mBlocks) {
        rowPanel = panel;
        rowChunks = rowChunks(m, panel, mBlocks, parts, unitsPerPart);
    }

    /**
     * How many row chunks of whole {@code panel}-row panels {@code m} rows make: {@code mBlocks} on one thread
     * (each then within MC); with several parts at least {@code mBlocks} and {@code unitsPerPart} per part, rounded
     * up to a multiple of the parts where there are panels enough. Chunk r holds the panels
     * {@code [panels * r / chunks, panels * (r+1) / chunks)}, so the chunks differ by one panel at most and equal
     * cores finish together: 1024 rows in nine 114-row blocks left one of two threads idle for a ninth of the call
     * (docs/decisions/thread-units.md).
     */
    static int rowChunks(int m, int panel, int mBlocks, int parts, int unitsPerPart) {
        int panels = GemmDriver.ceilDiv(m, panel);
        int target = mBlocks;
        if (parts > 1) {
            target = GemmDriver.roundUp(Math.max(mBlocks, unitsPerPart * parts), parts);
        }
        return Math.max(1, Math.min(panels, target));
    }

    /** The first row of row chunk {@code r} of {@code chunks} ({@code r = chunks}: m). */
    static int rowStart(int m, int panel, int chunks, int r) {
        int panels = GemmDriver.ceilDiv(m, panel);
        return Math.min(m, (int) ((long) panels * r / chunks) * panel);
    }

    private int rowStart(int r) {
        return rowStart(m, rowPanel, rowChunks, r);
    }

    private int rowEnd(int r) {
        return rowStart(r + 1);
    }

    /** Drops the references to the caller's arrays. */
    /**
     * Any subset of the parts that includes part 0 finishes the call: every piece of work, B's packing included,
     * is claimed from a shared counter, so a worker that has not started by the time part 0 is done may be left
     * out (a descheduled worker then costs nothing; docs/decisions/thread-units.md).
     */
    @Override
    public boolean partsOptional() {
        return true;
    }

    @Override
    public void run(int part, int parts) {
        try {
            if (split) {
                runSplit();
            } else if (narrow) {
                runNarrow();
            } else if (columns) {
                runColumns();
            } else {
                runBlocked(part);
            }
        } catch (RuntimeException | Error e) {
            broken = true;
            throw e;
        }
    }

    private void runBlocked(int part) {
        BlockSizes s = d.sizes;
        int nr = s.nr;
        GemmDriver.Workspace ws = d.workspace();
        ws.packedPhase = -1;
        int phase = 0;
        // Unit tickets run on from phase to phase (the counters only grow): phase p owns [base, base + units) of
        // the compute tickets and [packBase, packBase + packUnits) of the packing tickets.
        int base = 0;
        int packBase = 0;
        for (int jc = 0; jc < n; jc += s.nc) {
            int nc = Math.min(s.nc, n - jc);
            int panels = GemmDriver.ceilDiv(nc, nr);
            int colChunks = parts == 1 ? 1
                    : Math.min(panels, Math.max(1, GemmDriver.ceilDiv(unitsPerPart * parts, rowChunks)));
            int units = rowChunks * colChunks;
            for (int pc = 0; pc < k; pc += kcEven, phase++, base += units) {
                int kc = Math.min(kcEven, k - pc);
                float blockBeta = pc == 0 ? beta : 1f;
                boolean last = pc + kc == k;
                int packUnits = parts == 1 ? 1 : Math.min(panels, parts);
                if (parts > 1) {
                    // The packed B of the phase before is in use until every unit of that phase is done.
                    awaitCount(computed, base);
                }
                for (int u = claim(packNext, packBase, packBase + packUnits); u >= 0;
                        u = claim(packNext, packBase, packBase + packUnits)) {
                    int q = u - packBase;
                    Packing.packB(d.provider, transB, b, bOffset, ldb, pc, kc, jc, nc, nr, packedB, fusedB,
                            panels * q / packUnits, panels * (q + 1) / packUnits);
                    packed.incrementAndGet();
                }
                if (parts > 1) {
                    awaitCount(packed, packBase + packUnits);
                }
                for (int u = claim(base, base + units); u >= 0; u = claim(base, base + units)) {
                    int rc = (u - base) / colChunks;
                    int cc = (u - base) % colChunks;
                    int ic = rowStart(rc);
                    int mc = rowEnd(rc) - ic;
                    int jFrom = panels * cc / colChunks * nr;
                    int jTo = Math.min(nc, panels * (cc + 1) / colChunks * nr);
                    if (ws.packedPhase != phase || ws.packedRow != ic) {
                        Packing.packA(d.provider, transA, alpha, a, aOffset, lda, ic, mc, pc, kc, aPanel, ws.a);
                        ws.packedPhase = phase;
                        ws.packedRow = ic;
                    }
                    int block = cOffset + ic * ldc + jc;
                    float[] unpacked = fusedB && rc == 0 ? b : null;
                    d.macro(ws, kc, mc, jFrom, jTo, aPanel, blockBeta, c, block, ldc, packedB, unpacked,
                            bOffset + pc * ldb + jc, ldb);
                    if (last && epilogue != null) {
                        // On the whole unit, still in L2, in long rows, not per tile (short loops, a call per
                        // tile: docs/decisions/thread-units.md).
                        epilogue.apply(c, block + jFrom, ldc, mc, jTo - jFrom, jc + jFrom);
                    }
                    computed.incrementAndGet();
                }
                packBase += packUnits;
            }
        }
    }

    /**
     * All rows in one block ({@code m <= MC}) on several parts: per depth block, the parts pack A once into the
     * call's shared buffer (a range of its panels each, claimed from a counter) and wait for all of it; then each
     * unit is a range of B's panels, packed by the part that takes the unit into its own buffer and multiplied
     * with every row. No part waits for B, and each reads its B panels from its own cache rather than a B block
     * too large for L2 once per row chunk (docs/decisions/thread-units.md).
     */
    private void runColumns() {
        BlockSizes s = d.sizes;
        int nr = s.nr;
        GemmDriver.Workspace ws = d.workspace();
        float[] ownB = ws.call.packedB;
        float[] sharedA = packedB;
        int panelsA = GemmDriver.ceilDiv(m, aPanel);
        int aPieces = Math.min(parts, panelsA);
        int base = 0;
        int packBase = 0;
        for (int jc = 0; jc < n; jc += s.nc) {
            int nc = Math.min(s.nc, n - jc);
            int panels = GemmDriver.ceilDiv(nc, nr);
            int units = Math.min(panels, unitsPerPart * parts);
            for (int pc = 0; pc < k; pc += kcEven, base += units, packBase += aPieces) {
                int kc = Math.min(kcEven, k - pc);
                float blockBeta = pc == 0 ? beta : 1f;
                boolean last = pc + kc == k;
                boolean fused = d.kernel.packsBInTile() && !transB && m >= s.mr && (long) kc * ldb <= s.fusedBSpan;
                // The shared A of the depth block before is in use until every unit of that block is done.
                awaitCount(computed, base);
                for (int u = claim(packNext, packBase, packBase + aPieces); u >= 0;
                        u = claim(packNext, packBase, packBase + aPieces)) {
                    int q = u - packBase;
                    Packing.packA(d.provider, transA, alpha, a, aOffset, lda, 0, panelsA * q / aPieces * aPanel,
                            Math.min(m, panelsA * (q + 1) / aPieces * aPanel), pc, kc, aPanel, sharedA);
                    packed.incrementAndGet();
                }
                awaitCount(packed, packBase + aPieces);
                for (int u = claim(base, base + units); u >= 0; u = claim(base, base + units)) {
                    int cc = u - base;
                    int panelFrom = panels * cc / units;
                    int panelTo = panels * (cc + 1) / units;
                    int jFrom = panelFrom * nr;
                    int jTo = Math.min(nc, panelTo * nr);
                    Packing.packB(d.provider, transB, b, bOffset, ldb, pc, kc, jc, nc, nr, ownB, fused, panelFrom,
                            panelTo);
                    int block = cOffset + jc;
                    d.macro(ws, sharedA, kc, m, jFrom, jTo, aPanel, blockBeta, c, block, ldc, ownB,
                            fused ? b : null, bOffset + pc * ldb + jc, ldb);
                    if (last && epilogue != null) {
                        epilogue.apply(c, block + jFrom, ldc, m, jTo - jFrom, jc + jFrom);
                    }
                    computed.incrementAndGet();
                }
            }
        }
    }

    /** The split-depth rule ({@link SplitDepth}): units of rows, B's columns copied once per part. */
    private void runSplit() {
        SplitDepth.Buffers buf = d.workspace().split;
        SplitDepth.prepare(buf, transB, n, k, b, bOffset, ldb);
        for (int u = claim(0, rowChunks); u >= 0; u = claim(0, rowChunks)) {
            int i0 = rowStart(u);
            int rows = rowEnd(u) - i0;
            SplitDepth.multiply(d.provider, buf, transB, i0, rows, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                    beta, c, cOffset, ldc);
            if (epilogue != null) {
                epilogue.apply(c, cOffset + i0 * ldc, ldc, rows, n, 0);
            }
        }
    }

    /** C of at most one vector of columns: units of rows, each through the whole depth with the narrow kernel. */
    private void runNarrow() {
        GemmDriver.Workspace ws = d.workspace();
        int lanes = d.provider.narrowColumns();
        for (int u = claim(0, rowChunks); u >= 0; u = claim(0, rowChunks)) {
            int i0 = rowStart(u);
            int rows = rowEnd(u) - i0;
            for (int pc = 0; pc < k; pc += kcEven) {
                int kc = Math.min(kcEven, k - pc);
                Packing.packB(d.provider, transB, b, bOffset, ldb, pc, kc, 0, n, lanes, ws.narrowB, false, 0, 1);
                int aBlock = transA ? aOffset + pc * lda + i0 : aOffset + i0 * lda + pc;
                d.provider.gemmNarrow(transA, rows, n, kc, a, aBlock, lda, ws.narrowB, pc == 0 ? beta : 1f,
                        c, cOffset + i0 * ldc, ldc, ws.tile);
            }
            if (epilogue != null) {
                epilogue.apply(c, cOffset + i0 * ldc, ldc, rows, n, 0);
            }
        }
    }

    /** The next unit in {@code [from, to)}, or -1 when all are taken. */
    private int claim(int from, int to) {
        return claim(next, from, to);
    }

    /** The next ticket of {@code next} in {@code [from, to)}, or -1 when all are taken. */
    private int claim(AtomicInteger next, int from, int to) {
        if (parts == 1) {
            int u = next.get();
            if (u < from) {
                u = from;
            }
            if (u >= to) {
                return -1;
            }
            next.set(u + 1);
            return u;
        }
        while (true) {
            int u = next.get();
            if (u < from) {
                // Not yet moved to this phase by anyone: the first claimant moves it.
                if (next.compareAndSet(u, from + 1)) {
                    return from;
                }
                continue;
            }
            if (u >= to) {
                return -1;
            }
            if (next.compareAndSet(u, u + 1)) {
                return u;
            }
        }
    }

    /**
     * Waits until {@code count} reaches {@code target}; a failed part breaks the wait with an exception rather
     * than a hang. The work counted is claimed by whichever parts run, so the wait never depends on a part that
     * has not started.
     */
    private void awaitCount(AtomicInteger count, int target) {
        int spins = 0;
        while (count.get() < target) {
            if (broken) {
                throw new IllegalStateException("another part of this GEMM call failed");
            }
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else if (spins < 2 * SPINS) {
                spins++;
                Thread.yield();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
    }
}
