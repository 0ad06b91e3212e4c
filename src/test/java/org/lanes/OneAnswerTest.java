package org.lanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lanes.internal.Providers;
import org.lanes.internal.RowKernels;
import org.lanes.internal.kernel.KernelProvider;

/**
 * Every layer kernel gives the same bits on every path: the vector lanes, their scalar tails and the scalar
 * fallback, at any vector width, on any JDK. Checked two ways: the vector and scalar providers side by side in this
 * JVM, and one digest of fixed results that every CI pass (256-bit vectors, -XX:UseAVX=2, the fallback, JDK 25) must
 * reproduce.
 */
class OneAnswerTest {
    static final int[] COLS = {1, 7, 10, 15, 16, 17, 31, 33, 100, 257, 1000};

    /** Rows of mixed magnitudes: ordinary values, the sigmoid's range edges, huge and tiny ones. */
    static float[] inputs(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(8)) {
                case 0:
                    x[i] = (float) (rnd.nextDouble() * 200 - 100);
                    break;
                case 1:
                    x[i] = (float) (86 + rnd.nextDouble() * 20) * (rnd.nextBoolean() ? 1 : -1);
                    break;
                case 2:
                    x[i] = (float) (rnd.nextDouble() * 1e-3);
                    break;
                default:
                    x[i] = (float) (rnd.nextDouble() * 8 - 4);
            }
        }
        return x;
    }

    /** Each kernel's outputs on fixed inputs, in one list, computed with the given row kernels. */
    static List<float[]> results(RowKernels k) {
        List<float[]> out = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(2024);
        for (int cols : COLS) {
            int rows = 3;
            float[] x = inputs(rnd, rows * cols);
            for (Activation act : Activation.values()) {
                float[] y = new float[x.length];
                k.activate(act, rows, cols, x, 0, cols, y, 0, cols);
                out.add(y);
                float[] g = inputs(rnd, x.length);
                float[] dz = new float[x.length];
                k.activateBackward(act, rows, cols, y, 0, cols, g, 0, cols, dz, 0, cols);
                out.add(dz);
            }
            float[] s = new float[x.length];
            k.softmax(rows, cols, x, 0, cols, s, 0, cols);
            out.add(s);
            float[] ls = new float[x.length];
            k.logSoftmax(rows, cols, x, 0, cols, ls, 0, cols);
            out.add(ls);
            int[] labels = {0, cols / 2, cols - 1};
            float[] dz = new float[x.length];
            float loss = k.softmaxCrossEntropy(rows, cols, x, 0, cols, labels, 0, dz, 0, cols);
            out.add(dz);
            out.add(new float[] {loss});
            float[] sums = new float[cols];
            k.columnSums(rows, cols, 0.5f, x, 0, cols, sums, 0);
            out.add(sums);
            float[] bias = inputs(rnd, cols);
            float[] fused = x.clone();
            k.provider().biasActivate(Activation.SIGMOID, fused, 0, cols, rows, cols, bias, 0);
            out.add(fused);
            float[] y = inputs(rnd, x.length);
            k.axpy(x.length, -0.25f, x, 0, y, 0);
            out.add(y);
        }
        return out;
    }

    @Test
    void vectorAndScalarProvidersGiveTheSameBits() {
        KernelProvider vector = Providers.vectorOrNull();
        if (vector == null) {
            System.out.println("OneAnswerTest: no vector provider in this JVM; the digest test covers this path");
            return;
        }
        List<float[]> v = results(new RowKernels(vector));
        List<float[]> s = results(new RowKernels(Providers.scalar()));
        for (int i = 0; i < v.size(); i++) {
            assertArrayEquals(s.get(i), v.get(i), "result " + i);
        }
    }

    @Test
    void digestIsTheSameOnEveryPath() {
        long digest = 17;
        for (float[] r : results(new RowKernels(Providers.active()))) {
            for (float f : r) {
                digest = digest * 31 + Float.floatToRawIntBits(f);
            }
        }
        assertEquals(EXPECTED, digest, "layer kernel bits differ from the other paths on " + Lanes.describe());
    }

    static final long EXPECTED = -2662889055778603633L;
}
