package org.lanes.internal.gemm;

/**
 * Work applied to a finished block of C while it is still in cache (the fused layer forward: bias, then an
 * activation): an MC x NC block after its last depth block, or the rows of a narrow C. {@code column} is the
 * block's first column in the whole of C, for indexing a bias vector.
 */
public interface BlockEpilogue {
    void apply(float[] c, int offset, int ldc, int rows, int cols, int column);
}
