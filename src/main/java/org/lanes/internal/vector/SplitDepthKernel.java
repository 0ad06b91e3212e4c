package org.lanes.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.lanes.internal.gemm.SplitDepth;

/**
 * The split-depth rule's kernel ({@link SplitDepth}): chains for a block of 4 rows of A by 1, 2 or 4 columns of B
 * with the depth in the lanes (one vector of A's row and one of B's column per 16 steps, one FMA per element; lane
 * l at step p continues chain (p + l) mod 16, so each chain takes its steps in order).
 *
 * <p>With fewer than 16 lanes the 16 chains take several passes over the depth, each on its own lanes. With
 * 32 registers (16 lanes: AVX-512) a block of 4 by 4 runs at once, 16 accumulators and 8 loads per 16 FMAs; with 8
 * lanes or fewer (AVX2's 16 registers) in two halves of 2 rows.
 */
final class SplitDepthKernel {
    private static final VectorSpecies<Float> S = VectorProvider.S;
    private static final int V = VectorProvider.V;
    private static final int CHAINS = SplitDepth.CHAINS;

    private SplitDepthKernel() {
    }

    /** Whether these kernels cover the provider's vectors: 16 chains in whole vectors of at least 4 lanes. */
    static boolean fits() {
        return V >= 4 && V <= CHAINS && CHAINS % V == 0;
    }

    /** {@link org.lanes.internal.KernelProvider#splitDepthBlock}; {@code steps} is a multiple of 16. */
    static void block(int steps, int cols, float[] a, int aOffset, int lda, float[] bt, int btOffset, int ldbt,
                      float[] state, int stateOffset, int ldState, boolean first) {
        for (int lane = 0; lane < CHAINS; lane += V) {
            if (cols == 1) {
                rows4cols1(steps, lane, a, aOffset, lda, bt, btOffset, ldbt, state, stateOffset, ldState, first);
            } else if (cols == 2) {
                rows4cols2(steps, lane, a, aOffset, lda, bt, btOffset, ldbt, state, stateOffset, ldState, first);
            } else if (V == CHAINS) {
                rows4cols4(steps, lane, a, aOffset, lda, bt, btOffset, ldbt, state, stateOffset, ldState, first);
            } else {
                rows2cols4(steps, lane, a, aOffset, lda, bt, btOffset, ldbt, state, stateOffset, ldState, first);
                rows2cols4(steps, lane, a, aOffset + 2 * lda, lda, bt, btOffset, ldbt, state,
                        stateOffset + 2 * ldState, ldState, first);
            }
        }
    }

