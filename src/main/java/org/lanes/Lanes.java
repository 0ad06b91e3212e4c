package org.lanes;

import java.nio.file.Path;
import java.time.Duration;
import org.lanes.internal.Providers;
import org.lanes.internal.kernel.KernelProvider;
import org.lanes.internal.platform.Machine;
import org.lanes.internal.threads.WorkerPool;
import org.lanes.internal.tune.TuneRun;

/**
 * Library-wide configuration and facts: which kernel implementation runs, and how many threads it uses.
 *
 * <p>The implementation is chosen once, at first use: the Vector API kernels when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and C2 is active, the scalar kernels otherwise (with one
 * warning through {@link System.Logger}) or when {@code -Dlanes.vector=false} is given.
 *
 * <p>The GEMM configuration (register tile, block sizes) is chosen once from the machine: CPU family and caches
 * (docs/gemm.md). {@code -Dlanes.arch=zen4|zen|avx512|avx2|vector|scalar} forces a family,
 * {@code -Dlanes.kc/mc/nc} override block sizes, {@code -Dlanes.cache.l1=48:12} (KiB:ways, also l2, l3) and
 * {@code -Dlanes.cpu.vendor/family/model/flags} override what was detected.
 *
 * <p>Wisdom: block sizes and thresholds measured on this CPU ({@link #tune(Duration)}, {@code lanes tune}) are
 * kept in a per-user cache, one file per CPU signature (vendor, family, model, vector width, cache geometry, JDK
 * feature version): {@code $XDG_CACHE_HOME/lanes/}, else {@code ~/.cache/lanes/} ({@code -Dlanes.wisdom.dir}
 * elsewhere). At start-up Lanes reads the file of its signature by itself and says so in its INFO line; a file for
 * another CPU or JDK is ignored with the reason logged. {@code -Dlanes.wisdom=FILE} reads that file instead,
 * {@code -Dlanes.wisdom=none} none. The library never tunes unasked; every choice keeps the results' bits.
 *
 * <p>Threads: {@code -Dlanes.threads=N} (default: the number of available processors) or
 * {@link #setThreads(int)}. The count includes the calling thread; the rest are the library's own daemon
 * threads.
 */
public final class Lanes {
    private Lanes() {
    }

    /**
     * Which kernels serve the calls.
     *
     * @return {@code "vector"} or {@code "scalar"}
     */
    public static String implementation() {
        return Providers.active().name();
    }

    /**
     * The width of the vectors the kernels use.
     *
     * @return bits per vector register used by the kernels (for example 512 with AVX-512); 32 for the scalar path
     */
    public static int vectorBitSize() {
        return Providers.active().vectorBitSize();
    }

    /**
     * A one-line summary that starts with the implementation, for example {@code "vector, 256-bit, 2 threads;
     * arch zen (MR=6 NR=16 KC=1024 MC=120 NC=1024, policy: deep KC, Zen); AMD EPYC (AuthenticAMD family 25 model 1,
     * ..., L1 32 KiB 8-way, L2 512 KiB 8-way, L3 32 MiB 16-way shared by 2, from linux)"}: the kernels, the
     * architecture configuration chosen and the machine it was chosen for.
     *
     * @return the summary, one line
     */
    public static String describe() {
        KernelProvider p = Providers.active();
        return p.name() + ", " + p.vectorBitSize() + "-bit, " + threads() + " threads; arch " + p.architecture()
                + "; " + Machine.current();
    }

    /**
     * The threads the kernels use.
     *
     * @return the number of threads, the caller included
     */
    public static int threads() {
        return WorkerPool.shared().threads();
    }

    /**
     * Measures block sizes, the direct path's threshold and the least work per thread on this CPU, one and two
     * threads, within about {@code budget} (40 s is thorough, 10 s quick), and writes them as wisdom for this CPU
     * signature into the per-user cache, where later starts find it. This JVM keeps the sizes it chose at start-up
     * (they are fixed once, before the first call): the wisdom applies from the next start. The results' bits do
     * not change with any of these choices.
     *
     * @param budget the time to spend measuring, positive and at most an hour
     * @return the wisdom file written
     * @throws IllegalArgumentException naming {@code budget} when it is out of range
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public static Path tune(Duration budget) {
        System.Logger log = System.getLogger("org.lanes");
        return TuneRun.tuneAndStore(budget, null, line -> log.log(System.Logger.Level.INFO, "Lanes tune: " + line));
    }

    /**
     * Sets the number of threads the kernels use. Safe at any moment: calls running keep their threads, later
     * calls use the new count.
     *
     * @param threads the number of threads, the caller included; a count above twice the available processors is
     *     capped, with a warning
     * @throws IllegalArgumentException when {@code threads} is less than 1
     */
    public static void setThreads(int threads) {
        WorkerPool.resize(threads);
    }

    /**
     * Gets the vector kernels compiled now rather than at the application's first calls, and waits for at most
     * {@code timeout}. Until the JIT compiles a kernel, the Vector API runs it lane by lane, many times slower; this
     * starts (once) a daemon thread that runs every kernel path on small arrays of its own until none allocates,
     * which on the vector kernels means compiled. A service may call it at start-up so that its first request runs
     * at full speed. It costs a core for seconds while it runs, so Lanes does not start it by itself
     * ({@code -Dlanes.warmup=true} does, at first use). The kernels work at any moment: waiting only moves the
     * slow start.
     *
     * @param timeout the longest wait; zero starts the warm-up without waiting
     * @return true when the warm-up has ended: every kernel path compiled, or its deadline passed
     *     ({@code -Dlanes.warmup.seconds}, 30 by default); false while it runs, and on the scalar kernels, which
     *     need none
     * @throws IllegalArgumentException when {@code timeout} is null or negative
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public static boolean warmUp(java.time.Duration timeout) throws InterruptedException {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be a non-negative duration, got " + timeout);
        }
        KernelProvider p = Providers.active();
        if (p.vectorBitSize() <= 32) {
            return false;
        }
        org.lanes.internal.Warmup.start(p);
        return org.lanes.internal.Warmup.await(timeout.toMillis());
    }
}
