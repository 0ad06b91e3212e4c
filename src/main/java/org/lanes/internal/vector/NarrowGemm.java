package org.lanes.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM for C with at most one vector of columns (the output layer's n = 10): every row of C is one
 * accumulator, eight rows at a time, fed by one load of the packed B row and eight broadcasts of A per
 * depth step. A is read where it lies, unpacked: for so few columns each A value is used n times only, and
 * packing it would cost as much as the multiply. The general kernel would fill a tenth to a third of its
 * 2-vector-wide tiles here.
 *
 * <p>Rounding follows the micro-kernel contract ({@link org.lanes.internal.gemm.MicroKernel}): each element's
 * accumulator starts at {@code beta * C} (0 when beta is 0) and takes one FMA per depth step, in step order, so
 * the bits are those of every other GEMM path. The driver calls it only with alpha = 1.
 */
final class NarrowGemm {
    private static final VectorSpecies<Float> S = VectorProvider.S;
    private static final int V = VectorProvider.V;
    /** The most columns of C that {@link #rowVectorsTransposed} holds: 20 accumulators of 32 registers. */
    static final int COLUMNS_BY_ROWS = 10;
    /** The full-lane form holds 20 accumulators of 16 lanes: written for AVX-512's 32 registers. */
    private static final boolean FULL_LANE_FORMS = V == 16;
    /**
     * Floats per step of the packed B panel, the widest C the kernel takes: one vector, or two with 8 lanes or
     * fewer, where the MLP's 10 classes overflow one vector (those rows take {@link #rows4Wide}).
     */
    static final int WIDTH = V <= 8 ? 2 * V : V;

    private NarrowGemm() {
    }

    /**
     * {@code C[rows x n] := op(A)[rows x kc] * Bp + beta * C}, where {@code Bp} holds kc steps of {@link #WIDTH} values
     * (columns past n are zero) and A(i, p) is {@code a[aOffset + i*lda + p]}, or {@code a[aOffset + p*lda + i]}
     * when {@code transA}. {@code tmp} holds at least {@code 2V * COLUMNS_BY_ROWS} floats.
     */
    static void multiply(boolean transA, int rows, int n, int kc, float[] a, int aOffset, int lda,
                         float[] bp, float beta, float[] c, int cOffset, int ldc, float[] tmp) {
        // All vector code stays in the large group methods, which the JIT compiles on their own (see rows8).
        int i = 0;
        if (transA && FULL_LANE_FORMS && n <= COLUMNS_BY_ROWS) {
            // Fewer columns, taller groups: at least 8 independent accumulators per depth step (FMA latency).
            int tall = n <= 2 ? 8 * V : n <= 4 ? 4 * V : 2 * V;
            for (; i + tall <= rows; i += tall) {
                load(beta, c, cOffset + i * ldc, ldc, n, tall, tmp, 1, tall);
                if (n == 1) {
                    transposed8x1(kc, a, aOffset + i, lda, bp, tmp);
                } else if (n == 2) {
                    transposed8x2(kc, a, aOffset + i, lda, bp, n, tmp);
                } else if (n <= 4) {
                    transposed4x4(kc, a, aOffset + i, lda, bp, n, tmp);
                } else {
                    rowVectorsTransposed(kc, a, aOffset + i, lda, bp, n, tmp);
                }
                storeColumns(c, cOffset + i * ldc, ldc, n, tall, tmp);
            }
            for (; i + 2 * V <= rows; i += 2 * V) {
                load(beta, c, cOffset + i * ldc, ldc, n, 2 * V, tmp, 1, 2 * V);
                rowVectorsTransposed(kc, a, aOffset + i, lda, bp, n, tmp);
                storeColumns(c, cOffset + i * ldc, ldc, n, 2 * V, tmp);
            }
        }
        if (n > V) {
            // Two vectors per row of C: four rows at a time, 8 accumulators (16 registers hold them with room).
            for (; i < rows; i += 4) {
                int count = Math.min(4, rows - i);
                load(beta, c, cOffset + i * ldc, ldc, n, count, tmp, 2 * V, 1);
                rows4Wide(transA, kc, a, transA ? aOffset + i : aOffset + i * lda, lda, bp, count, tmp);
                store(c, cOffset + i * ldc, ldc, n, count, tmp, 2 * V);
            }
            return;
        }
        // The last group may hold fewer than 8 rows: it re-reads its last row in place of the missing ones and
        // stores only its own.
        for (; i < rows; i += 8) {
            int count = Math.min(8, rows - i);
            load(beta, c, cOffset + i * ldc, ldc, n, count, tmp, V, 1);
            if (transA) {
                rows8Transposed(kc, a, aOffset + i, lda, bp, count, tmp);
            } else {
                rows8(kc, a, aOffset + i * lda, lda, bp, count, tmp);
            }
            store(c, cOffset + i * ldc, ldc, n, count, tmp, V);
        }
    }

    /**
     * Rows of A contiguous over the depth: eight row streams. Large enough (over 325 bytecodes) that C2 never
     * inlines it into a caller: inlined deep into one, the Vector API calls below would exceed JDK 17's inlining
     * depth of 15 and run boxed.
     */
    private static void rows8(int kc, float[] a, int a0, int lda, float[] bp, int count, float[] tmp) {
        FloatVector s0 = FloatVector.fromArray(S, tmp, 0);
        FloatVector s1 = FloatVector.fromArray(S, tmp, V);
        FloatVector s2 = FloatVector.fromArray(S, tmp, 2 * V);
        FloatVector s3 = FloatVector.fromArray(S, tmp, 3 * V);
        FloatVector s4 = FloatVector.fromArray(S, tmp, 4 * V);
        FloatVector s5 = FloatVector.fromArray(S, tmp, 5 * V);
        FloatVector s6 = FloatVector.fromArray(S, tmp, 6 * V);
        FloatVector s7 = FloatVector.fromArray(S, tmp, 7 * V);
        int r1 = a0 + Math.min(1, count - 1) * lda;
        int r2 = a0 + Math.min(2, count - 1) * lda;
        int r3 = a0 + Math.min(3, count - 1) * lda;
        int r4 = a0 + Math.min(4, count - 1) * lda;
        int r5 = a0 + Math.min(5, count - 1) * lda;
        int r6 = a0 + Math.min(6, count - 1) * lda;
        int r7 = a0 + Math.min(7, count - 1) * lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b = FloatVector.fromArray(S, bp, p * WIDTH);
            s0 = FloatVector.broadcast(S, a[a0 + p]).fma(b, s0);
            s1 = FloatVector.broadcast(S, a[r1 + p]).fma(b, s1);
            s2 = FloatVector.broadcast(S, a[r2 + p]).fma(b, s2);
            s3 = FloatVector.broadcast(S, a[r3 + p]).fma(b, s3);
            s4 = FloatVector.broadcast(S, a[r4 + p]).fma(b, s4);
            s5 = FloatVector.broadcast(S, a[r5 + p]).fma(b, s5);
            s6 = FloatVector.broadcast(S, a[r6 + p]).fma(b, s6);
            s7 = FloatVector.broadcast(S, a[r7 + p]).fma(b, s7);
        }
        ((FloatVector) Exact.VECTOR.cast(s0)).intoArray(tmp, 0);
        ((FloatVector) Exact.VECTOR.cast(s1)).intoArray(tmp, V);
        ((FloatVector) Exact.VECTOR.cast(s2)).intoArray(tmp, 2 * V);
        ((FloatVector) Exact.VECTOR.cast(s3)).intoArray(tmp, 3 * V);
        ((FloatVector) Exact.VECTOR.cast(s4)).intoArray(tmp, 4 * V);
        ((FloatVector) Exact.VECTOR.cast(s5)).intoArray(tmp, 5 * V);
        ((FloatVector) Exact.VECTOR.cast(s6)).intoArray(tmp, 6 * V);
        ((FloatVector) Exact.VECTOR.cast(s7)).intoArray(tmp, 7 * V);
    }

    /**
     * A stored transposed: each depth step holds the eight rows' values side by side. Large, as rows8.
     */
    private static void rows8Transposed(int kc, float[] a, int a0, int lda, float[] bp, int count, float[] tmp) {
        FloatVector s0 = FloatVector.fromArray(S, tmp, 0);
        FloatVector s1 = FloatVector.fromArray(S, tmp, V);
        FloatVector s2 = FloatVector.fromArray(S, tmp, 2 * V);
        FloatVector s3 = FloatVector.fromArray(S, tmp, 3 * V);
        FloatVector s4 = FloatVector.fromArray(S, tmp, 4 * V);
        FloatVector s5 = FloatVector.fromArray(S, tmp, 5 * V);
        FloatVector s6 = FloatVector.fromArray(S, tmp, 6 * V);
        FloatVector s7 = FloatVector.fromArray(S, tmp, 7 * V);
        int o1 = Math.min(1, count - 1);
        int o2 = Math.min(2, count - 1);
        int o3 = Math.min(3, count - 1);
        int o4 = Math.min(4, count - 1);
        int o5 = Math.min(5, count - 1);
        int o6 = Math.min(6, count - 1);
        int o7 = Math.min(7, count - 1);
        for (int p = 0; p < kc; p++) {
            FloatVector b = FloatVector.fromArray(S, bp, p * WIDTH);
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
        ((FloatVector) Exact.VECTOR.cast(s0)).intoArray(tmp, 0);
        ((FloatVector) Exact.VECTOR.cast(s1)).intoArray(tmp, V);
        ((FloatVector) Exact.VECTOR.cast(s2)).intoArray(tmp, 2 * V);
        ((FloatVector) Exact.VECTOR.cast(s3)).intoArray(tmp, 3 * V);
        ((FloatVector) Exact.VECTOR.cast(s4)).intoArray(tmp, 4 * V);
        ((FloatVector) Exact.VECTOR.cast(s5)).intoArray(tmp, 5 * V);
        ((FloatVector) Exact.VECTOR.cast(s6)).intoArray(tmp, 6 * V);
        ((FloatVector) Exact.VECTOR.cast(s7)).intoArray(tmp, 7 * V);
    }

    /** {@link #rowVectorsTransposed} with 8 row vectors (8V rows) by 1 column: 8 accumulators. */
    private static void transposed8x1(int kc, float[] a, int a0, int lda, float[] bp, float[] tmp) {
        FloatVector s00 = FloatVector.fromArray(S, tmp, 0 * V);
        FloatVector s01 = FloatVector.fromArray(S, tmp, 1 * V);
        FloatVector s02 = FloatVector.fromArray(S, tmp, 2 * V);
        FloatVector s03 = FloatVector.fromArray(S, tmp, 3 * V);
        FloatVector s04 = FloatVector.fromArray(S, tmp, 4 * V);
        FloatVector s05 = FloatVector.fromArray(S, tmp, 5 * V);
        FloatVector s06 = FloatVector.fromArray(S, tmp, 6 * V);
        FloatVector s07 = FloatVector.fromArray(S, tmp, 7 * V);
        for (int p = 0; p < kc; p++) {
            int at = a0 + p * lda;
            FloatVector x0 = FloatVector.fromArray(S, a, at);
            FloatVector x1 = FloatVector.fromArray(S, a, at + V);
            FloatVector x2 = FloatVector.fromArray(S, a, at + 2 * V);
            FloatVector x3 = FloatVector.fromArray(S, a, at + 3 * V);
            FloatVector x4 = FloatVector.fromArray(S, a, at + 4 * V);
            FloatVector x5 = FloatVector.fromArray(S, a, at + 5 * V);
            FloatVector x6 = FloatVector.fromArray(S, a, at + 6 * V);
            FloatVector x7 = FloatVector.fromArray(S, a, at + 7 * V);
            int bt = p * WIDTH;
            FloatVector w;
            w = FloatVector.broadcast(S, bp[bt]);
            s00 = x0.fma(w, s00);
            s01 = x1.fma(w, s01);
            s02 = x2.fma(w, s02);
            s03 = x3.fma(w, s03);
            s04 = x4.fma(w, s04);
            s05 = x5.fma(w, s05);
            s06 = x6.fma(w, s06);
            s07 = x7.fma(w, s07);
        }
        ((FloatVector) Exact.VECTOR.cast(s00)).intoArray(tmp, 0);
        ((FloatVector) Exact.VECTOR.cast(s01)).intoArray(tmp, V);
        ((FloatVector) Exact.VECTOR.cast(s02)).intoArray(tmp, 2 * V);
        ((FloatVector) Exact.VECTOR.cast(s03)).intoArray(tmp, 3 * V);
        ((FloatVector) Exact.VECTOR.cast(s04)).intoArray(tmp, 4 * V);
        ((FloatVector) Exact.VECTOR.cast(s05)).intoArray(tmp, 5 * V);
        ((FloatVector) Exact.VECTOR.cast(s06)).intoArray(tmp, 6 * V);
        ((FloatVector) Exact.VECTOR.cast(s07)).intoArray(tmp, 7 * V);
    }

    /** {@link #rowVectorsTransposed} with 8 row vectors (8V rows) by 2 columns: 16 accumulators. */
    private static void transposed8x2(int kc, float[] a, int a0, int lda, float[] bp, int n, float[] tmp) {
        FloatVector s00 = FloatVector.fromArray(S, tmp, 0 * V);
        FloatVector s01 = FloatVector.fromArray(S, tmp, 1 * V);
        FloatVector s02 = FloatVector.fromArray(S, tmp, 2 * V);
        FloatVector s03 = FloatVector.fromArray(S, tmp, 3 * V);
        FloatVector s04 = FloatVector.fromArray(S, tmp, 4 * V);
        FloatVector s05 = FloatVector.fromArray(S, tmp, 5 * V);
        FloatVector s06 = FloatVector.fromArray(S, tmp, 6 * V);
        FloatVector s07 = FloatVector.fromArray(S, tmp, 7 * V);
        FloatVector s10 = FloatVector.fromArray(S, tmp, 8 * V);
        FloatVector s11 = FloatVector.fromArray(S, tmp, 9 * V);
        FloatVector s12 = FloatVector.fromArray(S, tmp, 10 * V);
        FloatVector s13 = FloatVector.fromArray(S, tmp, 11 * V);
        FloatVector s14 = FloatVector.fromArray(S, tmp, 12 * V);
        FloatVector s15 = FloatVector.fromArray(S, tmp, 13 * V);
        FloatVector s16 = FloatVector.fromArray(S, tmp, 14 * V);
        FloatVector s17 = FloatVector.fromArray(S, tmp, 15 * V);
        // Columns past n repeat the last one; their sums are never written.
        int j1 = Math.min(1, n - 1);
        for (int p = 0; p < kc; p++) {
            int at = a0 + p * lda;
            FloatVector x0 = FloatVector.fromArray(S, a, at);
            FloatVector x1 = FloatVector.fromArray(S, a, at + V);
            FloatVector x2 = FloatVector.fromArray(S, a, at + 2 * V);
            FloatVector x3 = FloatVector.fromArray(S, a, at + 3 * V);
            FloatVector x4 = FloatVector.fromArray(S, a, at + 4 * V);
            FloatVector x5 = FloatVector.fromArray(S, a, at + 5 * V);
            FloatVector x6 = FloatVector.fromArray(S, a, at + 6 * V);
            FloatVector x7 = FloatVector.fromArray(S, a, at + 7 * V);
            int bt = p * WIDTH;
            FloatVector w;
            w = FloatVector.broadcast(S, bp[bt]);
            s00 = x0.fma(w, s00);
            s01 = x1.fma(w, s01);
            s02 = x2.fma(w, s02);
            s03 = x3.fma(w, s03);
            s04 = x4.fma(w, s04);
            s05 = x5.fma(w, s05);
            s06 = x6.fma(w, s06);
            s07 = x7.fma(w, s07);
            w = FloatVector.broadcast(S, bp[bt + j1]);
            s10 = x0.fma(w, s10);
            s11 = x1.fma(w, s11);
            s12 = x2.fma(w, s12);
            s13 = x3.fma(w, s13);
            s14 = x4.fma(w, s14);
            s15 = x5.fma(w, s15);
            s16 = x6.fma(w, s16);
            s17 = x7.fma(w, s17);
        }
        ((FloatVector) Exact.VECTOR.cast(s00)).intoArray(tmp, 0);
        ((FloatVector) Exact.VECTOR.cast(s01)).intoArray(tmp, V);
        ((FloatVector) Exact.VECTOR.cast(s02)).intoArray(tmp, 2 * V);
        ((FloatVector) Exact.VECTOR.cast(s03)).intoArray(tmp, 3 * V);
        ((FloatVector) Exact.VECTOR.cast(s04)).intoArray(tmp, 4 * V);
        ((FloatVector) Exact.VECTOR.cast(s05)).intoArray(tmp, 5 * V);
        ((FloatVector) Exact.VECTOR.cast(s06)).intoArray(tmp, 6 * V);
        ((FloatVector) Exact.VECTOR.cast(s07)).intoArray(tmp, 7 * V);
        ((FloatVector) Exact.VECTOR.cast(s10)).intoArray(tmp, 8 * V);
        ((FloatVector) Exact.VECTOR.cast(s11)).intoArray(tmp, 9 * V);
        ((FloatVector) Exact.VECTOR.cast(s12)).intoArray(tmp, 10 * V);
        ((FloatVector) Exact.VECTOR.cast(s13)).intoArray(tmp, 11 * V);
        ((FloatVector) Exact.VECTOR.cast(s14)).intoArray(tmp, 12 * V);
        ((FloatVector) Exact.VECTOR.cast(s15)).intoArray(tmp, 13 * V);
        ((FloatVector) Exact.VECTOR.cast(s16)).intoArray(tmp, 14 * V);
        ((FloatVector) Exact.VECTOR.cast(s17)).intoArray(tmp, 15 * V);
    }

    /** {@link #rowVectorsTransposed} with 4 row vectors (4V rows) by 4 columns: 16 accumulators. */
    private static void transposed4x4(int kc, float[] a, int a0, int lda, float[] bp, int n, float[] tmp) {
        FloatVector s00 = FloatVector.fromArray(S, tmp, 0 * V);
        FloatVector s01 = FloatVector.fromArray(S, tmp, 1 * V);
        FloatVector s02 = FloatVector.fromArray(S, tmp, 2 * V);
        FloatVector s03 = FloatVector.fromArray(S, tmp, 3 * V);
        FloatVector s10 = FloatVector.fromArray(S, tmp, 4 * V);
        FloatVector s11 = FloatVector.fromArray(S, tmp, 5 * V);
        FloatVector s12 = FloatVector.fromArray(S, tmp, 6 * V);
        FloatVector s13 = FloatVector.fromArray(S, tmp, 7 * V);
        FloatVector s20 = FloatVector.fromArray(S, tmp, 8 * V);
        FloatVector s21 = FloatVector.fromArray(S, tmp, 9 * V);
        FloatVector s22 = FloatVector.fromArray(S, tmp, 10 * V);
        FloatVector s23 = FloatVector.fromArray(S, tmp, 11 * V);
        FloatVector s30 = FloatVector.fromArray(S, tmp, 12 * V);
        FloatVector s31 = FloatVector.fromArray(S, tmp, 13 * V);
        FloatVector s32 = FloatVector.fromArray(S, tmp, 14 * V);
        FloatVector s33 = FloatVector.fromArray(S, tmp, 15 * V);
        // Columns past n repeat the last one; their sums are never written.
        int j1 = Math.min(1, n - 1);
        int j2 = Math.min(2, n - 1);
        int j3 = Math.min(3, n - 1);
        for (int p = 0; p < kc; p++) {
            int at = a0 + p * lda;
            FloatVector x0 = FloatVector.fromArray(S, a, at);
            FloatVector x1 = FloatVector.fromArray(S, a, at + V);
            FloatVector x2 = FloatVector.fromArray(S, a, at + 2 * V);
            FloatVector x3 = FloatVector.fromArray(S, a, at + 3 * V);
            int bt = p * WIDTH;
            FloatVector w;
            w = FloatVector.broadcast(S, bp[bt]);
            s00 = x0.fma(w, s00);
            s01 = x1.fma(w, s01);
            s02 = x2.fma(w, s02);
            s03 = x3.fma(w, s03);
            w = FloatVector.broadcast(S, bp[bt + j1]);
            s10 = x0.fma(w, s10);
            s11 = x1.fma(w, s11);
            s12 = x2.fma(w, s12);
            s13 = x3.fma(w, s13);
            w = FloatVector.broadcast(S, bp[bt + j2]);
            s20 = x0.fma(w, s20);
            s21 = x1.fma(w, s21);
            s22 = x2.fma(w, s22);
            s23 = x3.fma(w, s23);
            w = FloatVector.broadcast(S, bp[bt + j3]);
            s30 = x0.fma(w, s30);
            s31 = x1.fma(w, s31);
            s32 = x2.fma(w, s32);
            s33 = x3.fma(w, s33);
        }
        ((FloatVector) Exact.VECTOR.cast(s00)).intoArray(tmp, 0);
        ((FloatVector) Exact.VECTOR.cast(s01)).intoArray(tmp, V);
        ((FloatVector) Exact.VECTOR.cast(s02)).intoArray(tmp, 2 * V);
        ((FloatVector) Exact.VECTOR.cast(s03)).intoArray(tmp, 3 * V);
        ((FloatVector) Exact.VECTOR.cast(s10)).intoArray(tmp, 4 * V);
        ((FloatVector) Exact.VECTOR.cast(s11)).intoArray(tmp, 5 * V);
        ((FloatVector) Exact.VECTOR.cast(s12)).intoArray(tmp, 6 * V);
        ((FloatVector) Exact.VECTOR.cast(s13)).intoArray(tmp, 7 * V);
        ((FloatVector) Exact.VECTOR.cast(s20)).intoArray(tmp, 8 * V);
        ((FloatVector) Exact.VECTOR.cast(s21)).intoArray(tmp, 9 * V);
        ((FloatVector) Exact.VECTOR.cast(s22)).intoArray(tmp, 10 * V);
        ((FloatVector) Exact.VECTOR.cast(s23)).intoArray(tmp, 11 * V);
        ((FloatVector) Exact.VECTOR.cast(s30)).intoArray(tmp, 12 * V);
        ((FloatVector) Exact.VECTOR.cast(s31)).intoArray(tmp, 13 * V);
        ((FloatVector) Exact.VECTOR.cast(s32)).intoArray(tmp, 14 * V);
        ((FloatVector) Exact.VECTOR.cast(s33)).intoArray(tmp, 15 * V);
    }

    /**
     * A stored transposed, at most {@value #COLUMNS_BY_ROWS} columns: the roles of the operands swap. Each depth
     * step loads 2V consecutive rows of A (two vectors, whole cache lines) and broadcasts each column's B value,
     * so every lane works: 20 accumulators of which all lanes are rows of C. The eight-row form above, with one
     * vector per row of C, used 10 of 16 lanes for n = 10 and read half a cache line per step from rows of A
     * that lie lda apart (in L1, a row pitch of 2 KiB maps every step onto the same two sets). C is written
     * transposed from {@code tmp}, which holds at least {@code 2V * COLUMNS_BY_ROWS} floats.
     */
    private static void rowVectorsTransposed(int kc, float[] a, int a0, int lda, float[] bp, int n, float[] tmp) {
        FloatVector s00 = FloatVector.fromArray(S, tmp, 0 * V);
        FloatVector s01 = FloatVector.fromArray(S, tmp, 1 * V);
        FloatVector s10 = FloatVector.fromArray(S, tmp, 2 * V);
        FloatVector s11 = FloatVector.fromArray(S, tmp, 3 * V);
        FloatVector s20 = FloatVector.fromArray(S, tmp, 4 * V);
        FloatVector s21 = FloatVector.fromArray(S, tmp, 5 * V);
        FloatVector s30 = FloatVector.fromArray(S, tmp, 6 * V);
        FloatVector s31 = FloatVector.fromArray(S, tmp, 7 * V);
        FloatVector s40 = FloatVector.fromArray(S, tmp, 8 * V);
        FloatVector s41 = FloatVector.fromArray(S, tmp, 9 * V);
        FloatVector s50 = FloatVector.fromArray(S, tmp, 10 * V);
        FloatVector s51 = FloatVector.fromArray(S, tmp, 11 * V);
        FloatVector s60 = FloatVector.fromArray(S, tmp, 12 * V);
        FloatVector s61 = FloatVector.fromArray(S, tmp, 13 * V);
        FloatVector s70 = FloatVector.fromArray(S, tmp, 14 * V);
        FloatVector s71 = FloatVector.fromArray(S, tmp, 15 * V);
        FloatVector s80 = FloatVector.fromArray(S, tmp, 16 * V);
        FloatVector s81 = FloatVector.fromArray(S, tmp, 17 * V);
        FloatVector s90 = FloatVector.fromArray(S, tmp, 18 * V);
        FloatVector s91 = FloatVector.fromArray(S, tmp, 19 * V);
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
            int bt = p * WIDTH;
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
        ((FloatVector) Exact.VECTOR.cast(s00)).intoArray(tmp, 0);
        ((FloatVector) Exact.VECTOR.cast(s01)).intoArray(tmp, V);
        ((FloatVector) Exact.VECTOR.cast(s10)).intoArray(tmp, 2 * V);
        ((FloatVector) Exact.VECTOR.cast(s11)).intoArray(tmp, 3 * V);
        ((FloatVector) Exact.VECTOR.cast(s20)).intoArray(tmp, 4 * V);
        ((FloatVector) Exact.VECTOR.cast(s21)).intoArray(tmp, 5 * V);
        ((FloatVector) Exact.VECTOR.cast(s30)).intoArray(tmp, 6 * V);
        ((FloatVector) Exact.VECTOR.cast(s31)).intoArray(tmp, 7 * V);
        ((FloatVector) Exact.VECTOR.cast(s40)).intoArray(tmp, 8 * V);
        ((FloatVector) Exact.VECTOR.cast(s41)).intoArray(tmp, 9 * V);
        ((FloatVector) Exact.VECTOR.cast(s50)).intoArray(tmp, 10 * V);
        ((FloatVector) Exact.VECTOR.cast(s51)).intoArray(tmp, 11 * V);
        ((FloatVector) Exact.VECTOR.cast(s60)).intoArray(tmp, 12 * V);
        ((FloatVector) Exact.VECTOR.cast(s61)).intoArray(tmp, 13 * V);
        ((FloatVector) Exact.VECTOR.cast(s70)).intoArray(tmp, 14 * V);
        ((FloatVector) Exact.VECTOR.cast(s71)).intoArray(tmp, 15 * V);
        ((FloatVector) Exact.VECTOR.cast(s80)).intoArray(tmp, 16 * V);
        ((FloatVector) Exact.VECTOR.cast(s81)).intoArray(tmp, 17 * V);
        ((FloatVector) Exact.VECTOR.cast(s90)).intoArray(tmp, 18 * V);
        ((FloatVector) Exact.VECTOR.cast(s91)).intoArray(tmp, 19 * V);
    }

    /**
     * Up to four rows of C, each two vectors wide (V &lt; n &lt;= 2V): per depth step two loads of the packed B row
     * and four broadcasts of A, which is read where it lies (rows contiguous over the depth, or, transposed, the
     * four rows side by side in each step). A missing row repeats the last one; its sums are never stored.
     * Accumulators come from and go back to {@code tmp} (row r at {@code r * 2V}).
     */
    private static void rows4Wide(boolean transA, int kc, float[] a, int a0, int lda, float[] bp, int count,
                                  float[] tmp) {
        FloatVector s00 = FloatVector.fromArray(S, tmp, 0);
        FloatVector s01 = FloatVector.fromArray(S, tmp, V);
        FloatVector s10 = FloatVector.fromArray(S, tmp, 2 * V);
        FloatVector s11 = FloatVector.fromArray(S, tmp, 3 * V);
        FloatVector s20 = FloatVector.fromArray(S, tmp, 4 * V);
        FloatVector s21 = FloatVector.fromArray(S, tmp, 5 * V);
        FloatVector s30 = FloatVector.fromArray(S, tmp, 6 * V);
        FloatVector s31 = FloatVector.fromArray(S, tmp, 7 * V);
        // Where row r's value of step p lies: a0 + p*stepA + r*rowA.
        int stepA = transA ? lda : 1;
        int rowA = transA ? 1 : lda;
        int r1 = Math.min(1, count - 1) * rowA;
        int r2 = Math.min(2, count - 1) * rowA;
        int r3 = Math.min(3, count - 1) * rowA;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, p * WIDTH);
            FloatVector b1 = FloatVector.fromArray(S, bp, p * WIDTH + V);
            int at = a0 + p * stepA;
            FloatVector x = FloatVector.broadcast(S, a[at]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(S, a[at + r1]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(S, a[at + r2]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(S, a[at + r3]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
        }
        ((FloatVector) Exact.VECTOR.cast(s00)).intoArray(tmp, 0);
        ((FloatVector) Exact.VECTOR.cast(s01)).intoArray(tmp, V);
        ((FloatVector) Exact.VECTOR.cast(s10)).intoArray(tmp, 2 * V);
        ((FloatVector) Exact.VECTOR.cast(s11)).intoArray(tmp, 3 * V);
        ((FloatVector) Exact.VECTOR.cast(s20)).intoArray(tmp, 4 * V);
        ((FloatVector) Exact.VECTOR.cast(s21)).intoArray(tmp, 5 * V);
        ((FloatVector) Exact.VECTOR.cast(s30)).intoArray(tmp, 6 * V);
        ((FloatVector) Exact.VECTOR.cast(s31)).intoArray(tmp, 7 * V);
    }

    /**
     * Fills the accumulators of rows {@code r < count}, columns {@code j < n} of C at
     * {@code tmp[r*rowStride + j*columnStride]} with {@code beta * C} (0 when beta is 0, C not read), and the
     * lanes past n with 0. Accumulator rows: strides V and 1; accumulator columns: 1 and 2V. Scalar, through the
     * temporary: a masked load is slow before JDK 19, and a full one would read past the row.
     */
    private static void load(float beta, float[] c, int c0, int ldc, int n, int count, float[] tmp, int rowStride,
                             int columnStride) {
        java.util.Arrays.fill(tmp, 0, 2 * COLUMNS_BY_ROWS * V, 0f);
        if (beta == 0f) {
            return;
        }
        for (int r = 0; r < count; r++) {
            int row = c0 + r * ldc;
            int t = r * rowStride;
            for (int j = 0; j < n; j++) {
                tmp[t + j * columnStride] = beta * c[row + j];
            }
        }
    }

    /**
     * {@link #store} for the layout of {@link #rowVectorsTransposed} and its taller forms ({@code height} rows,
     * accumulator column j at {@code tmp[j * height]}): one column at a time, reading the scratch array in order.
     * This copy is most of the call's fixed cost at small depths (docs/decisions/narrow-kernel.md).
     */
    private static void storeColumns(float[] c, int c0, int ldc, int n, int height, float[] tmp) {
        for (int j = 0; j < n; j++) {
            int t = j * height;
            for (int r = 0; r < height; r++) {
                c[c0 + r * ldc + j] = tmp[t + r];
            }
        }
    }

    /**
     * Writes accumulators laid out a row at a time ({@code tmp[r * rowStride + j]}, as {@link #load} lays them out
     * for the row forms) back into C, columns {@code j < n} only; the column form takes {@link #storeColumns}.
     */
    private static void store(float[] c, int c0, int ldc, int n, int count, float[] tmp, int rowStride) {
        for (int r = 0; r < count; r++) {
            int row = c0 + r * ldc;
            int t = r * rowStride;
            for (int j = 0; j < n; j++) {
                c[row + j] = tmp[t + j];
            }
        }
    }
}
