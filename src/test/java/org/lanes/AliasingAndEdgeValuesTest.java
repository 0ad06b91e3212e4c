package org.lanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Overlapping and in-place arguments, and edge values (infinite rows, zero columns) of the public kernels. */
class AliasingAndEdgeValuesTest {
    @Test
    void overlappingOutputsAreRejected() {
        float[] buf = new float[200];
        // C over A's rows, over B, and a partial overlap: rejected, naming both.
        GemmTest.expect("C overlaps A", () -> Gemm.sgemm(false, false, 4, 4, 4, 1f, buf, 0, 4, buf, 100, 4, 0f, buf, 8, 4));
        GemmTest.expect("C overlaps B", () -> Gemm.sgemm(false, false, 4, 4, 4, 1f, buf, 0, 4, buf, 100, 4, 0f, buf, 110, 4));
        // Side by side in one array, or interleaved column blocks of one matrix (ld 8, columns 0-3 and 4-7): fine.
        Gemm.sgemm(false, false, 4, 4, 4, 1f, buf, 0, 4, buf, 16, 4, 0f, buf, 32, 4);
        Gemm.sgemm(false, false, 4, 4, 4, 1f, buf, 50, 8, buf, 150, 4, 0f, buf, 54, 8);
        GemmTest.expect("Y overlaps X", () -> Kernels.softmax(3, 4, buf, 0, 4, buf, 2, 4));
        GemmTest.expect("Y overlaps X", () -> Kernels.logSoftmax(3, 4, buf, 0, 4, buf, 4, 4));
        GemmTest.expect("db overlaps dZ", () -> Kernels.columnSums(3, 4, 1f, buf, 0, 4, buf, 5));
        // Exactly in place stays allowed where documented.
        float[] x = {1, 2, 3, 4, 0, 0, 0, 0};
        Kernels.softmax(2, 4, x, 0, 4, x, 0, 4);
        assertEquals(1.0, x[0] + x[1] + x[2] + x[3], 1e-6);
    }

    /** dZ may be Z for the fused gradient (documented): the loss must read each label's logit before it is overwritten. */
    @Test
    void crossEntropyGradientInPlaceGivesTheSameLossAndGradient() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int cols : new int[] {10, 40}) {
            float[] z = Reference.random(rnd, 5 * cols, 3f);
            int[] labels = {0, 3, 9, 1, 7};
            float[] dz = new float[z.length];
            float loss = Kernels.softmaxCrossEntropyGradient(5, cols, z, 0, cols, labels, 0, dz, 0, cols);
            float[] inPlace = z.clone();
            float lossInPlace = Kernels.softmaxCrossEntropyGradient(5, cols, inPlace, 0, cols, labels, 0, inPlace, 0, cols);
            assertEquals(loss, lossInPlace, "cols " + cols);
            assertArrayEquals(dz, inPlace, "cols " + cols);
        }
    }

    @Test
    void logSoftmaxOfAnAllNegativeInfinityRowIsNegativeInfinity() {
        for (int cols : new int[] {1, 3, 10, 16, 40}) {
            float[] x = new float[2 * cols];
            Arrays.fill(x, 0, cols, Float.NEGATIVE_INFINITY);
            float[] y = new float[x.length];
            Kernels.logSoftmax(2, cols, x, 0, cols, y, 0, cols);
            for (int j = 0; j < cols; j++) {
                assertEquals(Float.NEGATIVE_INFINITY, y[j], "cols " + cols);
                assertEquals((float) -Math.log(cols), y[cols + j], 1e-6f, "cols " + cols);
            }
            Kernels.softmax(2, cols, x, 0, cols, y, 0, cols);
            for (int j = 0; j < cols; j++) {
                assertEquals(0f, y[j], "cols " + cols);
            }
            x[cols - 1] = Float.NaN;
            Kernels.logSoftmax(2, cols, x, 0, cols, y, 0, cols);
            assertTrue(Float.isNaN(y[0]), "a NaN in the row makes it NaN");
        }
    }

    @Test
    void zeroColumnsIsANoOp() {
        float[] x = new float[0];
        Kernels.softmax(3, 0, x, 0, 1, x, 0, 1);
        Kernels.logSoftmax(3, 0, x, 0, 1, x, 0, 1);
        Kernels.softmax(0, 5, x, 0, 5, x, 0, 5);
        Kernels.columnSums(3, 0, 1f, x, 0, 1, x, 0);
        Kernels.activate(Activation.SIGMOID, 3, 0, x, 0, 1, x, 0, 1);
        assertFalse(x.length > 0);
    }

    @Test
    void reliabilityChecksDoNotSlowTheCommonCase() {
        // Different arrays: the overlap check returns at once (and allocates nothing); a smoke check that it runs.
        float[] a = new float[64 * 64];
        float[] c = new float[64 * 64];
        for (int i = 0; i < 3; i++) {
            Gemm.sgemm(64, 64, 64, a, a, c);
        }
        if (c[0] != 0f) {
            fail("zero inputs give zeros");
        }
    }
}