    /** 4 rows by 4 columns on the lanes from {@code lane}: 16 accumulators. */
    private static void rows4cols4(int steps, int lane, float[] a, int aOffset, int lda, float[] bt, int btOffset,
                                   int ldbt, float[] state, int stateOffset, int ldState, boolean first) {
        int s = stateOffset + lane;
        int s1 = s + ldState;
        int s2 = s1 + ldState;
        int s3 = s2 + ldState;
        FloatVector z = (FloatVector) Exact.VECTOR.cast(FloatVector.zero(S));
        FloatVector c00 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s));
        FloatVector c01 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s + CHAINS));
        FloatVector c02 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s + 2 * CHAINS));
        FloatVector c03 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s + 3 * CHAINS));
        FloatVector c10 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s1));
        FloatVector c11 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s1 + CHAINS));
        FloatVector c12 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s1 + 2 * CHAINS));
        FloatVector c13 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s1 + 3 * CHAINS));
        FloatVector c20 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s2));
        FloatVector c21 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s2 + CHAINS));
        FloatVector c22 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s2 + 2 * CHAINS));
        FloatVector c23 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s2 + 3 * CHAINS));
        FloatVector c30 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s3));
        FloatVector c31 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s3 + CHAINS));
        FloatVector c32 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s3 + 2 * CHAINS));
        FloatVector c33 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s3 + 3 * CHAINS));
        int a0 = aOffset + lane;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int b0 = btOffset + lane;
        int b1 = b0 + ldbt;
        int b2 = b1 + ldbt;
        int b3 = b2 + ldbt;
        for (int p = 0; p < steps; p += CHAINS) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
            FloatVector y0 = FloatVector.fromArray(S, bt, b0 + p);
            FloatVector y1 = FloatVector.fromArray(S, bt, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, bt, b2 + p);
            FloatVector y3 = FloatVector.fromArray(S, bt, b3 + p);
            c00 = x0.fma(y0, c00);
            c01 = x0.fma(y1, c01);
            c02 = x0.fma(y2, c02);
            c03 = x0.fma(y3, c03);
            c10 = x1.fma(y0, c10);
            c11 = x1.fma(y1, c11);
            c12 = x1.fma(y2, c12);
            c13 = x1.fma(y3, c13);
            c20 = x2.fma(y0, c20);
            c21 = x2.fma(y1, c21);
            c22 = x2.fma(y2, c22);
            c23 = x2.fma(y3, c23);
            c30 = x3.fma(y0, c30);
            c31 = x3.fma(y1, c31);
            c32 = x3.fma(y2, c32);
            c33 = x3.fma(y3, c33);
        }
        ((FloatVector) Exact.VECTOR.cast(c00)).intoArray(state, s);
        ((FloatVector) Exact.VECTOR.cast(c01)).intoArray(state, s + CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c02)).intoArray(state, s + 2 * CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c03)).intoArray(state, s + 3 * CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c10)).intoArray(state, s1);
        ((FloatVector) Exact.VECTOR.cast(c11)).intoArray(state, s1 + CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c12)).intoArray(state, s1 + 2 * CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c13)).intoArray(state, s1 + 3 * CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c20)).intoArray(state, s2);
        ((FloatVector) Exact.VECTOR.cast(c21)).intoArray(state, s2 + CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c22)).intoArray(state, s2 + 2 * CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c23)).intoArray(state, s2 + 3 * CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c30)).intoArray(state, s3);
        ((FloatVector) Exact.VECTOR.cast(c31)).intoArray(state, s3 + CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c32)).intoArray(state, s3 + 2 * CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c33)).intoArray(state, s3 + 3 * CHAINS);
    }

    /** 4 rows by 2 columns on the lanes from {@code lane}: 8 accumulators. */
    private static void rows4cols2(int steps, int lane, float[] a, int aOffset, int lda, float[] bt, int btOffset,
                                   int ldbt, float[] state, int stateOffset, int ldState, boolean first) {
        int s = stateOffset + lane;
        int s1 = s + ldState;
        int s2 = s1 + ldState;
        int s3 = s2 + ldState;
        FloatVector z = (FloatVector) Exact.VECTOR.cast(FloatVector.zero(S));
        FloatVector c00 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s));
        FloatVector c01 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s + CHAINS));
        FloatVector c10 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s1));
        FloatVector c11 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s1 + CHAINS));
        FloatVector c20 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s2));
        FloatVector c21 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s2 + CHAINS));
        FloatVector c30 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s3));
        FloatVector c31 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s3 + CHAINS));
        int a0 = aOffset + lane;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int b0 = btOffset + lane;
        int b1 = b0 + ldbt;
        for (int p = 0; p < steps; p += CHAINS) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
            FloatVector y0 = FloatVector.fromArray(S, bt, b0 + p);
            FloatVector y1 = FloatVector.fromArray(S, bt, b1 + p);
            c00 = x0.fma(y0, c00);
            c01 = x0.fma(y1, c01);
            c10 = x1.fma(y0, c10);
            c11 = x1.fma(y1, c11);
            c20 = x2.fma(y0, c20);
            c21 = x2.fma(y1, c21);
            c30 = x3.fma(y0, c30);
            c31 = x3.fma(y1, c31);
        }
        ((FloatVector) Exact.VECTOR.cast(c00)).intoArray(state, s);
        ((FloatVector) Exact.VECTOR.cast(c01)).intoArray(state, s + CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c10)).intoArray(state, s1);
        ((FloatVector) Exact.VECTOR.cast(c11)).intoArray(state, s1 + CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c20)).intoArray(state, s2);
        ((FloatVector) Exact.VECTOR.cast(c21)).intoArray(state, s2 + CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c30)).intoArray(state, s3);
        ((FloatVector) Exact.VECTOR.cast(c31)).intoArray(state, s3 + CHAINS);
    }

    /** 4 rows by 1 column on the lanes from {@code lane}: 4 accumulators. */
    private static void rows4cols1(int steps, int lane, float[] a, int aOffset, int lda, float[] bt, int btOffset,
                                   int ldbt, float[] state, int stateOffset, int ldState, boolean first) {
        int s = stateOffset + lane;
        int s1 = s + ldState;
        int s2 = s1 + ldState;
        int s3 = s2 + ldState;
        FloatVector z = (FloatVector) Exact.VECTOR.cast(FloatVector.zero(S));
        FloatVector c00 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s));
        FloatVector c10 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s1));
        FloatVector c20 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s2));
        FloatVector c30 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s3));
        int a0 = aOffset + lane;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int b0 = btOffset + lane;
        for (int p = 0; p < steps; p += CHAINS) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
            FloatVector y0 = FloatVector.fromArray(S, bt, b0 + p);
            c00 = x0.fma(y0, c00);
            c10 = x1.fma(y0, c10);
            c20 = x2.fma(y0, c20);
            c30 = x3.fma(y0, c30);
        }
        ((FloatVector) Exact.VECTOR.cast(c00)).intoArray(state, s);
        ((FloatVector) Exact.VECTOR.cast(c10)).intoArray(state, s1);
        ((FloatVector) Exact.VECTOR.cast(c20)).intoArray(state, s2);
        ((FloatVector) Exact.VECTOR.cast(c30)).intoArray(state, s3);
    }

    /** 2 rows by 4 columns on the lanes from {@code lane}: 8 accumulators. */
    private static void rows2cols4(int steps, int lane, float[] a, int aOffset, int lda, float[] bt, int btOffset,
                                   int ldbt, float[] state, int stateOffset, int ldState, boolean first) {
        int s = stateOffset + lane;
        int s1 = s + ldState;
        FloatVector z = (FloatVector) Exact.VECTOR.cast(FloatVector.zero(S));
        FloatVector c00 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s));
        FloatVector c01 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s + CHAINS));
        FloatVector c02 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s + 2 * CHAINS));
        FloatVector c03 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s + 3 * CHAINS));
        FloatVector c10 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s1));
        FloatVector c11 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s1 + CHAINS));
        FloatVector c12 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s1 + 2 * CHAINS));
        FloatVector c13 = (FloatVector) Exact.VECTOR.cast(first ? z : FloatVector.fromArray(S, state, s1 + 3 * CHAINS));
        int a0 = aOffset + lane;
        int a1 = a0 + lda;
        int b0 = btOffset + lane;
        int b1 = b0 + ldbt;
        int b2 = b1 + ldbt;
        int b3 = b2 + ldbt;
        for (int p = 0; p < steps; p += CHAINS) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector y0 = FloatVector.fromArray(S, bt, b0 + p);
            FloatVector y1 = FloatVector.fromArray(S, bt, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, bt, b2 + p);
            FloatVector y3 = FloatVector.fromArray(S, bt, b3 + p);
            c00 = x0.fma(y0, c00);
            c01 = x0.fma(y1, c01);
            c02 = x0.fma(y2, c02);
            c03 = x0.fma(y3, c03);
            c10 = x1.fma(y0, c10);
            c11 = x1.fma(y1, c11);
            c12 = x1.fma(y2, c12);
            c13 = x1.fma(y3, c13);
        }
        ((FloatVector) Exact.VECTOR.cast(c00)).intoArray(state, s);
        ((FloatVector) Exact.VECTOR.cast(c01)).intoArray(state, s + CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c02)).intoArray(state, s + 2 * CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c03)).intoArray(state, s + 3 * CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c10)).intoArray(state, s1);
        ((FloatVector) Exact.VECTOR.cast(c11)).intoArray(state, s1 + CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c12)).intoArray(state, s1 + 2 * CHAINS);
        ((FloatVector) Exact.VECTOR.cast(c13)).intoArray(state, s1 + 3 * CHAINS);
    }
}
