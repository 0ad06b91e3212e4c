package org.lanes.internal.gemm;

import java.util.Arrays;
import org.lanes.internal.config.BlockSizes;

/**
 * Copies blocks of op(A) and op(B) into the contiguous, zero-padded micro-panels the micro-kernel reads.
 * Transposes and leading dimensions end here: after packing all four forms look the same.
 */
final class Packing {
    /*
     * The panel widths of the active kernels as constants, for the gathering loops of whole panels; widths of
     * 0 (none handed over) leave every panel to the general loops. Why constants: {@link PanelWidths}.
     */
    private static final int TALL = PanelWidths.tall();
    private static final int WIDE = PanelWidths.wide();

    private Packing() {
    }

    /**
     * Packs rows {@code [i0, i0+mc)} and depth {@code [p0, p0+kc)} of alpha*op(A) into panels of {@code mr} rows
     * (MR, or {@link BlockSizes#transposedAPanel} for a transposed A): panel {@code r} starts at
     * {@code r*mr*kc} and holds, for each depth step, {@code mr} row values. Rows past {@code mc} are zero.
     */
    static void packA(GemmKernels provider, boolean transA, float alpha, float[] a, int aOffset, int lda,
                      int i0, int mc, int p0, int kc, int mr, float[] dst) {
        packA(provider, transA, alpha, a, aOffset, lda, i0, 0, mc, p0, kc, mr, dst);
    }

    /**
     * Rows {@code [i0 + from, i0 + to)} of the block {@link #packA(GemmKernels, boolean, float, float[], int, int,
     * int, int, int, int, int, float[])} packs, into their places in {@code dst}; {@code from} is a multiple of
     * {@code mr}. Parts that share one packed A each pack a range of its panels.
     */
    static void packA(GemmKernels provider, boolean transA, float alpha, float[] a, int aOffset, int lda,
                      int i0, int from, int to, int p0, int kc, int mr, float[] dst) {
        for (int ir = from; ir < to; ir += mr) {
            int rows = Math.min(mr, to - ir);
            if (transA) {
                // op(A)[i][p] = a[p*lda + i]: each depth step is a contiguous run of rows.
                copyRuns(provider, a, aOffset + p0 * lda + i0 + ir, lda, rows, kc, alpha, dst, ir * kc, mr);
            } else if (mr == TALL && TALL % 4 == 0) {
                gatherTall(a, aOffset + (i0 + ir) * lda + p0, lda, rows, kc, alpha, dst, ir * kc);
            } else {
                interleave(a, aOffset + (i0 + ir) * lda + p0, lda, rows, kc, alpha, dst, ir * kc, mr);
            }
        }
    }

    /**
     * Packs depth {@code [p0, p0+kc)} of panels {@code [panelFrom, panelTo)} of columns {@code [j0, j0+nc)} of op(B)
     * into NR-column panels: panel {@code q} starts at {@code q*NR*kc} and holds, for each depth step, NR column
     * values. Columns past {@code nc} are zero. With {@code partialOnly}, whole panels are left to the
     * micro-kernel ({@link MicroKernel#multiplyPackingB}) and only a last, partial panel is packed here.
     */
    static void packB(GemmKernels provider, boolean transB, float[] b, int bOffset, int ldb,
                      int p0, int kc, int j0, int nc, int nr, float[] dst, boolean partialOnly, int panelFrom,
                      int panelTo) {
        for (int q = panelFrom; q < panelTo; q++) {
            int jr = q * nr;
            int cols = Math.min(nr, nc - jr);
            if (partialOnly && cols == nr) {
                continue;
            }
            if (transB && nr == WIDE && WIDE % 4 == 0) {
                gatherWide(b, bOffset + (j0 + jr) * ldb + p0, ldb, cols, kc, dst, jr * kc);
            } else if (transB) {
                // op(B)[p][j] = b[j*ldb + p]: each column is a contiguous run over the depth.
                interleave(b, bOffset + (j0 + jr) * ldb + p0, ldb, cols, kc, 1f, dst, jr * kc, nr);
            } else {
                copyRuns(provider, b, bOffset + p0 * ldb + j0 + jr, ldb, cols, kc, 1f, dst, jr * kc, nr);
            }
        }
    }

    /**
     * Step {@code p} of the panel is {@code width} consecutive source values starting at {@code src + p*ld},
     * scaled, then zeros up to {@code panel}. The provider copies with vectors.
     */
    private static void copyRuns(GemmKernels provider, float[] src, int srcOffset, int ld, int width, int len,
                                 float scale, float[] dst, int dstOffset, int panel) {
        provider.packRuns(src, srcOffset, ld, len, width, panel, scale, true, dst, dstOffset);
    }

    /**
     * Strand {@code w} (of {@code width}) is the contiguous source run at {@code src + w*ld}; step {@code p} of
     * the panel takes element p of every strand, scaled, then zeros up to {@code panel}. Four strands are read
     * at once so that each step writes four neighbouring values.
     */
    private static void interleave(float[] src, int srcOffset, int ld, int width, int len, float scale,
                                   float[] dst, int dstOffset, int panel) {
        int w = 0;
        for (; w + 4 <= width; w += 4) {
            int s0 = srcOffset + w * ld;
            int s1 = s0 + ld;
            int s2 = s1 + ld;
            int s3 = s2 + ld;
            for (int p = 0, d = dstOffset + w; p < len; p++, d += panel) {
                dst[d] = scale * src[s0 + p];
                dst[d + 1] = scale * src[s1 + p];
                dst[d + 2] = scale * src[s2 + p];
                dst[d + 3] = scale * src[s3 + p];
            }
        }
        for (; w < width; w++) {
            int s = srcOffset + w * ld;
            for (int p = 0, d = dstOffset + w; p < len; p++, d += panel) {
                dst[d] = scale * src[s + p];
            }
        }
        zeroTail(dst, dstOffset, width, panel, len);
    }

