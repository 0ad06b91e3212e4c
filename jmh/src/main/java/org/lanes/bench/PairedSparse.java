package org.lanes.bench;

import java.util.Arrays;
import java.util.Random;
import org.lanes.Gemm;

/**
 * The sparse-A path against the packed path in one JVM (docs/decisions/sparse-a.md): the same product with
 * beta 0 (the sparse path, where A is sparse enough) and with beta 1 on a zero C (the packed path, which also
 * reads C), alternating blocks of 60 ms; prints the median and range of the per-pair ratios (packed time /
 * sparse time) for A with 6, 10 and 15 % nonzeros, each with the share of steps the sparse path lists.
 * Each density runs twice and only the second pass is reported, so that both paths are compiled.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -Dlanes.threads=T -cp target/classes:jmh/target/classes
 * org.lanes.bench.PairedSparse M NN|TN}: NN is M x 512 times 784 x 512; TN is 784 x 512 over M depth steps.
 */
public final class PairedSparse {
    private static final int ROUNDS = 11;
    private static final int WARM_ROUNDS = 3;

    private PairedSparse() {
    }

    public static void main(String[] args) {
        if (args.length != 2 || !(args[1].equals("NN") || args[1].equals("TN"))) {
            throw new IllegalArgumentException("usage: PairedSparse M NN|TN, got " + Arrays.toString(args));
        }
        int m = Integer.parseInt(args[0]);
        if (m < 1) {
            throw new IllegalArgumentException("M must be at least 1, got " + m);
        }
        int n = 512;
        int k = 784;
        boolean transA = args[1].equals("TN");
        Random r = new Random(1);
        float[] b = new float[(transA ? m : k) * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        float[] c = new float[(transA ? k : m) * n];
        for (int pass = 0; pass < 2; pass++) {
            for (double density : new double[] {0.06, 0.10, 0.15}) {
                float[] a = new float[m * k];
                for (int i = 0; i < a.length; i++) {
                    a[i] = r.nextDouble() < density ? r.nextFloat() : 0f;
                }
                double[] ratios = ratios(transA, m, n, k, a, b, c);
                if (pass == 1) {
                    System.out.printf("%s m=%d nonzeros %.2f listed %.2f: packed/sparse median %.2f (min %.2f max %.2f)%n",
                            args[1], m, density, listedShare(transA, m, k, a), ratios[ratios.length / 2], ratios[0],
                            ratios[ratios.length - 1]);
                }
            }
        }
    }

    /** Per-pair ratios of the rounds after the warm ones, sorted. */
    private static double[] ratios(boolean transA, int m, int n, int k, float[] a, float[] b, float[] c) {
        double[][] micros = new double[2][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            for (int v = 0; v < 2; v++) {
                float beta = v == 0 ? 0f : 1f;
                Arrays.fill(c, 0f);
                long t0 = System.nanoTime();
                int reps = 0;
                do {
                    if (transA) {
                        Gemm.sgemm(true, false, k, n, m, 1f, a, 0, k, b, 0, n, beta, c, 0, n);
                    } else {
                        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, beta, c, 0, n);
                    }
                    reps++;
                } while (System.nanoTime() - t0 < 60_000_000L);
                micros[v][round] = (System.nanoTime() - t0) / 1e3 / reps;
            }
        }
        double[] ratios = new double[ROUNDS - WARM_ROUNDS];
        for (int i = WARM_ROUNDS; i < ROUNDS; i++) {
            ratios[i - WARM_ROUNDS] = micros[1][i] / micros[0][i];
        }
        Arrays.sort(ratios);
        return ratios;
    }

    /** The share of steps listed for groups of four rows of C (NN: rows of A; TN: four adjacent columns). */
    private static double listedShare(boolean transA, int m, int k, float[] a) {
        long listed = 0;
        long total = 0;
        int rows = transA ? k : m;
        int depth = transA ? m : k;
        for (int g = 0; g + 4 <= rows; g += 4) {
            for (int p = 0; p < depth; p++) {
                boolean any = false;
                for (int q = g; q < g + 4; q++) {
                    any |= transA ? a[p * k + q] != 0f : a[q * k + p] != 0f;
                }
                listed += any ? 1 : 0;
                total++;
            }
        }
        return (double) listed / total;
    }
}
