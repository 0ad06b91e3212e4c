package org.lanes.internal.gemm;

import java.util.Arrays;
import org.lanes.internal.config.BlockSizes;

/**
 * The split-depth rule and its framework, for products whose C is a few columns wide and whose A is not transposed:
 * the NN and NT forms with {@code n <= MAX_COLUMNS} and {@code k >= DEPTH_PER_COLUMN * max(4, n)}. There A's rows
 * lie along the depth and C has too few columns to fill a vector, so the depth is what a vector holds: each
 * element is the sum of {@link #CHAINS} interleaved FMA chains, one per residue of the step index, folded by a
 * fixed tree (docs/decisions/split-depth.md).
 *
 * <p><b>Rounding rule</b> for these shapes, the same for every implementation, vector width, block size and thread
 * count: for element (i, j), chain r (r = 0..15) starts at +0 and takes {@code s[r] = fma(A[i][p], B[p][j], s[r])}
 * for p = r, r + 16, r + 32, ... below k in order. Then for h = 8, 4, 2, 1: {@code s[r] = s[r] + s[r + h]} for
 * r below h. The result is {@code v = s[0]}, times alpha when alpha is not 1 ({@code v = alpha * v}), and C becomes
 * {@code v} when beta is 0 (C is not read), else {@code v + beta * C} (beta * C rounded first). Every other shape
 * follows {@link MicroKernel}'s rule.
 *
 * <p>The framework below computes chains in blocks of {@link #BLOCK} rows by 4, 2 or 1 columns with the
 * provider's {@link GemmKernels#splitDepthBlock}, on a depth chunk of A's rows read where they lie and of B's
 * columns, read where they lie when B is transposed (or is one column of adjacent values) and copied side by side
 * otherwise. The last rows (m mod 4) are copied with zero rows below them, whose chains are never stored. The
 * chains live in a state array between chunks; the steps past the last whole 16 and the fold are scalar code here,
 * so every provider gives the same bits.
 */
public final class SplitDepth {
    /** Chains per element: the depth residues of one vector of 16 floats. */
    public static final int CHAINS = BlockSizes.SPLIT_CHAINS;
    /**
     * The widest C that takes this rule, and the depth it needs per column of C (at least 4 columns' worth):
     * the fold costs a fixed amount per element of C, so wider or shallower products run faster
     * on the one-chain rule's kernels (measured on Zen 4: docs/decisions/split-depth.md). These bounds are part of
     * the rounding contract, so they are the same on every machine and stay out of the per-family configuration.
     */
    public static final int MAX_COLUMNS = 10;
    /** {@link #applies} needs {@code k >= DEPTH_PER_COLUMN * max(4, n)}: 128 up to 4 columns, 320 at 10. */
    public static final int DEPTH_PER_COLUMN = 32;
    /** Rows and columns of C per {@link GemmKernels#splitDepthBlock} call. */
    public static final int BLOCK = 4;
    /**
     * The deepest product whose B columns are copied once for every row (more chunks than one: then each group of
     * rows copies each chunk again); {@code MAX_COLUMNS} columns of it take 160 KiB.
     */
    static final int COPY_ONCE_DEPTH = 4096;
    /** Rows whose chain state is kept across the chunks of a deep product: 64 rows by 10 columns, 40 KiB. */
    static final int GROUP_ROWS = 64;
    /** Floats of one thread's chain state. */
    static final int STATE_SIZE = GROUP_ROWS * MAX_COLUMNS * CHAINS;

    private SplitDepth() {
    }

    /** Whether a product of this form, width and depth follows the split-depth rule. */
    public static boolean applies(boolean transA, int n, int k) {
        return !transA && n <= MAX_COLUMNS && k >= DEPTH_PER_COLUMN * Math.max(BLOCK, n);
    }

    /**
     * Copies B's columns once for all the rows a thread computes, up to {@link #COPY_ONCE_DEPTH} steps; a deeper
     * product copies each chunk in {@link #multiply}.
     */
    static void prepare(Buffers buf, boolean transB, int n, int k, float[] b, int bOffset, int ldb) {
        int whole = k - k % CHAINS;
        if (whole > 0 && whole <= COPY_ONCE_DEPTH && !columnsInPlace(transB, n, ldb)) {
            copyColumns(n, 0, whole, b, bOffset, ldb, buf.columns, whole);
        }
    }