    /**
     * {@link #interleave} into a panel of {@link #TALL}. Strands past {@code width} first repeat the last one, so
     * that every panel runs the same loop, and are then overwritten with zeros. Four depth steps per iteration, so
     * that the index arithmetic is shared by sixteen loads and stores (docs/decisions/packing-gathers.md).
     */
    private static void gatherTall(float[] src, int srcOffset, int ld, int width, int len, float scale,
                                   float[] dst, int dstOffset) {
        for (int w = 0; w < TALL; w += 4) {
            int s0 = srcOffset + Math.min(w, width - 1) * ld;
            int s1 = srcOffset + Math.min(w + 1, width - 1) * ld;
            int s2 = srcOffset + Math.min(w + 2, width - 1) * ld;
            int s3 = srcOffset + Math.min(w + 3, width - 1) * ld;
            int d = dstOffset + w;
            int p = 0;
            for (; p + 4 <= len; p += 4) {
                int q = d + p * TALL;
                fourByFour(src, s0 + p, s1 + p, s2 + p, s3 + p, scale, dst, q, TALL);
            }
            for (; p < len; p++) {
                int q = d + p * TALL;
                dst[q] = scale * src[s0 + p];
                dst[q + 1] = scale * src[s1 + p];
                dst[q + 2] = scale * src[s2 + p];
                dst[q + 3] = scale * src[s3 + p];
            }
        }
        zeroTail(dst, dstOffset, width, TALL, len);
    }

    /** {@link #gatherTall} into a panel of {@link #WIDE}, unscaled (B takes no alpha). */
    private static void gatherWide(float[] src, int srcOffset, int ld, int width, int len, float[] dst,
                                   int dstOffset) {
        for (int w = 0; w < WIDE; w += 4) {
            int s0 = srcOffset + Math.min(w, width - 1) * ld;
            int s1 = srcOffset + Math.min(w + 1, width - 1) * ld;
            int s2 = srcOffset + Math.min(w + 2, width - 1) * ld;
            int s3 = srcOffset + Math.min(w + 3, width - 1) * ld;
            int d = dstOffset + w;
            int p = 0;
            for (; p + 4 <= len; p += 4) {
                int q = d + p * WIDE;
                fourByFour(src, s0 + p, s1 + p, s2 + p, s3 + p, 1f, dst, q, WIDE);
            }
            for (; p < len; p++) {
                int q = d + p * WIDE;
                dst[q] = src[s0 + p];
                dst[q + 1] = src[s1 + p];
                dst[q + 2] = src[s2 + p];
                dst[q + 3] = src[s3 + p];
            }
        }
        zeroTail(dst, dstOffset, width, WIDE, len);
    }

    /**
     * Four steps of four strands: {@code dst[q + t*panel + i] = scale * src[s_i + t]}. Inlined into loops whose
     * {@code panel} is a constant, so every index stays the loop counter times a constant plus an invariant.
     */
    private static void fourByFour(float[] src, int s0, int s1, int s2, int s3, float scale, float[] dst, int q,
                                   int panel) {
        dst[q] = scale * src[s0];
        dst[q + 1] = scale * src[s1];
        dst[q + 2] = scale * src[s2];
        dst[q + 3] = scale * src[s3];
        dst[q + panel] = scale * src[s0 + 1];
        dst[q + panel + 1] = scale * src[s1 + 1];
        dst[q + panel + 2] = scale * src[s2 + 1];
        dst[q + panel + 3] = scale * src[s3 + 1];
        dst[q + 2 * panel] = scale * src[s0 + 2];
        dst[q + 2 * panel + 1] = scale * src[s1 + 2];
        dst[q + 2 * panel + 2] = scale * src[s2 + 2];
        dst[q + 2 * panel + 3] = scale * src[s3 + 2];
        dst[q + 3 * panel] = scale * src[s0 + 3];
        dst[q + 3 * panel + 1] = scale * src[s1 + 3];
        dst[q + 3 * panel + 2] = scale * src[s2 + 3];
        dst[q + 3 * panel + 3] = scale * src[s3 + 3];
    }

    /**
     * {@code dst[p * rows + j] = src[srcOffset + j * ld + p]} for {@code rows} strands of {@code len} values: B
     * transposed into rows for the direct path ({@link #interleave} into a panel as wide as the strands).
     */
    static void transpose(float[] src, int srcOffset, int ld, int rows, int len, float[] dst) {
        interleave(src, srcOffset, ld, rows, len, 1f, dst, 0, rows);
    }

    /** Zeros values {@code [width, panel)} of each of the {@code len} steps of a panel. */
    private static void zeroTail(float[] dst, int dstOffset, int width, int panel, int len) {
        if (width < panel) {
            for (int p = 0, d = dstOffset; p < len; p++, d += panel) {
                Arrays.fill(dst, d + width, d + panel, 0f);
            }
        }
    }
}
