package org.lanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FusedGemmTest {
    private static final int M = 37;
    private static final int N = 45;
    private static final int K = 70;

    /** relu(alpha op(A) op(B) + beta C + bias) in double, for every transposition, within the GEMM's bound. */
    @Test
    void runMatchesADoublePrecisionReferenceForEveryTransposition() {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] a = Reference.random(rnd, M * K + 3, 1f);
        float[] b = Reference.random(rnd, K * N + 2, 1f);
        float[] bias = Reference.random(rnd, N + 1, 1f);
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                int lda = transA ? M : K;
                int ldb = transB ? K : N;
                float[] c = Reference.random(rnd, M * (N + 4), 1f);
                float[] old = c.clone();
                new FusedGemm().shape(M, N, K).transposeA(transA).transposeB(transB).a(a, 3, lda).b(b, 2, ldb)
                        .c(c, 0, N + 4).alpha(0.5f).beta(2f).bias(bias, 1).activation(Activation.RELU).run();
                double[][] ref = Reference.gemm(transA, transB, M, N, K, 0.5f, a, 3, lda, b, 2, ldb, 2f, old, 0,
                        N + 4);
                for (int i = 0; i < M; i++) {
                    for (int j = 0; j < N; j++) {
                        double want = Math.max(0, ref[0][i * N + j] + bias[1 + j]);
                        double bound = (K + 3) * Reference.EPS * (ref[1][i * N + j] + Math.abs(bias[1 + j]));
                        float got = c[i * (N + 4) + j];
                        assertTrue(Math.abs(got - want) <= bound, "C[" + i + "][" + j + "] " + got + " vs " + want);
                    }
                    for (int j = N; j < N + 4; j++) {
                        assertEquals(old[i * (N + 4) + j], c[i * (N + 4) + j], "outside the window");
                    }
                }
            }
        }
    }

    @Test
    void aKeptInstanceRunsAgainWithNewPartsAndGivesTheOverloadsBits() {
        SplittableRandom rnd = new SplittableRandom(6);
        float[] w = Reference.random(rnd, K * N, 1f);
        float[] bias = Reference.random(rnd, N, 1f);
        float[] c = new float[M * N];
        FusedGemm layer = new FusedGemm().shape(M, N, K).b(w, 0, N).c(c, 0, N).bias(bias, 0)
                .activation(Activation.SIGMOID);
        for (int round = 0; round < 2; round++) {
            float[] x = Reference.random(rnd, M * K, 1f);
            layer.a(x, 0, K).run();
            float[] expected = new float[M * N];
            Gemm.sgemm(false, false, M, N, K, 1f, x, 0, K, w, 0, N, 0f, expected, 0, N, bias, 0, Activation.SIGMOID);
            assertArrayEquals(expected, c);
        }
    }

    @Test
    void badPartsAreNamed() {
        float[] x = new float[16];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FusedGemm().run());
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new FusedGemm().shape(4, 4, 4).a(x, 0, 4).b(x, 0, 4).run());
        assertTrue(e.getMessage().contains("C"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new FusedGemm().shape(4, 4, 4).a(x, 0, 4).b(x, 0, 4).c(new float[16], 0, 4)
                        .bias(new float[3], 0).run());
        assertTrue(e.getMessage().contains("bias"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FusedGemm().activation(null));
        assertTrue(e.getMessage().contains("activation"), e.getMessage());
    }
}
