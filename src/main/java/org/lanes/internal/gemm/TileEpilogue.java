package org.lanes.internal.gemm;

/**
 * Work applied to a finished tile of C while it is still in L1 (the fused layer forward: bias, then an
 * activation). {@code column} is the tile's first column in the whole of C, for indexing a bias vector.
 */
public interface TileEpilogue {
    void apply(float[] c, int offset, int ldc, int rows, int cols, int column);
}
