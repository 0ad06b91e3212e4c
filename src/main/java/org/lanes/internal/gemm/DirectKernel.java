package org.lanes.internal.gemm;

/**
 * The small-product family (BLIS's "sup" kernels): the {@link MicroKernel} tile with A and B read where they lie,
 * for products too small to pay for packing (the direct path, {@code BlockSizes.smallProblem}). Same tile, same
 * rounding rule as {@link MicroKernel}, so the same bits as the packed path.
 */
public interface DirectKernel {
    /** MR, the rows of the tile. */
    int rows();

    /** NR, the columns of the tile. */
    int columns();

    /**
     * {@link MicroKernel#multiply} with A and B read where they lie: row r of step p of A is
     * {@code a[aOffset + r*aRow + p*aStep]} ({@code aRow = lda, aStep = 1} for A as stored), and step p of B is the
     * NR values at {@code b[bOffset + p*ldb]}. Same rounding, so the same bits as the packed path.
     */
    void multiplyDirect(int kc, float[] a, int aOffset, int aRow, int aStep, float[] b, int bOffset, int ldb,
                        float beta, float[] c, int cOffset, int ldc);

    /**
     * {@link #multiplyDirect} for the left half of the tile, {@code C[MR x NR/2]}, as
     * {@link MicroKernel#multiplyHalf}.
     */
    void multiplyDirectHalf(int kc, float[] a, int aOffset, int aRow, int aStep, float[] b, int bOffset, int ldb,
                            float beta, float[] c, int cOffset, int ldc);

    /**
     * Rows of the direct path's A block lie this many floats apart, a constant: the kernel then addresses every
     * row of a step from one index with fixed displacements. Through MR row indices of A's own leading dimension
     * ({@link #multiplyDirect}) the depth loop runs slower (docs/decisions/direct-path.md). It
     * bounds the depth of one {@link #multiplyDirectBlock} call.
     */
    int DIRECT_ROW_STRIDE = 256;

    /**
     * {@link #multiplyDirect} on A's rows copied into a block: row r of step p is
     * {@code a[aOffset + r*DIRECT_ROW_STRIDE + p]}, so {@code kc <= DIRECT_ROW_STRIDE}.
     */
    void multiplyDirectBlock(int kc, float[] a, int aOffset, float[] b, int bOffset, int ldb, float beta, float[] c,
                             int cOffset, int ldc);

    /** {@link #multiplyDirectBlock} for the left half of the tile. */
    void multiplyDirectBlockHalf(int kc, float[] a, int aOffset, float[] b, int bOffset, int ldb, float beta,
                                 float[] c, int cOffset, int ldc);

    /**
     * {@link #multiplyDirect} on A transposed where it lies: row r of step p is {@code a[aOffset + p*lda + r]}, the
     * rows of a step adjacent as in a packed panel, so one index serves them all without a copy.
     */
    void multiplyDirectTransposedA(int kc, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta,
                                   float[] c, int cOffset, int ldc);

    /** {@link #multiplyDirectTransposedA} for the left half of the tile. */
    void multiplyDirectTransposedAHalf(int kc, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                       float beta, float[] c, int cOffset, int ldc);

    /**
     * {@link #multiplyDirect} on a tile one and a half wide, {@code C[MR x 3NR/2]}: where the columns end in a half
     * tile, the direct path runs the last whole tile and the half as one. Each broadcast of A then feeds three
     * vectors of multiply-adds instead of two, and one in the half tile alone (docs/decisions/direct-path.md).
     * This default runs the whole tile, then the half: the same bits, which a kernel with room for 3 x MR
     * accumulators gives in one loop.
     */
    default void multiplyDirectWide(int kc, float[] a, int aOffset, int aRow, int aStep, float[] b, int bOffset,
                                    int ldb, float beta, float[] c, int cOffset, int ldc) {
        multiplyDirect(kc, a, aOffset, aRow, aStep, b, bOffset, ldb, beta, c, cOffset, ldc);
        multiplyDirectHalf(kc, a, aOffset, aRow, aStep, b, bOffset + columns(), ldb, beta, c, cOffset + columns(),
                ldc);
    }

    /** {@link #multiplyDirectBlock} on a tile one and a half wide, as {@link #multiplyDirectWide}. */
    default void multiplyDirectBlockWide(int kc, float[] a, int aOffset, float[] b, int bOffset, int ldb, float beta,
                                         float[] c, int cOffset, int ldc) {
        multiplyDirectBlock(kc, a, aOffset, b, bOffset, ldb, beta, c, cOffset, ldc);
        multiplyDirectBlockHalf(kc, a, aOffset, b, bOffset + columns(), ldb, beta, c, cOffset + columns(), ldc);
    }

    /** {@link #multiplyDirectTransposedA} on a tile one and a half wide, as {@link #multiplyDirectWide}. */
    default void multiplyDirectTransposedAWide(int kc, float[] a, int aOffset, int lda, float[] b, int bOffset,
                                               int ldb, float beta, float[] c, int cOffset, int ldc) {
        multiplyDirectTransposedA(kc, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        multiplyDirectTransposedAHalf(kc, a, aOffset, lda, b, bOffset + columns(), ldb, beta, c, cOffset + columns(),
                ldc);
    }
}
