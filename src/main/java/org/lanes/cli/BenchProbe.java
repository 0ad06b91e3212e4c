package org.lanes.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.lanes.Activation;
import org.lanes.Gemm;
import org.lanes.Kernels;
import org.lanes.Tuning;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;

/**
 * The quick measurements behind {@code lanes bench}, taken with whatever kernels this JVM uses. The command
 * runs them here for the vector path and in a child JVM with {@code -Dlanes.vector=false} for the scalar path.
 * Each figure is the best rate over several timed rounds after a warm-up: a sanity check of the machine, not a
 * substitute for the JMH suite.
 */
final class BenchProbe {
    /** One measured figure. */
    record Result(String name, String unit, double value) {
    }

    private static final int FMA_ITERATIONS = 1 << 20;
    private static final int ROUNDS = 6;

    private final long budgetNanos;
    private final List<Result> results = new ArrayList<>();
    private float sink;

    private BenchProbe(long budgetNanos) {
        this.budgetNanos = budgetNanos;
    }

    static List<Result> run(boolean quick, long budgetMillis) {
        BenchProbe probe = new BenchProbe(budgetMillis * 1_000_000L);
        probe.peak();
        probe.gemm(128, 128, 128);
        probe.gemm(512, 512, 512);
        if (!quick) {
            probe.gemm(1024, 1024, 1024);
        }
        probe.gemm(256, 512, 784);
        probe.rowKernels(256, 512);
        probe.rowKernels(1024, 1024);
        if (!quick) {
            probe.trainStep(64, 784, 128, 10);
        }
        probe.trainStep(256, 784, 512, 10);
        return probe.results;
    }

    /** Child-process entry: {@code quick|full budgetMillis}; prints one tab-separated result per line. */
    public static void main(String[] args) {
        for (Result r : run("quick".equals(args[0]), Long.parseLong(args[1]))) {
            System.out.println(r.name() + "\t" + r.unit() + "\t" + r.value());
        }
    }

    private void peak() {
        double callsPerSecond = rate(() -> sink += Tuning.fmaProbe(FMA_ITERATIONS));
        double flopsPerCall = Tuning.fmaProbeFlops(FMA_ITERATIONS);
        results.add(new Result("FMA peak probe, 1 core", "GFLOP/s", callsPerSecond * flopsPerCall / 1e9));
    }

    private void gemm(int m, int n, int k) {
        SplittableRandom rnd = new SplittableRandom(1);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] c = new float[m * n];
        double callsPerSecond = rate(() -> Gemm.sgemm(m, n, k, a, b, c));
        String name = m == n && n == k ? "sgemm " + m + "^3" : String.format(Locale.ROOT, "sgemm %dx%dx%d", m, n, k);
        results.add(new Result(name, "GFLOP/s", callsPerSecond * 2.0 * m * n * k / 1e9));
    }

    private void rowKernels(int rows, int cols) {
        float[] x = random(new SplittableRandom(2), rows * cols);
        float[] y = new float[rows * cols];
        double elements = (double) rows * cols;
        double sigmoid = rate(() -> Kernels.activate(Activation.SIGMOID, rows, cols, x, 0, cols, y, 0, cols));
        results.add(new Result("sigmoid " + rows + "x" + cols, "Melem/s", sigmoid * elements / 1e6));
        double softmax = rate(() -> Kernels.softmax(rows, cols, x, 0, cols, y, 0, cols));
        results.add(new Result("softmax " + rows + "x" + cols, "Melem/s", softmax * elements / 1e6));
    }

    private void trainStep(int batch, int input, int hidden, int classes) {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] x = random(rnd, batch * input);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = rnd.nextInt(classes);
        }
        Mlp net = Mlp.create(new int[] {input, hidden, classes}, Activation.SIGMOID, Init.SMALL_GAUSSIAN, 0)
                .optimizer(Sgd.of(0.1f));
        double steps = rate(() -> sink += net.trainStep(x, y, batch));
        results.add(new Result("MLP step " + batch + "-" + input + "-" + hidden + "-" + classes, "samples/s",
                steps * batch));
    }

    /** Calls per second: a warm-up of a third of the budget, then the best of several timed rounds. */
    private double rate(Runnable op) {
        long warmEnd = System.nanoTime() + budgetNanos / 3;
        do {
            op.run();
        } while (System.nanoTime() < warmEnd);
        long roundNanos = Math.max(1, budgetNanos * 2 / 3 / ROUNDS);
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            long calls = 0;
            long now;
            do {
                op.run();
                calls++;
                now = System.nanoTime();
            } while (now - start < roundNanos);
            best = Math.max(best, calls / ((now - start) / 1e9));
        }
        return best;
    }

    /** Uniform values in [-1, 1). */
    static float[] random(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
