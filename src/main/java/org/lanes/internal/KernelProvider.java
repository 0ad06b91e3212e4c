package org.lanes.internal;

import org.lanes.internal.gemm.BlockSizes;
import org.lanes.internal.gemm.MicroKernel;

/**
 * Every computational kernel of the library behind one interface, with two implementations: plain Java
 * ({@code scalar}, the reference and the fallback) and the Vector API ({@code vector}). One is chosen at
 * start-up by {@link Providers}. Arguments are already checked when a method here is called.
 */
public interface KernelProvider {
    /** "vector" or "scalar". */
    String name();

    /** Width of one vector register in bits; 32 for the scalar implementation. */
    int vectorBitSize();

    /** GEMM block sizes matched to {@link #microKernel()}. */
    BlockSizes blockSizes();

    MicroKernel microKernel();

    /** {@code C := alpha*op(A)*op(B) + beta*C} without packing, for problems too small to amortize it. */
    void gemmSmall(boolean transA, boolean transB, int m, int n, int k, float alpha,
                   float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                   float beta, float[] c, int cOffset, int ldc);
}
