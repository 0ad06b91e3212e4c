package org.lanes.internal.gemm;

/**
 * The sparse-A path: a product whose A is mostly zeros (a batch of images, one-hot rows) lists A's nonzero values
 * per row of C and skips the rest ({@link GemmKernels#sparseRows}). It takes A as stored or transposed, B as
 * stored, beta = 0 and a finite alpha, at least {@link #MIN_COLUMNS} columns and {@link #MIN_WORK} multiply-adds,
 * at most {@link #MAX_A} values of A, and an A whose sampled share of listed steps is at most {@link #MAX_SHARE}.
 *
 * <p>Bits: each element is the chain of the packed path ({@link MicroKernel}'s rule) without its zero products.
 * With beta = 0 the chain starts at +0, so a zero product changes nothing as long as B's value is finite: the
 * results are the same bits. Like the reference BLAS, which also skips zeros, a zero of A times an infinite or NaN
 * value of B adds nothing here, where the packed path would give NaN (and a chain that underflowed to -0 keeps its
 * sign). The choice depends only on the call's arguments and A's values, never on the machine, the vector width,
 * the block sizes or the thread count, so every machine takes the same path and gives the same answer.
 *
 * <p>The limits are fixed rather than per architecture for that reason. Speed: docs/decisions/sparse-a.md.
 */
public final class SparseA {
    /** Rows of C per list: a step is listed when any of the group's A values is nonzero. */
    public static final int GROUP = 4;
    /**
     * The largest share of listed steps (a step is listed for a group when any of its rows is nonzero there) that
     * takes this path: the listed steps run slower than the packed kernel, and listing A costs time of its own, so a
     * denser A is faster packed (measured on Zen 5: docs/decisions/sparse-a.md).
     */
    static final double MAX_SHARE = 0.5;
    /** Rows of A (depth steps of A transposed) read to estimate the share before the whole of A is listed. */
    static final int SAMPLE = 8;
    /** The narrowest C: below, the kernel's strips of four vectors are mostly tail. */
    static final int MIN_COLUMNS = 64;
    /** The smallest product (m * n * k): below, listing A costs more than the skipped work saves. */
    static final long MIN_WORK = 1L << 20;
    /**
     * The largest A (m * k values): the lists take as much memory as A and stay with the thread, so a larger A
     * takes the packed path rather than 80 MiB or more of lists per thread.
     */
    static final long MAX_A = 1L << 24;

    private SparseA() {
    }

    /**
     * A thread's lists: group g of C's rows has its steps at [g * k, g * k + counts[g]) and their values at
     * {@code GROUP} times those; grown on demand, then reused.
     */
    static final class Lists {
        int[] counts = new int[0];
        int[] depths = new int[0];
        float[] values = new float[0];

        void ensure(int groups, int k) {
            if (counts.length < groups) {
                counts = new int[groups];
            }
            long steps = (long) groups * k;
            if (depths.length < steps) {
                depths = new int[(int) steps];
                values = new float[(int) steps * GROUP];
            }
        }
    }

    static boolean applies(GemmArgs x) {
        if (x.beta != 0f || x.transB || x.n < MIN_COLUMNS || (long) x.m * x.n * x.k < MIN_WORK
                || !Float.isFinite(x.alpha) || ((long) x.m + GROUP) * x.k > MAX_A) {
            return false;
        }
        return sampleIsSparse(x);
    }

