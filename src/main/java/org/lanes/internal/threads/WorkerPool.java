package org.lanes.internal.threads;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The library's own threads: {@code threads - 1} daemon workers plus the calling thread. One parallel job
 * runs at a time; a caller that finds the pool busy computes on its own thread instead (the results are
 * the same bits either way), so concurrent callers never wait on each other. Dispatch allocates nothing.
 */
public final class WorkerPool {
    /** A job cut into parts; {@code run} is called once for each part index. */
    public interface Task {
        void run(int part, int parts);

        /**
         * Whether the call is complete once part 0 returns, whichever other parts ran (the parts claim their work
         * from a shared counter). The pool then withdraws the parts that no worker has started by that moment
         * instead of waiting for a descheduled worker to wake up only to find nothing left.
         */
        default boolean partsOptional() {
            return false;
        }
    }

    private static final int SPINS = 1 << 14;
    private static volatile WorkerPool shared;

    private final ReentrantLock busy = new ReentrantLock();
    private final AtomicInteger pending = new AtomicInteger();
    private final Worker[] workers;
    private volatile Thread waiter;
    private volatile Throwable failure;
    /** Set once this pool has been replaced: it takes no new job, and its workers exit. */
    private volatile boolean closed;

    private WorkerPool(int threads) {
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(this, i + 1);
            workers[i].start();
        }
    }

    /** The pool every kernel uses, created on first use with {@code -Dlanes.threads} threads. */
    public static WorkerPool shared() {
        WorkerPool pool = shared;
        if (pool == null) {
            synchronized (WorkerPool.class) {
                pool = shared;
                if (pool == null) {
                    pool = new WorkerPool(defaultThreads());
                    shared = pool;
                }
            }
        }
        return pool;
    }

    /**
     * Replaces the shared pool; safe at any moment. A call running on the old pool finishes there; a caller that
     * still holds the old pool finds it closed and computes on its own thread; new calls use the new pool. A count
     * above {@link #maxThreads()} is capped to it, with a warning.
     */
    public static void resize(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        threads = capped(threads, "Lanes.setThreads(" + threads + ")");
        synchronized (WorkerPool.class) {
            WorkerPool old = shared;
            shared = new WorkerPool(threads);
            if (old != null) {
                old.shutdown();
            }
        }
    }

    /**
     * The most threads a pool gets: twice the available processors. More only adds hand-offs and cache
     * misses (10,000 threads made a 0.6 s evaluation take 6.4 s).
     */
    public static int maxThreads() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    static int capped(int threads, String what) {
        int max = maxThreads();
        if (threads > max) {
            System.getLogger("org.lanes").log(System.Logger.Level.WARNING, what + " asks for " + threads
                    + " threads; using " + max + " (twice the " + Runtime.getRuntime().availableProcessors()
                    + " available processors)");
            return max;
        }
        return threads;
    }

    static int defaultThreads() {
        String value = System.getProperty("lanes.threads");
        int cpus = Runtime.getRuntime().availableProcessors();
        if (value == null || value.isBlank()) {
            return cpus;
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                return capped(threads, "-Dlanes.threads=" + value);
            }
        } catch (NumberFormatException ignored) {
            // fall through to the warning
        }
        System.getLogger("org.lanes").log(System.Logger.Level.WARNING,
                "Ignoring -Dlanes.threads=" + value + " (not a positive integer); using " + cpus);
        return cpus;
    }

    public int threads() {
        return workers.length + 1;
    }

    /** Takes the pool for one job; false when another caller holds it or the pool has been replaced. */
    public boolean tryAcquire() {
        if (closed || !busy.tryLock()) {
            return false;
        }
        if (closed) {
            busy.unlock();
            return false;
        }
        return true;
    }

    public void release() {
        busy.unlock();
    }

    /**
     * Runs parts {@code 0..parts-1} of {@code task}, part 0 on the calling thread, and returns when all are
     * done. The caller must hold the pool ({@link #tryAcquire()}). A failure in any part is rethrown here.
     */
    public void runAcquired(Task task, int parts) {
        int count = Math.min(parts, threads());
        failure = null;
        waiter = Thread.currentThread();
        pending.set(count - 1);
        for (int i = 1; i < count; i++) {
            workers[i - 1].assign(task, count);
        }
        try {
            task.run(0, count);
        } finally {
            if (task.partsOptional()) {
                for (int i = 1; i < count; i++) {
                    if (workers[i - 1].withdraw(task)) {
                        pending.decrementAndGet();
                    }
                }
            }
            awaitWorkers();
        }
        Throwable t = failure;
        if (t != null) {
            failure = null;
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException(t);
        }
    }

    private void awaitWorkers() {
        int spins = 0;
        boolean interrupted = false;
        while (pending.get() != 0) {
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else {
                // An interrupt would make park return at once and this loop spin: clear it, restore it after.
                interrupted |= Thread.interrupted();
                LockSupport.park(this);
            }
        }
        waiter = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void finished(Throwable t) {
        if (t != null) {
            failure = t;
        }
        if (pending.decrementAndGet() == 0) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    private void shutdown() {
        busy.lock();
        try {
            closed = true;
            for (Worker w : workers) {
                w.stopRequested = true;
                LockSupport.unpark(w);
            }
        } finally {
            busy.unlock();
        }
    }

    private static final class Worker extends Thread {
        private final WorkerPool pool;
        private final int part;
        /** The part offered to this worker and not yet started, or null; taken or withdrawn by a CAS. */
        private final AtomicReference<Task> offered = new AtomicReference<>();
        private volatile int parts;
        volatile boolean stopRequested;

        Worker(WorkerPool pool, int part) {
            super("lanes-worker-" + part);
            this.pool = pool;
            this.part = part;
            setDaemon(true);
        }

        void assign(Task t, int count) {
            parts = count;
            offered.set(t);
            LockSupport.unpark(this);
        }

        /** Takes back the part offered, if this worker has not started it; true when withdrawn. */
        boolean withdraw(Task t) {
            return offered.compareAndSet(t, null);
        }

        /** The offered part, now owned by this worker; null when there is none (or it was withdrawn). */
        private Task take() {
            Task t = offered.get();
            return t != null && offered.compareAndSet(t, null) ? t : null;
        }

        @Override
        public void run() {
            while (!stopRequested) {
                Task t = take();
                if (t == null) {
                    int spins = 0;
                    while ((t = take()) == null && !stopRequested) {
                        if (spins < SPINS) {
                            spins++;
                            Thread.onSpinWait();
                        } else {
                            // The library's own thread: an interrupt means nothing to it. Cleared, or park would
                            // return at once and the worker spin on a core forever.
                            Thread.interrupted();
                            LockSupport.park(this);
                        }
                    }
                    if (t == null) {
                        return;
                    }
                }
                Throwable error = null;
                try {
                    t.run(part, parts);
                } catch (Throwable e) {
                    error = e;
                }
                pool.finished(error);
            }
        }
    }
}
