package org.lanes.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.lanes.Activation;
import org.lanes.internal.BiasActivation;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.gemm.GemmDriver;
import org.lanes.internal.kernel.KernelProvider;

/**
 * Gets the vector kernels compiled before the application needs them: a daemon thread calls every kernel path on
 * small arrays, round after round, until a whole round allocates nothing on its thread (the Vector API allocates
 * only while a kernel runs uncompiled) or a deadline passes. The calls compute into the thread's own arrays:
 * nothing the application holds is touched, and results never depend on it.
 *
 * <p>Off unless asked for: {@code Lanes.warmUp(Duration)} starts it and waits, {@code -Dlanes.warmup=true} starts
 * it when the vector kernels are chosen; {@code -Dlanes.warmup.seconds} caps it (default 30). Started by itself at
 * first use it did not shorten a training run's first epoch on a 2-core Zen 5, and on a loaded host it slowed it:
 * it competes with the application and the JIT for the same cores (docs/decisions/warm-up.md). A service that
 * waits for it before taking requests gets its first request at full speed.
 */
public final class Warmup {
    private static final System.Logger LOG = System.getLogger("org.lanes");
    /** A round allocating at most this many bytes counts as compiled (the counter's own noise). */
    private static final long QUIET_ROUND_BYTES = 512;
    /** Compiled rounds in a row before the warm-up stops. */
    private static final int QUIET_ROUNDS = 3;
    /** Rounds run where allocation cannot be counted: about what the kernels need to reach C2. */
    private static final int ROUNDS_WITHOUT_COUNTER = 3000;

    private static final CountDownLatch DONE = new CountDownLatch(1);
    private static volatile Thread thread;

    private Warmup() {
    }

    /**
     * At start-up: checks the settings, and starts the warm-up for {@code provider} when {@code -Dlanes.warmup=true}.
     */
    static void atStartUp(KernelProvider provider) {
        String setting = System.getProperty("lanes.warmup", "false").trim();
        if (!setting.equalsIgnoreCase("true") && !setting.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("-Dlanes.warmup=" + setting + ": must be true or false");
        }
        seconds();
        if (setting.equalsIgnoreCase("true")) {
            start(provider);
        }
    }

