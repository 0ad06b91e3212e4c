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
    /** The most columns of C that {@link #rowVectorsTransposed} holds: 20 accumulators of 32 registers. */
    static final int COLUMNS_BY_ROWS = 10;
    /** The full-lane forms hold 20 accumulators of 16 lanes: written for AVX-512's 32 registers. */
    private static final boolean FULL_LANE_FORMS = V == 16;
    /** Floats of {@code tmp} that hold the sums (20 vectors); B transposed follows them when A is not. */
    static final int SUMS = 2 * COLUMNS_BY_ROWS * V;

    private NarrowGemm() {
    }

    /**
     * {@code C[rows x n] := alpha * op(A)[rows x kc] * Bp + beta * C}, where {@code Bp} holds kc steps of V values
     * (columns past n are zero) and A(i, p) is {@code a[aOffset + i*lda + p]}, or {@code a[aOffset + p*lda + i]}
     * when {@code transA}. {@code tmp} holds at least {@code SUMS + COLUMNS_BY_ROWS * kc} floats.
     */
    static void multiply(boolean transA, int rows, int n, int kc, float alpha, float[] a, int aOffset, int lda,
                         float[] bp, float beta, float[] c, int cOffset, int ldc, float[] tmp) {
        // All vector code stays in the four large group methods, which the JIT compiles on their own (see rows8).
        if (!transA && FULL_LANE_FORMS && n <= COLUMNS_BY_ROWS) {
            // B transposed into tmp after the sums' space: column j's kc values at SUMS + j*kc.
            for (int j = 0; j < n; j++) {
                for (int p = 0, t = SUMS + j * kc; p < kc; p++) {
                    tmp[t + p] = bp[p * V + j];
                }
            }
            for (int i = 0; i < rows; i += 2) {
                rowPairsByDepth(kc, alpha, a, aOffset + i * lda, lda, tmp, beta, c, cOffset + i * ldc, ldc, n,
                        Math.min(2, rows - i), tmp);
            }
            return;
        }
        int i = 0;
        if (transA && FULL_LANE_FORMS && n <= COLUMNS_BY_ROWS) {
            for (; i + 2 * V <= rows; i += 2 * V) {
                rowVectorsTransposed(kc, alpha, a, aOffset + i, lda, bp, beta, c, cOffset + i * ldc, ldc, n, tmp);
            }
        }
        // The last group may hold fewer than 8 rows: it re-reads its last row in place of the missing ones and
        // stores only its own.
        for (; i < rows; i += 8) {
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
        merge(alpha, beta, c, c0, ldc, n, count, tmp, V, 1);
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
        merge(alpha, beta, c, c0, ldc, n, count, tmp, V, 1);
    }

    /**
     * A stored transposed, at most {@value #COLUMNS_BY_ROWS} columns: the roles of the operands swap. Each depth
     * step loads 2V consecutive rows of A (two vectors, whole cache lines) and broadcasts each column's B value,
     * so every lane works: 20 accumulators of which all lanes are rows of C. The eight-row form above, with one
     * vector per row of C, used 10 of 16 lanes for n = 10 and read half a cache line per step from rows of A
     * that lie lda apart (in L1, a row pitch of 2 KiB maps every step onto the same two sets). C is written
     * transposed from {@code tmp}, which holds at least {@code 2V * COLUMNS_BY_ROWS} floats.
     */
    private static void rowVectorsTransposed(int kc, float alpha, float[] a, int a0, int lda, float[] bp,
                                             float beta, float[] c, int c0, int ldc, int n, float[] tmp) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s40 = s00;
        FloatVector s41 = s00;
        FloatVector s50 = s00;
        FloatVector s51 = s00;
        FloatVector s60 = s00;
        FloatVector s61 = s00;
        FloatVector s70 = s00;
        FloatVector s71 = s00;
        FloatVector s80 = s00;
        FloatVector s81 = s00;
        FloatVector s90 = s00;
        FloatVector s91 = s00;
        // Columns past n repeat the last one; their sums are never written.
        int j1 = Math.min(1, n - 1);
        int j2 = Math.min(2, n - 1);
        int j3 = Math.min(3, n - 1);
        int j4 = Math.min(4, n - 1);
        int j5 = Math.min(5, n - 1);
        int j6 = Math.min(6, n - 1);
        int j7 = Math.min(7, n - 1);
        int j8 = Math.min(8, n - 1);
        int j9 = Math.min(9, n - 1);
        for (int p = 0; p < kc; p++) {
            int at = a0 + p * lda;
            FloatVector x0 = FloatVector.fromArray(S, a, at);
            FloatVector x1 = FloatVector.fromArray(S, a, at + V);
            int bt = p * V;
            FloatVector w;
            w = FloatVector.broadcast(S, bp[bt]);
            s00 = x0.fma(w, s00);
            s01 = x1.fma(w, s01);
            w = FloatVector.broadcast(S, bp[bt + j1]);
            s10 = x0.fma(w, s10);
            s11 = x1.fma(w, s11);
            w = FloatVector.broadcast(S, bp[bt + j2]);
            s20 = x0.fma(w, s20);
            s21 = x1.fma(w, s21);
            w = FloatVector.broadcast(S, bp[bt + j3]);
            s30 = x0.fma(w, s30);
            s31 = x1.fma(w, s31);
            w = FloatVector.broadcast(S, bp[bt + j4]);
            s40 = x0.fma(w, s40);
            s41 = x1.fma(w, s41);
            w = FloatVector.broadcast(S, bp[bt + j5]);
            s50 = x0.fma(w, s50);
            s51 = x1.fma(w, s51);
            w = FloatVector.broadcast(S, bp[bt + j6]);
            s60 = x0.fma(w, s60);
            s61 = x1.fma(w, s61);
            w = FloatVector.broadcast(S, bp[bt + j7]);
            s70 = x0.fma(w, s70);
            s71 = x1.fma(w, s71);
            w = FloatVector.broadcast(S, bp[bt + j8]);
            s80 = x0.fma(w, s80);
            s81 = x1.fma(w, s81);
            w = FloatVector.broadcast(S, bp[bt + j9]);
            s90 = x0.fma(w, s90);
            s91 = x1.fma(w, s91);
        }
        s00.intoArray(tmp, 0);
        s01.intoArray(tmp, V);
        s10.intoArray(tmp, 2 * V);
        s11.intoArray(tmp, 3 * V);
        s20.intoArray(tmp, 4 * V);
        s21.intoArray(tmp, 5 * V);
        s30.intoArray(tmp, 6 * V);
        s31.intoArray(tmp, 7 * V);
        s40.intoArray(tmp, 8 * V);
        s41.intoArray(tmp, 9 * V);
        s50.intoArray(tmp, 10 * V);
        s51.intoArray(tmp, 11 * V);
        s60.intoArray(tmp, 12 * V);
        s61.intoArray(tmp, 13 * V);
        s70.intoArray(tmp, 14 * V);
        s71.intoArray(tmp, 15 * V);
        s80.intoArray(tmp, 16 * V);
        s81.intoArray(tmp, 17 * V);
        s90.intoArray(tmp, 18 * V);
        s91.intoArray(tmp, 19 * V);
        merge(alpha, beta, c, c0, ldc, n, 2 * V, tmp, 1, 2 * V);
    }

    /**
     * A not transposed, at most {@value #COLUMNS_BY_ROWS} columns, 16 lanes: two rows of C at a time, each of the
     * 20 sums a vector over 16 consecutive depth steps (two loads of A and ten of B per 16 steps, every lane
     * working), folded at the end in a fixed order, then the depth's remainder added step by step. The eight-row
     * form above used 10 of 16 lanes for n = 10. {@code bt} holds B transposed from {@link #SUMS}; a missing
     * second row repeats the first.
     */
    private static void rowPairsByDepth(int kc, float alpha, float[] a, int a0, int lda, float[] bt, float beta,
                                        float[] c, int c0, int ldc, int n, int count, float[] tmp) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s03 = s00;
        FloatVector s04 = s00;
        FloatVector s05 = s00;
        FloatVector s06 = s00;
        FloatVector s07 = s00;
        FloatVector s08 = s00;
        FloatVector s09 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s13 = s00;
        FloatVector s14 = s00;
        FloatVector s15 = s00;
        FloatVector s16 = s00;
        FloatVector s17 = s00;
        FloatVector s18 = s00;
        FloatVector s19 = s00;
        int a1 = a0 + Math.min(1, count - 1) * lda;
        // Columns past n repeat the last one; their sums are never written.
        int b0 = SUMS;
        int b1 = SUMS + Math.min(1, n - 1) * kc;
        int b2 = SUMS + Math.min(2, n - 1) * kc;
        int b3 = SUMS + Math.min(3, n - 1) * kc;
        int b4 = SUMS + Math.min(4, n - 1) * kc;
        int b5 = SUMS + Math.min(5, n - 1) * kc;
        int b6 = SUMS + Math.min(6, n - 1) * kc;
        int b7 = SUMS + Math.min(7, n - 1) * kc;
        int b8 = SUMS + Math.min(8, n - 1) * kc;
        int b9 = SUMS + Math.min(9, n - 1) * kc;
        int depth = kc - kc % V;
        for (int p = 0; p < depth; p += V) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector w;
            w = FloatVector.fromArray(S, bt, b0 + p);
            s00 = x0.fma(w, s00);
            s10 = x1.fma(w, s10);
            w = FloatVector.fromArray(S, bt, b1 + p);
            s01 = x0.fma(w, s01);
            s11 = x1.fma(w, s11);
            w = FloatVector.fromArray(S, bt, b2 + p);
            s02 = x0.fma(w, s02);
            s12 = x1.fma(w, s12);
            w = FloatVector.fromArray(S, bt, b3 + p);
            s03 = x0.fma(w, s03);
            s13 = x1.fma(w, s13);
            w = FloatVector.fromArray(S, bt, b4 + p);
            s04 = x0.fma(w, s04);
            s14 = x1.fma(w, s14);
            w = FloatVector.fromArray(S, bt, b5 + p);
            s05 = x0.fma(w, s05);
            s15 = x1.fma(w, s15);
            w = FloatVector.fromArray(S, bt, b6 + p);
            s06 = x0.fma(w, s06);
            s16 = x1.fma(w, s16);
            w = FloatVector.fromArray(S, bt, b7 + p);
            s07 = x0.fma(w, s07);
            s17 = x1.fma(w, s17);
            w = FloatVector.fromArray(S, bt, b8 + p);
            s08 = x0.fma(w, s08);
            s18 = x1.fma(w, s18);
            w = FloatVector.fromArray(S, bt, b9 + p);
            s09 = x0.fma(w, s09);
            s19 = x1.fma(w, s19);
        }
        s00.intoArray(tmp, 0);
        s01.intoArray(tmp, V);
        s02.intoArray(tmp, 2 * V);
        s03.intoArray(tmp, 3 * V);
        s04.intoArray(tmp, 4 * V);
        s05.intoArray(tmp, 5 * V);
        s06.intoArray(tmp, 6 * V);
        s07.intoArray(tmp, 7 * V);
        s08.intoArray(tmp, 8 * V);
        s09.intoArray(tmp, 9 * V);
        s10.intoArray(tmp, 10 * V);
        s11.intoArray(tmp, 11 * V);
        s12.intoArray(tmp, 12 * V);
        s13.intoArray(tmp, 13 * V);
        s14.intoArray(tmp, 14 * V);
        s15.intoArray(tmp, 15 * V);
        s16.intoArray(tmp, 16 * V);
        s17.intoArray(tmp, 17 * V);
        s18.intoArray(tmp, 18 * V);
        s19.intoArray(tmp, 19 * V);
        for (int r = 0; r < count; r++) {
            int row = r == 0 ? a0 : a1;
            int out = c0 + r * ldc;
            for (int j = 0; j < n; j++) {
                float sum = fold16(tmp, (r * COLUMNS_BY_ROWS + j) * V);
                for (int p = depth, t = SUMS + j * kc; p < kc; p++) {
                    sum = Math.fma(a[row + p], bt[t + p], sum);
                }
                c[out + j] = beta == 0f ? alpha * sum : Math.fma(c[out + j], beta, alpha * sum);
            }
        }
    }

    /** The 16 floats at {@code t} summed pairwise, always in this order. */
    private static float fold16(float[] v, int t) {
        float q0 = (v[t] + v[t + 1]) + (v[t + 2] + v[t + 3]);
        float q1 = (v[t + 4] + v[t + 5]) + (v[t + 6] + v[t + 7]);
        float q2 = (v[t + 8] + v[t + 9]) + (v[t + 10] + v[t + 11]);
        float q3 = (v[t + 12] + v[t + 13]) + (v[t + 14] + v[t + 15]);
        return (q0 + q1) + (q2 + q3);
    }

    /**
     * Writes rows {@code r < count}, columns {@code j < n} of C from the sums {@code acc = tmp[r*rowStride +
     * j*columnStride]} (accumulator rows: strides V and 1; accumulator columns: 1 and 2V) as {@code alpha*acc}
     * (beta = 0, C not read) or {@code fma(C, beta, alpha*acc)}. Scalar, through the temporary:
     * a masked store is slow before JDK 19, a full one would write past the row, and a helper taking the
     * accumulators as vectors boxed them whenever C2 compiled it out of line (98 KB per 1024-row step).
     */
    private static void merge(float alpha, float beta, float[] c, int c0, int ldc, int n, int count, float[] tmp,
                              int rowStride, int columnStride) {
        for (int r = 0; r < count; r++) {
            int row = c0 + r * ldc;
            int t = r * rowStride;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) {
                    c[row + j] = alpha * tmp[t + j * columnStride];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] = Math.fma(c[row + j], beta, alpha * tmp[t + j * columnStride]);
                }
            }
        }
    }
}
