package org.lanes.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM for C with at most one vector of columns (the output layer's n = 10): every row of C is one
 * accumulator, eight rows at a time, fed by one load of the packed B row and eight broadcasts of A per
 * depth step. A is read where it lies, unpacked: for so few columns each A value is used n times only, and
 * packing it would cost as much as the multiply. The general kernel would fill a tenth to a third of its
 * 2-vector-wide tiles here.
 */
final class NarrowGemm {
    private static final VectorSpecies<Float> S = VectorProvider.S;
    private static final int V = VectorProvider.V;

    private NarrowGemm() {
    }

    /**
     * {@code C[rows x n] := alpha * op(A)[rows x kc] * Bp + beta * C}, where {@code Bp} holds kc steps of V values
     * (columns past n are zero) and A(i, p) is {@code a[aOffset + i*lda + p]}, or {@code a[aOffset + p*lda + i]}
     * when {@code transA}. {@code tmp} holds at least 8V floats.
     */
    static void multiply(boolean transA, int rows, int n, int kc, float alpha, float[] a, int aOffset, int lda,
                         float[] bp, float beta, float[] c, int cOffset, int ldc, float[] tmp) {
        // The last group may hold fewer than 8 rows: it re-reads its last row in place of the missing ones and
        // stores only its own. All vector code stays in the two large group methods, which the JIT compiles on
        // their own (see rows8).
        for (int i = 0; i < rows; i += 8) {
            int count = Math.min(8, rows - i);
            if (transA) {
                rows8Transposed(kc, alpha, a, aOffset + i, lda, bp, beta, c, cOffset + i * ldc, ldc, n, count, tmp);
            } else {
                rows8(kc, alpha, a, aOffset + i * lda, lda, bp, beta, c, cOffset + i * ldc, ldc, n, count, tmp);
            }
        }
    }

    /**
     * Rows of A contiguous over the depth: eight row streams. Large enough (over 325 bytecodes) that C2 never
     * inlines it into a caller: inlined deep into one, the Vector API calls below would exceed JDK 17's inlining
     * depth of 15 and run boxed.
     */
    private static void rows8(int kc, float alpha, float[] a, int a0, int lda, float[] bp, float beta,
                              float[] c, int c0, int ldc, int n, int count, float[] tmp) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        FloatVector s4 = s0;
        FloatVector s5 = s0;
        FloatVector s6 = s0;
        FloatVector s7 = s0;
        int r1 = a0 + Math.min(1, count - 1) * lda;
        int r2 = a0 + Math.min(2, count - 1) * lda;
        int r3 = a0 + Math.min(3, count - 1) * lda;
        int r4 = a0 + Math.min(4, count - 1) * lda;
        int r5 = a0 + Math.min(5, count - 1) * lda;
        int r6 = a0 + Math.min(6, count - 1) * lda;
        int r7 = a0 + Math.min(7, count - 1) * lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b = FloatVector.fromArray(S, bp, p * V);
            s0 = FloatVector.broadcast(S, a[a0 + p]).fma(b, s0);
            s1 = FloatVector.broadcast(S, a[r1 + p]).fma(b, s1);
            s2 = FloatVector.broadcast(S, a[r2 + p]).fma(b, s2);
            s3 = FloatVector.broadcast(S, a[r3 + p]).fma(b, s3);
            s4 = FloatVector.broadcast(S, a[r4 + p]).fma(b, s4);
            s5 = FloatVector.broadcast(S, a[r5 + p]).fma(b, s5);
            s6 = FloatVector.broadcast(S, a[r6 + p]).fma(b, s6);
            s7 = FloatVector.broadcast(S, a[r7 + p]).fma(b, s7);
        }
        s0.intoArray(tmp, 0);
        s1.intoArray(tmp, V);
        s2.intoArray(tmp, 2 * V);
        s3.intoArray(tmp, 3 * V);
        s4.intoArray(tmp, 4 * V);
        s5.intoArray(tmp, 5 * V);
        s6.intoArray(tmp, 6 * V);
        s7.intoArray(tmp, 7 * V);
        merge(alpha, beta, c, c0, ldc, n, count, tmp);
    }

    /**
     * A stored transposed: each depth step holds the eight rows' values side by side. Large, as rows8.
     */
    private static void rows8Transposed(int kc, float alpha, float[] a, int a0, int lda, float[] bp, float beta,
                                        float[] c, int c0, int ldc, int n, int count, float[] tmp) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        FloatVector s4 = s0;
        FloatVector s5 = s0;
        FloatVector s6 = s0;
        FloatVector s7 = s0;
        int o1 = Math.min(1, count - 1);
        int o2 = Math.min(2, count - 1);
        int o3 = Math.min(3, count - 1);
        int o4 = Math.min(4, count - 1);
        int o5 = Math.min(5, count - 1);
        int o6 = Math.min(6, count - 1);
        int o7 = Math.min(7, count - 1);
        for (int p = 0; p < kc; p++) {
            FloatVector b = FloatVector.fromArray(S, bp, p * V);
            int at = a0 + p * lda;
            s0 = FloatVector.broadcast(S, a[at]).fma(b, s0);
            s1 = FloatVector.broadcast(S, a[at + o1]).fma(b, s1);
            s2 = FloatVector.broadcast(S, a[at + o2]).fma(b, s2);
            s3 = FloatVector.broadcast(S, a[at + o3]).fma(b, s3);
            s4 = FloatVector.broadcast(S, a[at + o4]).fma(b, s4);
            s5 = FloatVector.broadcast(S, a[at + o5]).fma(b, s5);
            s6 = FloatVector.broadcast(S, a[at + o6]).fma(b, s6);
            s7 = FloatVector.broadcast(S, a[at + o7]).fma(b, s7);
        }
        s0.intoArray(tmp, 0);
        s1.intoArray(tmp, V);
        s2.intoArray(tmp, 2 * V);
        s3.intoArray(tmp, 3 * V);
        s4.intoArray(tmp, 4 * V);
        s5.intoArray(tmp, 5 * V);
        s6.intoArray(tmp, 6 * V);
        s7.intoArray(tmp, 7 * V);
        merge(alpha, beta, c, c0, ldc, n, count, tmp);
    }

    /**
     * Writes the first n lanes of each of the first {@code count} accumulator rows in {@code tmp} into C as
     * {@code alpha*acc} (beta = 0, C not read) or {@code fma(C, beta, alpha*acc)}. Scalar, through the temporary:
     * a masked store is slow before JDK 19, a full one would write past the row, and a helper taking the
     * accumulators as vectors boxed them whenever C2 compiled it out of line (98 KB per 1024-row step).
     */
    private static void merge(float alpha, float beta, float[] c, int c0, int ldc, int n, int count, float[] tmp) {
        for (int r = 0; r < count; r++) {
            int row = c0 + r * ldc;
            int t = r * V;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) {
                    c[row + j] = alpha * tmp[t + j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] = Math.fma(c[row + j], beta, alpha * tmp[t + j]);
                }
            }
        }
    }
}
