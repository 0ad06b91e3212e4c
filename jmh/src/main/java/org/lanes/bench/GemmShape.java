package org.lanes.bench;

import java.util.SplittableRandom;

/**
 * A GEMM benchmark shape, "FORM:m:n:k" where FORM is NN, TN, NT or TT (op(A) is m x k, op(B) is k x n), with
 * random row-major operands stored densely (lda, ldb, ldc equal to the stored row widths). "FORM:m:n:k:D" keeps a
 * share D (0 to 1) of A's values nonzero, at random places, for products that take the sparse-A path.
 */
final class GemmShape {
    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final float[] a;
    final float[] b;
    final float[] c;

    GemmShape(String shape) {
        String[] f = shape.split(":");
        transA = f[0].charAt(0) == 'T';
        transB = f[0].charAt(1) == 'T';
        m = Integer.parseInt(f[1]);
        n = Integer.parseInt(f[2]);
        k = Integer.parseInt(f[3]);
        SplittableRandom rnd = new SplittableRandom(42);
        a = random(rnd, m * k);
        if (f.length > 4) {
            double density = Double.parseDouble(f[4]);
            if (!(density >= 0 && density <= 1)) {
                throw new IllegalArgumentException("density must be in [0, 1], got " + f[4] + " in " + shape);
            }
            for (int i = 0; i < a.length; i++) {
                if (rnd.nextDouble() >= density) {
                    a[i] = 0f;
                }
            }
        }
        b = random(rnd, k * n);
        c = new float[m * n];
    }

    int lda() {
        return transA ? m : k;
    }

    int ldb() {
        return transB ? k : n;
    }

    /** C := op(A) op(B) through {@code driver} (one of several block-size configurations), into {@code out}. */
    void run(org.lanes.internal.gemm.GemmDriver driver, float[] out) {
        driver.sgemm(transA, transB, m, n, k, 1f, a, 0, lda(), b, 0, ldb(), 0f, out, 0, n, null);
    }

    /** Uniform values in [-1, 1), as {@code LanesBenchmark.random} (kept here so that this class needs no JMH). */
    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
