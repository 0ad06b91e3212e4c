package org.lanes.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.lanes.Gemm;
import org.lanes.Lanes;

/**
 * Lanes against OpenBLAS on one host that drifts from minute to minute: both in one JVM, a block of calls of
 * one, then a block of the other, alternating which goes first, for many rounds. Reported per shape and thread
 * count: the median of the per-pair ratios (OpenBLAS time over Lanes time, above 1 when Lanes is faster) and
 * each side's best GFLOP/s. Sequential runs minutes apart are no comparison here; pairs a few milliseconds apart
 * are.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar org.lanes.bench.PairedGemm
 * [--threads N] [--rounds 15] [--block-ms 60] SHAPE...} where SHAPE is {@code FORM:m:n:k} (see
 * {@link GemmShape}). Run it with {@code OPENBLAS_NUM_THREADS=N} (OpenBLAS reads it once, when it loads) and {@code OPENBLAS_THREAD_TIMEOUT=4}: OpenBLAS's idle threads otherwise spin
 * for a long while after each multi-threaded call and steal a core from the Lanes block that follows. The
 * script {@code jmh/paired.sh} does both.
 *
 * <p>With {@code --scaling N} it pairs Lanes with itself instead: a block on one thread, then a block on N
 * threads, and reports the median speed-up (one-thread time over N-thread time) and each side's best. OpenBLAS
 * is not called then.
 */
public final class PairedGemm {
    private PairedGemm() {
    }

    public static void main(String[] args) throws InterruptedException {
        int[] threads = {1};
        int rounds = 15;
        double blockMs = 60;
        int scaling = 0;
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads":
                    threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                    break;
                case "--rounds":
                    rounds = Integer.parseInt(args[++i]);
                    break;
                case "--scaling":
                    scaling = Integer.parseInt(args[++i]);
                    break;
                case "--block-ms":
                    blockMs = Double.parseDouble(args[++i]);
                    break;
                default:
                    shapes.add(args[i]);
            }
        }
        if (shapes.isEmpty()) {
            shapes = List.of("NN:64:64:64", "NN:128:128:128", "NN:512:512:512", "NN:1024:1024:1024",
                    "NN:2048:2048:2048", "NN:256:512:784", "TN:784:512:256", "NT:256:784:512", "NN:256:10:512");
        }
        if (scaling > 1) {
            scaling(shapes, scaling, rounds, blockMs);
            return;
        }
        Loader.load(openblas_nolapack.class);
        Lanes.setThreads(threads[0]);
        System.out.println("# Lanes: " + Lanes.describe());
        System.out.println("# OpenBLAS 0.3.31 (org.bytedeco), OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS")
                + ", OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE"));
        System.out.printf(Locale.ROOT, "# %d rounds, blocks of about %.0f ms; ratio = OpenBLAS time / Lanes time%n",
                rounds, blockMs);
        System.out.println("| shape | threads | median ratio | min..max ratio | Lanes best GFLOP/s | OpenBLAS best GFLOP/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (int t : threads) {
            Lanes.setThreads(t);
            for (String shape : shapes) {
                measure(new GemmShape(shape), shape, t, rounds, blockMs);
            }
        }
    }

    private static void measure(GemmShape s, String name, int threads, int rounds, double blockMs)
            throws InterruptedException {
        FloatPointer pa = new FloatPointer(s.a);
        FloatPointer pb = new FloatPointer(s.b);
        FloatPointer pc = new FloatPointer(s.c.length);
        Runnable lanes = () -> Gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, 0, s.lda(), s.b, 0, s.ldb(),
                0f, s.c, 0, s.n);
        Runnable blas = () -> cblas_sgemm(CblasRowMajor, s.transA ? CblasTrans : CblasNoTrans,
                s.transB ? CblasTrans : CblasNoTrans, s.m, s.n, s.k, 1f, pa, s.lda(), pb, s.ldb(), 0f, pc, s.n);
        // Warm-up: both compiled and both caches and thread pools awake, then the block length from the timing.
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        double perCall = Double.MAX_VALUE;
        while (System.nanoTime() < warmEnd) {
            perCall = Math.min(perCall, block(lanes, 1));
            perCall = Math.min(perCall, block(blas, 1));
        }
        int calls = (int) Math.max(1, Math.min(1_000_000, blockMs * 1e6 / perCall));
        double[] ratios = new double[rounds];
        double bestLanes = Double.MAX_VALUE;
        double bestBlas = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            double tl;
            double tb;
            if (r % 2 == 0) {
                Thread.sleep(5);
                tl = block(lanes, calls);
                tb = block(blas, calls);
            } else {
                tb = block(blas, calls);
                Thread.sleep(5);
                tl = block(lanes, calls);
            }
            ratios[r] = tb / tl;
            bestLanes = Math.min(bestLanes, tl);
            bestBlas = Math.min(bestBlas, tb);
        }
        Arrays.sort(ratios);
        double flops = 2.0 * s.m * s.n * s.k;
        System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.2f..%.2f | %.1f | %.1f |%n", name, threads,
                ratios[rounds / 2], ratios[0], ratios[rounds - 1], flops / bestLanes, flops / bestBlas);
        pa.close();
        pb.close();
        pc.close();
    }

    private static void scaling(List<String> shapes, int threads, int rounds, double blockMs)
            throws InterruptedException {
        System.out.println("# Lanes: " + Lanes.describe());
        System.out.printf(Locale.ROOT, "# %d rounds, blocks of about %.0f ms; speed-up = 1-thread time / %d-thread time%n",
                rounds, blockMs, threads);
        System.out.println("| shape | threads | median speed-up | min..max | 1-thread best GFLOP/s | " + threads
                + "-thread best GFLOP/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String name : shapes) {
            GemmShape s = new GemmShape(name);
            Runnable call = () -> Gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, 0, s.lda(), s.b, 0, s.ldb(),
                    0f, s.c, 0, s.n);
            long warmEnd = System.nanoTime() + 2_000_000_000L;
            double perCall = Double.MAX_VALUE;
            while (System.nanoTime() < warmEnd) {
                Lanes.setThreads(1);
                perCall = Math.min(perCall, block(call, 1));
                Lanes.setThreads(threads);
                block(call, 1);
            }
            int calls = (int) Math.max(1, Math.min(1_000_000, blockMs * 1e6 / perCall));
            double[] ratios = new double[rounds];
            double best1 = Double.MAX_VALUE;
            double bestN = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                // A fresh pool for each side (Lanes.setThreads): its first call, in the block, wakes the workers.
                Lanes.setThreads(r % 2 == 0 ? 1 : threads);
                Thread.sleep(5);
                double first = block(call, calls);
                Lanes.setThreads(r % 2 == 0 ? threads : 1);
                Thread.sleep(5);
                double second = block(call, calls);
                double t1 = r % 2 == 0 ? first : second;
                double tn = r % 2 == 0 ? second : first;
                ratios[r] = t1 / tn;
                best1 = Math.min(best1, t1);
                bestN = Math.min(bestN, tn);
            }
            Arrays.sort(ratios);
            double flops = 2.0 * s.m * s.n * s.k;
            System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.2f..%.2f | %.1f | %.1f |%n", name, threads,
                    ratios[rounds / 2], ratios[0], ratios[rounds - 1], flops / best1, flops / bestN);
        }
    }

    /** Nanoseconds per call over a block of {@code calls} calls. */
    private static double block(Runnable r, int calls) {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            r.run();
        }
        return (double) (System.nanoTime() - t0) / calls;
    }
}
