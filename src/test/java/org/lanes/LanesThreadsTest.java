package org.lanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lanes.internal.threads.WorkerPool;

/** The library's threads ({@link Lanes#setThreads}): resized while others compute, interrupted, capped. */
class LanesThreadsTest {
    @AfterEach
    void restoreThreads() {
        Lanes.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Resizing the pool while other threads multiply: every result stays right, nothing hangs or throws. Before the
     * fix a caller holding the replaced pool parked forever, and the one job object shared by both pools lost its
     * arrays ("src is null").
     */
    @Test
    void resizingWhileOtherThreadsComputeIsSafe() throws Exception {
        int m = 96;
        int n = 80;
        int k = 300;
        SplittableRandom rnd = new SplittableRandom(3);
        float[] a = Reference.random(rnd, m * k, 1f);
        float[] b = Reference.random(rnd, k * n, 1f);
        float[] x = Reference.random(rnd, 1 << 18, 1f);
        float[] expected = new float[m * n];
        Lanes.setThreads(1);
        Gemm.sgemm(m, n, k, a, b, expected);
        float[] yExpected = new float[x.length];
        Kernels.axpy(x.length, 0.5f, x, 0, yExpected, 0);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int id = t;
                futures.add(callers.submit(() -> {
                    float[] c = new float[m * n];
                    float[] y = new float[x.length];
                    while (!stop.get()) {
                        if (id == 2) {
                            Arrays.fill(y, 0f);
                            Kernels.axpy(x.length, 0.5f, x, 0, y, 0);
                            assertArrayEquals(yExpected, y);
                        } else {
                            Gemm.sgemm(m, n, k, a, b, c);
                            assertArrayEquals(expected, c);
                        }
                    }
                    return null;
                }));
            }
            long end = System.nanoTime() + 1_500_000_000L;
            int threads = 1;
            while (System.nanoTime() < end) {
                threads = threads % 3 + 1;
                Lanes.setThreads(threads);
                Thread.sleep(2);
            }
            stop.set(true);
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            callers.shutdownNow();
        }
    }

    /** An interrupted idle worker parks again instead of spinning on a core (its CPU time stays flat). */
    @Test
    void anInterruptedWorkerParksAgain() throws Exception {
        Lanes.setThreads(2);
        float[] a = new float[256 * 256];
        float[] c = new float[256 * 256];
        Gemm.sgemm(256, 256, 256, a, a, c);
        Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("lanes-worker") && t.isAlive())
                .findFirst().orElseThrow();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Thread.sleep(100);
        worker.interrupt();
        Thread.sleep(100);
        long before = mx.getThreadCpuTime(worker.getId());
        Thread.sleep(300);
        long used = mx.getThreadCpuTime(worker.getId()) - before;
        assertTrue(used < 100_000_000L, "the interrupted worker used " + used / 1_000_000 + " ms of CPU in 300 ms");
        Gemm.sgemm(256, 256, 256, a, a, c);
    }

    @Test
    void threadCountsAreCapped() {
        Lanes.setThreads(10_000);
        assertEquals(WorkerPool.maxThreads(), Lanes.threads());
        assertTrue(WorkerPool.maxThreads() <= 2 * Runtime.getRuntime().availableProcessors());
    }
}
