package org.lanes;

import java.util.SplittableRandom;

/** Independent double-precision references and test data. */
public final class Reference {
    /** Unit roundoff of float. */
    public static final double EPS = Math.ulp(1f) / 2;

    private Reference() {
    }

    public static float[] random(SplittableRandom rnd, int size, float scale) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
        return x;
    }

    /** op(A)[i][p] of a stored matrix. */
    public static double elementA(boolean trans, float[] a, int off, int ld, int i, int p) {
        return trans ? a[off + p * ld + i] : a[off + i * ld + p];
    }

    /**
     * C = alpha op(A) op(B) + beta C in double, plus for every element the magnitude bound
     * |alpha| (|A||B|) + |beta| |C| that the error is measured against.
     */
    public static double[][] gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float beta, float[] c, int cOff, int ldc) {
        double[] value = new double[m * n];
        double[] magnitude = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = elementA(transA, a, aOff, lda, i, p);
                    double y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += x * y;
                    abs += Math.abs(x * y);
                }
                double old = beta == 0f ? 0 : c[cOff + i * ldc + j];
                value[i * n + j] = alpha * sum + beta * old;
                magnitude[i * n + j] = Math.abs(alpha) * abs + Math.abs(beta * old);
            }
        }
        return new double[][] {value, magnitude};
    }
}
