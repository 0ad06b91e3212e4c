package org.lanes;

import org.lanes.internal.KernelProvider;
import org.lanes.internal.Providers;
import org.lanes.internal.WorkerPool;

/**
 * Library-wide configuration and facts: which kernel implementation runs, and how many threads it uses.
 *
 * <p>The implementation is chosen once, at first use: the Vector API kernels when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and C2 is active, the scalar kernels otherwise (with one
 * warning through {@link System.Logger}) or when {@code -Dlanes.vector=false} is given.
 *
 * <p>Threads: {@code -Dlanes.threads=N} (default: the number of available processors) or
 * {@link #setThreads(int)}. The count includes the calling thread; the rest are the library's own daemon
 * threads.
 */
public final class Lanes {
    private Lanes() {
    }

    /** "vector" or "scalar". */
    public static String implementation() {
        return Providers.active().name();
    }

    /** Bits per vector register used by the kernels (for example 512 with AVX-512); 32 for the scalar path. */
    public static int vectorBitSize() {
        return Providers.active().vectorBitSize();
    }

    /** A one-line summary, for example {@code "vector, 512-bit, 2 threads"}. */
    public static String describe() {
        KernelProvider p = Providers.active();
        return p.name() + ", " + p.vectorBitSize() + "-bit, " + threads() + " threads";
    }

    /** Threads the kernels use, the caller included. */
    public static int threads() {
        return WorkerPool.shared().threads();
    }

    /** Sets the number of threads the kernels use, the caller included. */
    public static void setThreads(int threads) {
        WorkerPool.resize(threads);
    }
}
