package org.lanes.internal.gemm;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.lanes.internal.threads.WorkerPool;

/**
 * The sparse-A path on the pool's threads, in two rounds: the parts list A by blocks of {@link #UNIT_GROUPS} row
 * groups, then compute C by blocks of {@link #UNIT_COLUMNS} columns, so that each reads its own strips of B. Both
 * rounds hand out their blocks from a shared counter, so a part that starts late does less (the pool withdraws
 * parts that have not started when the caller's part ends). Rows and columns never share a chain, so the bits are
 * those of one thread. One object per driver, reused, taken by one call at a time
 * ({@link #tryTake()}), so that dispatching allocates nothing.
 */
final class SparseCall implements WorkerPool.Task {
    /** Columns per unit: a multiple of every vector width's four-vector strip. */
    static final int UNIT_COLUMNS = 64;
    /** Row groups per unit of the listing round. */
    static final int UNIT_GROUPS = 8;

    private final GemmDriver driver;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    private GemmArgs x;
    private SparseA.Lists lists;
    private int groups;
    private boolean listing;

    SparseCall(GemmDriver driver) {
        this.driver = driver;
    }

    boolean tryTake() {
        return taken.compareAndSet(false, true);
    }

    void give() {
        taken.set(false);
    }

    /** Readies the listing round; {@link #multiplying()} then readies the second. */
    void set(GemmArgs args) {
        x = args;
        lists = args.ws.sparse;
        groups = SparseA.prepare(args, lists);
        listing = true;
        next.set(0);
    }

    void multiplying() {
        listing = false;
        next.set(0);
    }

    void clear() {
        x = null;
        lists = null;
    }

    @Override
    public void run(int part, int parts) {
        if (listing) {
            int units = (groups + UNIT_GROUPS - 1) / UNIT_GROUPS;
            for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement()) {
                SparseA.list(x, lists, u * UNIT_GROUPS, Math.min(groups, (u + 1) * UNIT_GROUPS));
            }
            return;
        }
        int units = (x.n + UNIT_COLUMNS - 1) / UNIT_COLUMNS;
        for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement()) {
            int from = u * UNIT_COLUMNS;
            SparseA.multiply(x, driver.provider, lists, from, Math.min(x.n, from + UNIT_COLUMNS));
        }
    }

    @Override
    public boolean partsOptional() {
        return true;
    }
}
