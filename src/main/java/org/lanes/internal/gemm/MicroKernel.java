package org.lanes.internal.gemm;

/**
 * The register-blocked heart of SGEMM, on packed panels: {@code C[MR x NR] := beta * C + Apanel * Bpanel}. The
 * products too small to pay for packing take the same tile with A and B where they lie, through
 * {@link DirectKernel} (BLIS's "sup" kernels); a provider's generated tile implements both.
 *
 * <p>{@code a} holds a packed A micro-panel at {@code aOffset}: for each of the {@code kc} steps, MR
 * consecutive values (one per row), steps {@code aStep} values apart (the height of the packed panel).
 * {@code b} holds a packed B micro-panel at {@code bOffset}: for each step, NR consecutive values. C is
 * row-major at {@code cOffset} with leading dimension {@code ldc}.
 *
 * <p><b>Rounding rule</b>, the same for every implementation, vector width and tile: each element's accumulator
 * starts at {@code beta * C} (rounded; exactly C when beta is 1, and 0 without reading C when beta is 0), then
 * takes {@code acc = fma(A[i][p], B[p][j], acc)} for p = 0, 1, ..., kc-1 in order, and is stored. The driver passes
 * the caller's beta to the first depth block and 1 to the others, so every element is one FMA chain over the whole
 * depth in k order: the bits do not depend on KC, MC, NC, the tile, the vector width, the thread count or which
 * path (packed, direct, narrow, scalar) computed them. The one exception is fixed by the call's shape: A as stored
 * with C at most 10 columns wide and at least 32 depth steps per column follows {@link SplitDepth}'s rule.
 */
public interface MicroKernel {
    /** MR, the rows of the tile. */
    int rows();

    /** NR, the columns of the tile. */
    int columns();

    /** The whole tile from packed panels, by the rounding rule above. */
    void multiply(int kc, float[] a, int aOffset, int aStep, float[] b, int bOffset, float beta, float[] c, int cOffset,
                  int ldc);

    /**
     * {@link #multiply} for the left half of the tile only, {@code C[MR x NR/2]}, from the first NR/2 values of
     * each B step, with the same rounding. Edge panels of at most NR/2 columns take it: n = 784 leaves one such
     * panel, whose full-width tiles spent half their multiply-adds on zero padding.
     */
    void multiplyHalf(int kc, float[] a, int aOffset, int aStep, float[] b, int bOffset, float beta, float[] c,
                      int cOffset, int ldc);

    /**
     * Whether {@link #multiplyPackingB} packs in the multiply loop itself. Only then does the driver leave B panels
     * to it: the default's copy per step is slower than the provider's vector packing pass
     * (docs/decisions/fused-b-packing.md).
     */
    default boolean packsBInTile() {
        return false;
    }

    /**
     * {@link #multiply} on a B panel that is not packed yet, packing it on the way: step {@code p}'s {@code nr}
     * values are the run at {@code b[bOffset + p*ldb]} (B not transposed), also stored at {@code bp[bpOffset + p*nr]},
     * the packed panel the tiles below this one read. The same values in the same order as {@code multiply} on the
     * packed panel, so the same bits.
     *
     * <p>This default copies first and then multiplies. A kernel overrides it to do both in one loop: the copy's
     * loads and stores, a separate pass bound by memory, then issue beside the multiply-adds.
     */
    default void multiplyPackingB(int kc, float[] a, int aOffset, int aStep, float[] b, int bOffset, int ldb, int nr,
                                  float[] bp, int bpOffset, float beta, float[] c, int cOffset, int ldc) {
        for (int p = 0; p < kc; p++) {
            System.arraycopy(b, bOffset + p * ldb, bp, bpOffset + p * nr, nr);
        }
        multiply(kc, a, aOffset, aStep, bp, bpOffset, beta, c, cOffset, ldc);
    }
}
