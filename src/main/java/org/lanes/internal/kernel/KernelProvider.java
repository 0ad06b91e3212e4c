package org.lanes.internal.kernel;

import org.lanes.internal.config.Architecture;
import org.lanes.internal.gemm.GemmKernels;

/**
 * Every computational kernel of the library, by concern: the GEMM framework's ({@link GemmKernels}) and the
 * element-wise ones ({@link ElementKernels}). The
 * implementations also provide {@link PeakProbe}, which is no kernel. Two implementations: plain Java ({@code scalar}, the reference and
 * the fallback) and the Vector API ({@code vector}); {@code org.lanes.internal.Providers} chooses one at start-up.
 * Arguments are already checked when a method here is called.
 */
public interface KernelProvider extends GemmKernels, ElementKernels {
    /** "vector" or "scalar". */
    String name();

    /** Width of one vector register in bits; 32 for the scalar implementation. */
    int vectorBitSize();

    /** The architecture family this implementation was configured for; its block sizes are {@code gemm}. */
    Architecture architecture();
}
