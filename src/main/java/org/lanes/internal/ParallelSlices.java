package org.lanes.internal;

import org.lanes.Activation;
import org.lanes.internal.kernel.KernelProvider;
import org.lanes.internal.threads.WorkerPool;

/**
 * Long element-wise kernels (the SGD update of a large weight matrix, an activation's backward pass over a
 * whole layer) cut into one contiguous slice per thread. Each element is computed exactly as on one thread,
 * so results are bitwise the same for every thread count. The object is reused from call to call, guarded by
 * the pool, so that dispatching allocates nothing.
 */
final class ParallelSlices implements WorkerPool.Task {
    /**
     * Below this many elements a call stays on the calling thread: the pool's hand-off costs a few microseconds,
     * which a 784 x 512 update repays (docs/decisions/parallel-slices.md).
     */
    static final int MIN_ELEMENTS = 1 << 17;
    /** Slices start on a multiple of this many elements (a cache line, and a whole 16-lane vector). */
    private static final int ALIGN = 16;

    private final KernelProvider p;
    /** Held while a pool runs this object: two pools (before and after a resize) never share it. */
    private final java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();
    private boolean backward;
    private Activation act;
    private int n;
    private float alpha;
    private float[] x;
    private int xOffset;
    private float[] y;
    private int yOffset;
    private float[] out;
    private int outOffset;

    ParallelSlices(KernelProvider provider) {
        this.p = provider;
    }

    /** {@code y[i] += alpha * x[i]}, in parallel when long enough and the pool is free. */
    void axpy(int n, float alpha, float[] x, int xOffset, float[] y, int yOffset) {
        WorkerPool pool = WorkerPool.shared();
        if (n < MIN_ELEMENTS || pool.threads() < 2 || !take(pool)) {
            p.axpy(n, alpha, x, xOffset, y, yOffset);
            return;
        }
        set(false, null, n, alpha, x, xOffset, y, yOffset, null, 0);
        run(pool);
    }

    /** {@code dz[i] = dA[i] * act'(a[i])}, in parallel when long enough and the pool is free. */
    void activateBackward(Activation act, int n, float[] a, int aOffset, float[] dA, int dAOffset,
                          float[] dz, int dzOffset) {
        WorkerPool pool = WorkerPool.shared();
        if (n < MIN_ELEMENTS || pool.threads() < 2 || !take(pool)) {
            p.activateBackward(act, a, aOffset, dA, dAOffset, dz, dzOffset, n);
            return;
        }
        set(true, act, n, 0f, a, aOffset, dA, dAOffset, dz, dzOffset);
        run(pool);
    }

    private void set(boolean backward, Activation act, int n, float alpha, float[] x, int xOffset, float[] y,
                     int yOffset, float[] out, int outOffset) {
        this.backward = backward;
        this.act = act;
        this.n = n;
        this.alpha = alpha;
        this.x = x;
        this.xOffset = xOffset;
        this.y = y;
        this.yOffset = yOffset;
        this.out = out;
        this.outOffset = outOffset;
    }

    /** This object and the pool, or neither. */
    private boolean take(WorkerPool pool) {
        if (!taken.compareAndSet(false, true)) {
            return false;
        }
        if (!pool.tryAcquire()) {
            taken.set(false);
            return false;
        }
        return true;
    }

    private void run(WorkerPool pool) {
        try {
            pool.runAcquired(this, pool.threads());
        } finally {
            x = null;
            y = null;
            out = null;
            pool.release();
            taken.set(false);
        }
    }

    @Override
    public void run(int part, int parts) {
        int from = boundary(part, parts);
        int len = boundary(part + 1, parts) - from;
        if (len <= 0) {
            return;
        }
        if (backward) {
            p.activateBackward(act, x, xOffset + from, y, yOffset + from, out, outOffset + from, len);
        } else {
            p.axpy(len, alpha, x, xOffset + from, y, yOffset + from);
        }
    }

    private int boundary(int part, int parts) {
        if (part >= parts) {
            return n;
        }
        return (int) Math.min(n, (long) n * part / parts / ALIGN * ALIGN);
    }
}
