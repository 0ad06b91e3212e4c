package org.lanes.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

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
 * [--threads N] [--rounds 15] [--block-ms 60] [--other-shapes] SHAPE...} where SHAPE is {@code FORM:m:n:k} (see
 * {@link GemmShape}). Run it with {@code OPENBLAS_NUM_THREADS=N} (OpenBLAS reads it once, when it loads) and {@code OPENBLAS_THREAD_TIMEOUT=4}: OpenBLAS's idle threads otherwise spin
 * for a long while after each multi-threaded call and steal a core from the Lanes block that follows. The
 * script {@code jmh/paired.sh} does both.
 *
 * <p>With {@code --scaling N} it pairs Lanes with itself instead: a block on one thread, then a block on N
 * threads, and reports the median speed-up (one-thread time over N-thread time) and each side's best. OpenBLAS
 * is not called then.
 *
 * <p>With {@code --direct} it pairs the two ways Lanes can run a small product on one thread: the direct path
 * (A and B read where they lie) forced on, against packing forced on, and reports the median speed-up of the
 * direct path (packed time over direct time). OpenBLAS is not called then either.
 */
public final class PairedGemm {
    private PairedGemm() {
    }

    public static void main(String[] args) throws InterruptedException {
        PairedOptions o = PairedOptions.parse(args, 0);
        int[] threads = o.threads;
        int rounds = o.rounds;
        double blockMs = o.blockMs;
        List<String> shapes = o.shapes;
        if (shapes.isEmpty()) {
            shapes = List.of("NN:64:64:64", "NN:128:128:128", "NN:512:512:512", "NN:1024:1024:1024",
                    "NN:2048:2048:2048", "NN:256:512:784", "TN:784:512:256", "NT:256:784:512", "NN:256:10:512");
        }
        if (o.otherShapes) {
            OtherShapes.run();
            System.out.println("# other vector shapes (64 and 128 bits) ran first");
        }
        if (o.direct) {
            PairedBlocks.direct(shapes, rounds, blockMs);
            return;
        }
        if (o.scaling > 1) {
            scaling(shapes, o.scaling, rounds, blockMs);
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
        // Both compiled, both caches and thread pools awake; then blocks alternating, each after a 5 ms pause.
        double[] r = Pairing.pairs(lanes, blas, rounds, blockMs);
        double flops = 2.0 * s.m * s.n * s.k;
        System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.2f..%.2f | %.1f | %.1f |%n", name, threads,
                r[0], r[1], r[2], flops / r[3], flops / r[4]);
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
            // A fresh pool for each side (Lanes.setThreads), made before the block; its first call wakes the workers.
            double[] r = Pairing.pairs(() -> Lanes.setThreads(threads), call, () -> Lanes.setThreads(1), call,
                    rounds, blockMs);
            double flops = 2.0 * s.m * s.n * s.k;
            System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.2f..%.2f | %.1f | %.1f |%n", name, threads, r[0], r[1],
                    r[2], flops / r[4], flops / r[3]);
        }
    }
}
