package org.lanes.internal;

import org.lanes.internal.gemm.BlockEpilogue;
import org.lanes.internal.kernel.KernelProvider;

/**
 * Adds each finished block of C, scaled, into a matrix Y of C's shape while the block is still in cache:
 * {@code Y := Y + scale * C}, row by row through the provider's axpy. Its arithmetic is one
 * {@code fma(scale, c, y)} per element wherever the element lies, so the bits equal those of an axpy over the
 * whole of C after the GEMM. It serves the SGD step of a layer's weights fused into the GEMM that computes their
 * gradient: the gradient is written and applied in one pass over it, not two. Instances are reused per calling
 * thread, so a call allocates nothing.
 */
public final class AxpyEpilogue implements BlockEpilogue {
    private final KernelProvider provider;
    private int cOffset;
    private int ldc;
    private float scale;
    private float[] y;
    private int yOffset;
    private int ldy;

    public AxpyEpilogue(KernelProvider provider) {
        this.provider = provider;
    }

    /** Sets C's window (its first element and leading dimension), the scale and Y for the next call. */
    public AxpyEpilogue set(int cOffset, int ldc, float scale, float[] y, int yOffset, int ldy) {
        this.cOffset = cOffset;
        this.ldc = ldc;
        this.scale = scale;
        this.y = y;
        this.yOffset = yOffset;
        this.ldy = ldy;
        return this;
    }

    /** Drops the reference to the caller's Y. */
    public void clear() {
        y = null;
    }

    @Override
    public void apply(float[] c, int offset, int ldc, int rows, int cols, int column) {
        // The block starts at row (offset - cOffset - column) / ldc of C: every caller passes a block that begins
        // at a whole row of C plus its first column.
        int row = (offset - cOffset - column) / this.ldc;
        for (int r = 0; r < rows; r++) {
            provider.axpy(cols, scale, c, offset + r * ldc, y, yOffset + (row + r) * ldy + column);
        }
    }
}