    /** Starts the warm-up thread for {@code provider} once (not for the scalar kernels); returns at once. */
    public static synchronized void start(KernelProvider provider) {
        if (thread != null) {
            return;
        }
        long seconds = seconds();
        if (provider.vectorBitSize() <= 32 || seconds == 0) {
            DONE.countDown();
            thread = new Thread(() -> { });
            return;
        }
        Thread t = new Thread(() -> run(provider, seconds), "lanes-warmup");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private static long seconds() {
        String value = System.getProperty("lanes.warmup.seconds", "30").trim();
        try {
            long s = Long.parseLong(value);
            if (s >= 0) {
                return s;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("-Dlanes.warmup.seconds=" + value + ": must be a whole number >= 0");
    }

    /**
     * Waits up to {@code timeoutMillis} for the warm-up to finish; true when it has, false when it is still running
     * or was never started. The kernels work at any moment: waiting only trades a slow start for a later one.
     */
    public static boolean await(long timeoutMillis) throws InterruptedException {
        return thread != null && DONE.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private static void run(KernelProvider provider, long seconds) {
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        int rounds = 0;
        boolean compiled = false;
        try {
            List<Runnable> calls = calls(provider);
            LongSupplier counter = counter();
            int quiet = 0;
            while (System.nanoTime() < deadline && quiet < QUIET_ROUNDS
                    && (counter != null || rounds < ROUNDS_WITHOUT_COUNTER)) {
                long before = counter == null ? -1 : counter.getAsLong();
                for (Runnable call : calls) {
                    call.run();
                }
                rounds++;
                if (counter != null && before >= 0) {
                    quiet = counter.getAsLong() - before <= QUIET_ROUND_BYTES ? quiet + 1 : 0;
                }
            }
            compiled = quiet >= QUIET_ROUNDS;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "Lanes warm-up stopped: " + e);
        } finally {
            DONE.countDown();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean done = compiled;
        int total = rounds;
        LOG.log(System.Logger.Level.DEBUG, () -> "Lanes warm-up: " + total + " rounds in " + millis + " ms"
                + (done ? ", every kernel compiled" : ", stopped by its deadline"));
    }

    /**
     * This thread's allocated bytes as a supplier, or null where the counter is missing (no jdk.management in the
     * runtime, or the JVM does not count): the warm-up then runs {@link #ROUNDS_WITHOUT_COUNTER} rounds.
     */
    private static LongSupplier counter() {
        try {
            return AllocationCounter.create();
        } catch (RuntimeException | LinkageError ignored) {
            return null;
        }
    }

    /** The only class here that names {@code com.sun.management}, loaded only when the counter is asked for. */
    private static final class AllocationCounter {
        static LongSupplier create() {
            java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            if (bean instanceof com.sun.management.ThreadMXBean) {
                com.sun.management.ThreadMXBean c = (com.sun.management.ThreadMXBean) bean;
                if (c.isThreadAllocatedMemorySupported() && c.isThreadAllocatedMemoryEnabled()) {
                    return c::getCurrentThreadAllocatedBytes;
                }
            }
            return null;
        }
    }

    /**
     * One call per kernel path: the packed path (through tiny blocks, so that every packing and micro-kernel entry
     * runs on a few tiles), the direct path's forms, the narrow kernels, the split-depth rule, each with beta 0 and
     * not, with and without the fused epilogue; then the layer kernels.
     */
    static List<Runnable> calls(KernelProvider provider) {
        BlockSizes sizes = provider.blockSizes();
        int mr = sizes.mr;
        int nr = sizes.nr;
        GemmDriver packed = new GemmDriver(provider, sizes.withBlocks(2 * mr + 3, sizes.transposedAPanel * 2,
                4 * nr).withThresholds(0, Long.MAX_VALUE));
        GemmDriver plain = new GemmDriver(provider, sizes.withThresholds(sizes.smallProblem, Long.MAX_VALUE));
        BiasActivation epilogue = new BiasActivation(provider);
        int lanes = Math.max(1, provider.vectorBitSize() / Float.SIZE);
        List<Runnable> calls = new ArrayList<>();
        int pm = 2 * mr + 1;
        int pn = 2 * nr + nr / 2;
        int pk = 2 * (2 * mr + 3) + 1;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                gemm(calls, packed, epilogue, transA, transB, pm, pn, pk);
                gemm(calls, plain, epilogue, transA, transB, mr * 2, nr + nr / 2, 24);
            }
            gemm(calls, plain, epilogue, transA, false, mr * 2, nr * 4, 24);
            // Narrow C: the row groups of the narrow kernels are up to eight vectors tall (one or two columns).
            for (int n : new int[] {1, 2, 3, 4, 10}) {
                gemm(calls, plain, epilogue, transA, false, 8 * lanes + 3, n, 16);
            }
        }
        for (int n : new int[] {1, 2, 3, 4, 10}) {
            gemm(calls, plain, epilogue, false, n % 2 == 0, 9, n, 32 * Math.max(4, n) + 5);
        }
        // The sparse-A path: A nine tenths zeros, as stored and transposed, just past its smallest product.
        sparse(calls, plain, false, 16, 64, 1024);
        sparse(calls, plain, true, 1024, 64, 16);
        rowKernels(calls, new RowKernels(provider), 2 * lanes + 3);
        return calls;
    }

    private static void gemm(List<Runnable> calls, GemmDriver driver, BiasActivation epilogue, boolean transA,
                             boolean transB, int m, int n, int k) {
        float[] a = ramp(m * k);
        float[] b = ramp(k * n);
        float[] c = new float[m * n];
        float[] bias = ramp(n);
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        calls.add(() -> driver.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n, null));
        calls.add(() -> driver.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, c, 0, n, null));
        calls.add(() -> driver.sgemm(transA, transB, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 0f, c, 0, n, null));
        calls.add(() -> {
            driver.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n,
                    epilogue.set(bias, 0, Activation.SIGMOID));
            epilogue.clear();
        });
    }

    private static void sparse(List<Runnable> calls, GemmDriver driver, boolean transA, int m, int n, int k) {
        float[] a = ramp(m * k);
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 10 == 0 ? a[i] + 1f : 0f;
        }
        float[] b = ramp(k * n);
        float[] c = new float[m * n];
        int lda = transA ? m : k;
        calls.add(() -> driver.sgemm(transA, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, c, 0, n, null));
    }

    /** The layer kernels on {@code rows} rows: enough for the kernels that take several rows per vector. */
    private static void rowKernels(List<Runnable> calls, RowKernels k, int rows) {
        int cols = 70;
        float[] x = ramp(rows * cols);
        float[] y = new float[rows * cols];
        float[] d = new float[rows * cols];
        float[] bias = ramp(cols);
        float[] sums = new float[cols];
        int[] labels = new int[rows];
        for (Activation act : Activation.values()) {
            calls.add(() -> k.activate(act, rows, cols, x, 0, cols, y, 0, cols));
            calls.add(() -> k.activateBackward(act, rows, cols, y, 0, cols, x, 0, cols, d, 0, cols));
        }
        calls.add(() -> k.addBias(rows, cols, x, 0, cols, bias, 0, y, 0, cols));
        calls.add(() -> k.columnSums(rows, cols, 0.5f, x, 0, cols, sums, 0));
        calls.add(() -> k.softmax(rows, cols, x, 0, cols, y, 0, cols));
        calls.add(() -> k.logSoftmax(rows, cols, x, 0, cols, y, 0, cols));
        calls.add(() -> k.softmaxCrossEntropy(rows, 10, x, 0, cols, labels, 0, d, 0, cols));
        calls.add(() -> k.softmaxCrossEntropy(rows, cols, x, 0, cols, labels, 0, d, 0, cols));
        calls.add(() -> k.softmaxCrossEntropy(rows, cols, x, 0, cols, labels, 0, null, 0, 0));
        calls.add(() -> k.axpy(x.length, 0.5f, x, 0, y, 0));
        calls.add(() -> k.provider().scale(y.length, 0.5f, y, 0));
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 17) * 0.0625f - 0.5f;
        }
        return v;
    }
}
