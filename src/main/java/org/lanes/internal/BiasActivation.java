package org.lanes.internal;

import org.lanes.Activation;
import org.lanes.internal.gemm.BlockEpilogue;
import org.lanes.internal.kernel.KernelProvider;

/**
 * The fused layer epilogue: each finished block of C gets {@code act(C + bias)} while it is still in L2.
 * Instances are reused per calling thread, so a fused call allocates nothing.
 */
public final class BiasActivation implements BlockEpilogue {
    private final KernelProvider provider;
    private float[] bias;
    private int biasOffset;
    private Activation act;

    public BiasActivation(KernelProvider provider) {
        this.provider = provider;
    }

    /** Sets the bias (null for none) and activation for the next call. */
    public BiasActivation set(float[] bias, int biasOffset, Activation act) {
        this.bias = bias;
        this.biasOffset = biasOffset;
        this.act = act;
        return this;
    }

    /** Drops the reference to the caller's bias array. */
    public void clear() {
        bias = null;
    }

    @Override
    public void apply(float[] c, int offset, int ldc, int rows, int cols, int column) {
        if (bias != null || act != Activation.NONE) {
            provider.biasActivate(act, c, offset, ldc, rows, cols, bias, biasOffset + column);
        }
    }
}