    /**
     * {@code C := alpha * A * op(B) + beta * C} by the split-depth rule for rows {@code [i0, i0 + rows)} of C
     * ({@link #applies} holds), after {@link #prepare}; B(p, j) is {@code b[bOffset + p*ldb + j]},
     * or {@code b[bOffset + j*ldb + p]} when {@code transB}.
     */
    static void multiply(GemmKernels provider, Buffers buf, boolean transB, int i0, int rows, int n, int k,
                         float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta,
                         float[] c, int cOffset, int ldc) {
        int ldState = n * CHAINS;
        int whole = k - k % CHAINS;
        boolean once = whole <= COPY_ONCE_DEPTH;
        // Column j's step p is at columns[j * ldColumns + p - (once ? 0 : p0)].
        int chunk = buf.chunk;
        int ldColumns = once ? whole : chunk;
        boolean inPlace = columnsInPlace(transB, n, ldb);
        for (int g = i0, end = i0 + rows; g < end; g += GROUP_ROWS) {
            int groupRows = Math.min(GROUP_ROWS, end - g);
            for (int p0 = 0; p0 < whole; p0 += chunk) {
                int steps = Math.min(chunk, whole - p0);
                if (!once && !inPlace) {
                    copyColumns(n, p0, steps, b, bOffset, ldb, buf.columns, chunk);
                }
                for (int r0 = 0; r0 < groupRows; r0 += BLOCK) {
                    int blockRows = Math.min(BLOCK, groupRows - r0);
                    float[] rowsOf = a;
                    int rowAt = aOffset + (g + r0) * lda + p0;
                    int rowLd = lda;
                    if (blockRows < BLOCK) {
                        // The last rows of C: copied, with zero rows below, so the kernel reads whole blocks.
                        for (int r = 0; r < BLOCK; r++) {
                            if (r < blockRows) {
                                System.arraycopy(a, rowAt + r * lda, buf.rows, r * chunk, steps);
                            } else {
                                Arrays.fill(buf.rows, r * chunk, r * chunk + steps, 0f);
                            }
                        }
                        rowsOf = buf.rows;
                        rowAt = 0;
                        rowLd = chunk;
                    }
                    for (int j = 0, cols; j < n; j += cols) {
                        // Blocks of 4 columns, then 2 and 1.
                        cols = n - j >= BLOCK ? BLOCK : n - j >= 2 ? 2 : 1;
                        float[] bt = inPlace ? b : buf.columns;
                        int btAt = inPlace ? bOffset + (transB ? j * ldb : 0) + p0
                                : j * ldColumns + (once ? p0 : 0);
                        provider.splitDepthBlock(steps, cols, rowsOf, rowAt, rowLd, bt, btAt, inPlace ? ldb : ldColumns,
                                buf.state, r0 * ldState + j * CHAINS, ldState, p0 == 0);
                    }
                }
            }
            finish(buf.state, ldState, g, groupRows, n, k, whole, alpha, a, aOffset, lda, transB, b, bOffset, ldb, beta,
                    c, cOffset, ldc);
        }
    }

    /**
     * Whether the kernels read B's columns where they lie: B transposed (its rows are op(B)'s columns), or one
     * column of adjacent values.
     */
    private static boolean columnsInPlace(boolean transB, int n, int ldb) {
        return transB || (n == 1 && ldb == 1);
    }

    /**
     * Columns of B (not transposed: transposed B is read in place) for steps {@code [p0, p0 + steps)}, side by
     * side: column j at {@code dst[j * ldDst]}.
     */
    private static void copyColumns(int n, int p0, int steps, float[] b, int bOffset, int ldb, float[] dst, int ldDst) {
        for (int j = 0; j < n; j++) {
            for (int p = 0, src = bOffset + p0 * ldb + j, d = j * ldDst; p < steps; p++, src += ldb) {
                dst[d + p] = b[src];
            }
        }
    }

    /** The steps past the last whole 16, the fold and the store, for one group of rows starting at row {@code g}. */
    private static void finish(float[] state, int ldState, int g, int groupRows, int n, int k, int whole, float alpha,
                               float[] a, int aOffset, int lda, boolean transB, float[] b, int bOffset, int ldb,
                               float beta, float[] c, int cOffset, int ldc) {
        for (int r = 0; r < groupRows; r++) {
            int aRow = aOffset + (g + r) * lda;
            int cRow = cOffset + (g + r) * ldc;
            int row = r * ldState;
            for (int p = whole; p < k; p++) {
                float av = a[aRow + p];
                for (int j = 0; j < n; j++) {
                    float bv = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    int at = row + j * CHAINS + p - whole;
                    state[at] = Math.fma(av, bv, state[at]);
                }
            }
            for (int j = 0; j < n; j++) {
                float sum = fold(state, row + j * CHAINS);
                float v = alpha == 1f ? sum : alpha * sum;
                c[cRow + j] = beta == 0f ? v : v + beta * c[cRow + j];
            }
        }
    }

    /**
     * The rule's tree over the 16 chains at {@code s}: halves added, then quarters, eighths and the last pair. In
     * scalar code on every path: on JDK 17 that ran faster than the first step as one vector addition with the rest
     * scalar, and than lane shuffles (docs/decisions/split-depth.md).
     */
    public static float fold(float[] x, int s) {
        float h0 = x[s] + x[s + 8];
        float h1 = x[s + 1] + x[s + 9];
        float h2 = x[s + 2] + x[s + 10];
        float h3 = x[s + 3] + x[s + 11];
        float h4 = x[s + 4] + x[s + 12];
        float h5 = x[s + 5] + x[s + 13];
        float h6 = x[s + 6] + x[s + 14];
        float h7 = x[s + 7] + x[s + 15];
        float q0 = h0 + h4;
        float q1 = h1 + h5;
        float q2 = h2 + h6;
        float q3 = h3 + h7;
        return (q0 + q2) + (q1 + q3);
    }

    /** One thread's buffers for depth chunks of {@code chunk} steps: B's columns, A's last rows, chain state. */
    static final class Buffers {
        final int chunk;
        final float[] columns;
        final float[] rows;
        final float[] state = new float[STATE_SIZE];

        Buffers(int chunk) {
            this.chunk = chunk;
            columns = new float[MAX_COLUMNS * Math.max(COPY_ONCE_DEPTH, chunk)];
            rows = new float[BLOCK * chunk];
        }
    }
}
