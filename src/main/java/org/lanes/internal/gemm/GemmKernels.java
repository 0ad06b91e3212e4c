package org.lanes.internal.gemm;

import org.lanes.internal.config.BlockSizes;

/**
 * The kernels the GEMM framework ({@link GemmDriver}) calls: the micro-kernel and the block sizes matched to it,
 * the unpacked small-product and narrow-C kernels, the split-depth block and the panel copy. Arguments are
 * already checked when a method here is called.
 */
public interface GemmKernels {
    /** GEMM block sizes matched to {@link #microKernel()}. */
    BlockSizes blockSizes();

    MicroKernel microKernel();

    /** The same tile on A and B where they lie, for the direct path. */
    DirectKernel directKernel();

    /**
     * A wider tile for the direct path where the registers hold one, or null: the direct path then runs
     * {@link #directKernel()}'s tile only.
     */
    default WideDirectKernel wideDirectKernel() {
        return null;
    }

    /** The micro-tile heights (MR) this implementation has kernels for here; the tuner measures each. */
    default int[] tileHeights() {
        return new int[] {blockSizes().mr};
    }

    /**
     * These kernels with {@code sizes}, whose MR is one of {@link #tileHeights()}: the micro-kernel of that height,
     * every other kernel the same. The bits do not change with the height (the rounding rule of {@link MicroKernel}).
     *
     * @throws IllegalArgumentException when there is no kernel of that height here
     */
    default GemmKernels withBlockSizes(BlockSizes sizes) {
        if (sizes.mr != blockSizes().mr) {
            throw new IllegalArgumentException("no " + sizes.mr + "-row micro-kernel here");
        }
        return this;
    }

    /**
     * {@code C := alpha*op(A)*op(B) + beta*C} without packing, for problems too small to amortize it, by the
     * rounding rule of {@link MicroKernel} with A's values scaled by alpha first.
     */
    void gemmSmall(boolean transA, boolean transB, int m, int n, int k, float alpha,
                   float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                   float beta, float[] c, int cOffset, int ldc);

    /** The widest C (columns) that {@link #gemmNarrow} covers (one or two vectors); 0 when there is no such kernel. */
    int narrowColumns();

    /**
     * {@code C[rows x n] := op(A)[rows x kc] * Bp + beta * C} for {@code n <= narrowColumns()}, where
     * {@code bp} holds kc steps of {@code narrowColumns()} values (zero past n) and A(i, p) is
     * {@code a[aOffset + i*lda + p]}, or {@code a[aOffset + p*lda + i]} when {@code transA}; the rounding rule of
     * {@link MicroKernel}. With beta = 0, C is not read. {@code tmp} holds at least
     * {@code 20 * narrowColumns()} floats.
     */
    void gemmNarrow(boolean transA, int rows, int n, int kc, float[] a, int aOffset, int lda,
                    float[] bp, float beta, float[] c, int cOffset, int ldc, float[] tmp);

    /**
     * The chains of the split-depth rule ({@link org.lanes.internal.gemm.SplitDepth}) for a block of 4 rows of A by
     * {@code cols} (1, 2 or 4) columns of op(B), continued over {@code steps} more steps (a multiple of 16): row r's
     * step p is {@code a[aOffset + r*lda + p]}, column j's is {@code bt[btOffset + j*ldbt + p]}, and chain q of
     * element (r, j) is {@code state[stateOffset + r*ldState + j*16 + q]}, which takes the steps p with
     * p mod 16 = q, in order. With {@code first} the chains start at +0 and the state is only written.
     */
    void splitDepthBlock(int steps, int cols, float[] a, int aOffset, int lda, float[] bt, int btOffset, int ldbt,
                         float[] state, int stateOffset, int ldState, boolean first);

    /**
     * The sparse-A product ({@link SparseA}), by groups of {@link SparseA#GROUP} rows of C: group g lists its depth
     * steps at e from {@code g*stride} to {@code g*stride + counts[g]}, in order; step e is B's row
     * {@code depths[e]} (at {@code b[bOffset + depths[e]*ldb]}) and its A values are {@code values[e*GROUP + r]} for
     * row r of the group (zero where that row's value is zero). Row {@code g*GROUP + r} of C (n columns at
     * {@code c[cOffset + row*ldc]}), for rows below {@code rows}, becomes the sum over the group's steps of value
     * times B's row, each element one FMA chain from +0 in step order. C is not read.
     */
    void sparseRows(int rows, int n, int[] counts, int[] depths, float[] values, int stride,
                    float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc);

    /**
     * One GEMM panel copied from runs: step {@code p} is the {@code width} floats at {@code src + srcOffset + p*ld},
     * times {@code scale}, stored at {@code dst + dstOffset + p*panel} ({@code width <= panel}). The rest of each
     * step is set to zero with {@code zeroFill}, and left as it was without.
     */
    void packRuns(float[] src, int srcOffset, int ld, int len, int width, int panel, float scale, boolean zeroFill,
                  float[] dst, int dstOffset);
}
