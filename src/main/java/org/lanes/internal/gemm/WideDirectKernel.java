package org.lanes.internal.gemm;

/**
 * Wider tiles for the direct path on A as stored, on machines with registers for them (32 vector registers):
 * more columns per broadcast of A, so fewer loads per multiply-add than the {@link DirectKernel} tile, whose
 * MR x NR the packed path fixes. Strips of 2 to {@link #vectors()} vectors of columns, in tiles of {@link #rows()}
 * rows or of {@link #shortRows()}. A and B are read where they lie, A unscaled (alpha 1), B not transposed; the
 * rounding rule of {@link MicroKernel} (start at {@code beta * C}, zero without reading C when beta is 0, then one
 * FMA per depth step in order), so the same bits as every other path (docs/decisions/direct-path.md).
 */
public interface WideDirectKernel {
    /** The rows of the tile. */
    int rows();

    /** The rows of the shorter tile, for the rows a multiple of {@link #rows()} leaves. */
    int shortRows();

    /** The most vectors of columns in a strip; strips of 2 and more up to it exist. */
    int vectors();

    /**
     * {@code C[rows() x vectors*V] := beta * C + A * B}, {@code 2 <= vectors <= vectors()}, with row r of step p of
     * A at {@code a[aOffset + r*lda + p]} and step p of B the columns at {@code b[bOffset + p*ldb]}.
     */
    void multiply(int vectors, int kc, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta,
                  float[] c, int cOffset, int ldc);

    /** {@link #multiply} on {@link #shortRows()} rows. */
    void multiplyShort(int vectors, int kc, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                       float beta, float[] c, int cOffset, int ldc);
}
