package org.lanes.internal.tune;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.lanes.internal.gemm.GemmDriver;
import org.lanes.internal.threads.WorkerPool;

/**
 * How much faster a candidate configuration runs than the incumbent on a set of products, measured the way this
 * project compares codes on a shared host: both in one JVM, blocks of calls of one and of the other alternating
 * (which goes first alternates too), the median of the per-pair ratios per product, and the geometric mean over
 * the products. Before timing, each product runs once on both and the results must be bitwise equal: a choice
 * that changed the bits would break the rule that one answer holds everywhere, and scores 0.
 */
final class PairedScore {
    /** One product: {@code m x n = op(A)[m x k] * op(B)[k x n]}, A or B transposed or not, on {@code threads} threads. */
    static final class Product {
        final int m;
        final int n;
        final int k;
        final boolean transA;
        final boolean transB;
        final int threads;

        Product(int m, int n, int k, boolean transA, int threads) {
            this(m, n, k, transA, false, threads);
        }

        Product(int m, int n, int k, boolean transA, boolean transB, int threads) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.transA = transA;
            this.transB = transB;
            this.threads = threads;
        }

        @Override
        public String toString() {
            return (transA ? "T" : "N") + (transB ? "T " : "N ") + m + "x" + n + "x" + k + " on " + threads;
        }
    }

    private PairedScore() {
    }

    /**
     * A product this much slower under the candidate sinks it, whatever it gains on the others: the geometric
     * mean once traded a 0.56x on the MLP's output-layer product for gains on three small squares
     * (docs/decisions/self-tuning.md).
     */
    static final double WORST_PRODUCT = 0.9;

    /**
     * The geometric mean over {@code products} of the median speed-up (incumbent time / candidate time), within
     * about {@code seconds}; the worst product's speed-up instead when that is below {@link #WORST_PRODUCT}; 0
     * when the candidate's bits differ from the incumbent's on any product.
     */
    static double score(GemmDriver candidate, GemmDriver incumbent, Product[] products, double seconds) {
        double logSum = 0;
        double worst = Double.MAX_VALUE;
        for (Product p : products) {
            double s = score(candidate, incumbent, p, seconds / products.length);
            if (s == 0) {
                return 0;
            }
            logSum += Math.log(s);
            worst = Math.min(worst, s);
        }
        return combine(Math.exp(logSum / products.length), worst);
    }

    /** The score from the geometric mean and the worst product's speed-up ({@link #WORST_PRODUCT}). */
    static double combine(double geometricMean, double worst) {
        return worst < WORST_PRODUCT ? worst : geometricMean;
    }

    private static double score(GemmDriver candidate, GemmDriver incumbent, Product p, double seconds) {
        int m = p.m;
        int n = p.n;
        int k = p.k;
        SplittableRandom rnd = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] c = new float[m * n];
        float[] check = new float[m * n];
        int lda = p.transA ? m : k;
        int ldb = p.transB ? k : n;
        Runnable cand = () -> candidate.sgemm(p.transA, p.transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n,
                null);
        Runnable inc = () -> incumbent.sgemm(p.transA, p.transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, check, 0, n,
                null);
        // The caller restores its thread count when the tuning ends; between products the pool changes only when
        // the count does.
        if (WorkerPool.shared().threads() != p.threads) {
            WorkerPool.resize(p.threads);
        }
        cand.run();
        inc.run();
        if (!Arrays.equals(c, check)) {
            return 0;
        }
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        // Warm-up: both compiled and their buffers touched, and the block length from the timing.
        double perCall = Double.MAX_VALUE;
        for (int i = 0; i < 3 || System.nanoTime() - start < budget / 5; i++) {
            perCall = Math.min(perCall, time(cand, 1));
            perCall = Math.min(perCall, time(inc, 1));
        }
        int calls = (int) Math.max(1, Math.min(10_000, 10e6 / perCall));
        double[] ratios = new double[400];
        int r = 0;
        while (r < 3 || (System.nanoTime() - start < budget && r < ratios.length)) {
            double tc;
            double ti;
            if (r % 2 == 0) {
                tc = time(cand, calls);
                ti = time(inc, calls);
            } else {
                ti = time(inc, calls);
                tc = time(cand, calls);
            }
            ratios[r++] = ti / tc;
        }
        Arrays.sort(ratios, 0, r);
        return ratios[r / 2];
    }

    private static double time(Runnable r, int calls) {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            r.run();
        }
        return (double) (System.nanoTime() - t0) / calls;
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