    /**
     * Whether at most {@link #MAX_SHARE} of the steps are listed over the first {@link #SAMPLE} rows of A, or for
     * A transposed its first {@link #SAMPLE} depth steps over all groups. A dense A is turned down as soon as the
     * count passes the limit, after reading about half the sample, so that the check costs a dense product next to
     * nothing.
     */
    static boolean sampleIsSparse(GemmArgs x) {
        float[] a = x.a;
        long listed = 0;
        if (!x.transA) {
            int rows = Math.min(SAMPLE, x.m);
            long limit = (long) (MAX_SHARE * ((rows + GROUP - 1) / GROUP) * (double) x.k);
            for (int r0 = 0; r0 < rows; r0 += GROUP) {
                int last = Math.min(rows, r0 + GROUP) - 1;
                for (int p = 0; p < x.k; p++) {
                    boolean any = false;
                    for (int r = r0; r <= last; r++) {
                        any |= a[x.aOffset + r * x.lda + p] != 0f;
                    }
                    if (any && ++listed > limit) {
                        return false;
                    }
                }
            }
            return true;
        }
        int steps = Math.min(SAMPLE, x.k);
        long limit = (long) (MAX_SHARE * steps * (double) ((x.m + GROUP - 1) / GROUP));
        for (int p = 0; p < steps; p++) {
            int row = x.aOffset + p * x.lda;
            for (int i0 = 0; i0 < x.m; i0 += GROUP) {
                boolean any = false;
                for (int i = i0, end = Math.min(x.m, i0 + GROUP); i < end; i++) {
                    any |= a[row + i] != 0f;
                }
                if (any && ++listed > limit) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code C := alpha*op(A)*B} on this thread: lists A, then every column; the caller applies the epilogue. */
    static void run(GemmArgs x, GemmKernels kernels, Lists lists) {
        int groups = prepare(x, lists);
        list(x, lists, 0, groups);
        multiply(x, kernels, lists, 0, x.n);
    }

    /** Sizes {@code lists} for the call; returns its number of row groups. */
    static int prepare(GemmArgs x, Lists lists) {
        int groups = (x.m + GROUP - 1) / GROUP;
        lists.ensure(groups, x.k);
        return groups;
    }

    /** Columns {@code [from, to)} of C from the lists of {@link #list}; threads take disjoint column ranges. */
    static void multiply(GemmArgs x, GemmKernels kernels, Lists lists, int from, int to) {
        kernels.sparseRows(x.m, to - from, lists.counts, lists.depths, lists.values, x.k, x.b, x.bOffset + from,
                x.ldb, x.c, x.cOffset + from, x.ldc);
    }

    /**
     * Lists A's listed steps and their values for groups {@code [from, to)} of {@link #GROUP} rows of C, into lists
     * sized by {@link #prepare}; threads take disjoint ranges of groups.
     */
    static void list(GemmArgs x, Lists lists, int from, int to) {
        int m = x.m;
        int k = x.k;
        int[] counts = lists.counts;
        int[] depths = lists.depths;
        float[] values = lists.values;
        float alpha = x.alpha;
        float[] a = x.a;
        int aOffset = x.aOffset;
        if (!x.transA) {
            // Row r of the group at step p: a[r0 + r*lda + p]. A full group is listed without branches on the values
            // (a step's entry is always written, and kept by advancing e when any value is nonzero), the last one,
            // with fewer rows, reads its missing rows as 0.
            int lda = x.lda;
            for (int g = from; g < to; g++) {
                int rows = Math.min(GROUP, m - g * GROUP);
                int r0 = aOffset + g * GROUP * lda;
                int e = g * k;
                if (rows == GROUP) {
                    int r1 = r0 + lda;
                    int r2 = r1 + lda;
                    int r3 = r2 + lda;
                    for (int p = 0; p < k; p++) {
                        e = entry(depths, values, e, p, alpha, a[r0 + p], a[r1 + p], a[r2 + p], a[r3 + p]);
                    }
                } else {
                    for (int p = 0; p < k; p++) {
                        e = entry(depths, values, e, p, alpha, a[r0 + p], rows > 1 ? a[r0 + lda + p] : 0f,
                                rows > 2 ? a[r0 + 2 * lda + p] : 0f, 0f);
                    }
                }
                counts[g] = e - g * k;
            }
        } else {
            // Stored row p holds step p of every row of C: group g's values are the GROUP adjacent ones at g * GROUP.
            // Group by group, so that each count stays in a register: counted in the shared array, the counts of
            // neighbouring groups, listed by different threads, would share cache lines.
            int lda = x.lda;
            for (int g = from; g < to; g++) {
                int i = aOffset + g * GROUP;
                int rows = Math.min(GROUP, m - g * GROUP);
                int e = g * k;
                if (rows == GROUP) {
                    for (int p = 0, row = i; p < k; p++, row += lda) {
                        e = entry(depths, values, e, p, alpha, a[row], a[row + 1], a[row + 2], a[row + 3]);
                    }
                } else {
                    for (int p = 0, row = i; p < k; p++, row += lda) {
                        e = entry(depths, values, e, p, alpha, a[row], rows > 1 ? a[row + 1] : 0f,
                                rows > 2 ? a[row + 2] : 0f, 0f);
                    }
                }
                counts[g] = e - g * k;
            }
        }
    }

    /**
     * Writes step p's entry at e (its depth and the four values times alpha) and returns the next free entry: e + 1
     * when any of the four values is nonzero, else e, so that the next step overwrites it.
     */
    private static int entry(int[] depths, float[] values, int e, int p, float alpha, float v0, float v1, float v2,
                             float v3) {
        depths[e] = p;
        int at = e * GROUP;
        values[at] = alpha * v0;
        values[at + 1] = alpha * v1;
        values[at + 2] = alpha * v2;
        values[at + 3] = alpha * v3;
        return e + nonzero(v0, v1, v2, v3);
    }

    /** 1 when any of the four values is nonzero (NaN counts as nonzero, -0 as zero), else 0, without a branch. */
    private static int nonzero(float v0, float v1, float v2, float v3) {
        int bits = (Float.floatToRawIntBits(v0) | Float.floatToRawIntBits(v1) | Float.floatToRawIntBits(v2)
                | Float.floatToRawIntBits(v3)) & 0x7fffffff;
        return (bits | -bits) >>> 31;
    }
}
