package org.lanes.internal.gemm;

import java.util.Arrays;

/**
 * Copies blocks of op(A) and op(B) into the contiguous, zero-padded micro-panels the micro-kernel reads.
 * Transposes and leading dimensions end here: after packing all four forms look the same.
 */
final class Packing {
    private Packing() {
    }

    /**
     * Packs rows {@code [i0, i0+mc)} and depth {@code [p0, p0+kc)} of alpha*op(A) into MR-row panels:
     * panel {@code r} starts at {@code r*MR*kc} and holds, for each depth step, MR row values. Rows past
     * {@code mc} are zero.
     */
    static void packA(boolean transA, float alpha, float[] a, int aOffset, int lda,
                      int i0, int mc, int p0, int kc, int mr, float[] dst) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = ir * kc;
            if (transA) {
                // op(A)[i][p] = a[p*lda + i]: each depth step reads `rows` consecutive values.
                int src = aOffset + p0 * lda + i0 + ir;
                for (int p = 0; p < kc; p++, src += lda) {
                    int d = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = alpha * a[src + r];
                    }
                    for (int r = rows; r < mr; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = aOffset + (i0 + ir + r) * lda + p0;
                    for (int p = 0, d = base + r; p < kc; p++, d += mr) {
                        dst[d] = alpha * a[src + p];
                    }
                }
                for (int r = rows; r < mr; r++) {
                    for (int p = 0, d = base + r; p < kc; p++, d += mr) {
                        dst[d] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs depth {@code [p0, p0+kc)} and columns {@code [j0, j0+nc)} of op(B) into NR-column panels:
     * panel {@code c} starts at {@code c*NR*kc} and holds, for each depth step, NR column values.
     * Columns past {@code nc} are zero.
     */
    static void packB(boolean transB, float[] b, int bOffset, int ldb,
                      int p0, int kc, int j0, int nc, int nr, float[] dst) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int base = jr * kc;
            if (transB) {
                // op(B)[p][j] = b[j*ldb + p]: each column is a contiguous run over the depth.
                for (int j = 0; j < cols; j++) {
                    int src = bOffset + (j0 + jr + j) * ldb + p0;
                    for (int p = 0, d = base + j; p < kc; p++, d += nr) {
                        dst[d] = b[src + p];
                    }
                }
                for (int j = cols; j < nr; j++) {
                    for (int p = 0, d = base + j; p < kc; p++, d += nr) {
                        dst[d] = 0f;
                    }
                }
            } else {
                int src = bOffset + p0 * ldb + j0 + jr;
                for (int p = 0; p < kc; p++, src += ldb) {
                    int d = base + p * nr;
                    System.arraycopy(b, src, dst, d, cols);
                    if (cols < nr) {
                        Arrays.fill(dst, d + cols, d + nr, 0f);
                    }
                }
            }
        }
    }
}
