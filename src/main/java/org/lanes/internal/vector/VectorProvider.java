package org.lanes.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.lanes.internal.KernelProvider;
import org.lanes.internal.gemm.BlockSizes;
import org.lanes.internal.gemm.MicroKernel;
import org.lanes.internal.scalar.ScalarProvider;

/** The Vector API implementation; the only package that names {@code jdk.incubator.vector}. */
public final class VectorProvider implements KernelProvider {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();

    private final BlockSizes sizes = BlockSizes.forLanes(V);
    private final MicroKernel kernel;

    public VectorProvider() {
        if (V < 4) {
            throw new UnsupportedOperationException("preferred float vector has only " + V + " lanes");
        }
        // BlockSizes picks MR = 8 for 32-register ISAs and 6 otherwise.
        kernel = sizes.mr == 8 ? new MicroKernel8x2V() : new MicroKernel6x2V();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int vectorBitSize() {
        return S.vectorBitSize();
    }

    @Override
    public BlockSizes blockSizes() {
        return sizes;
    }

    @Override
    public MicroKernel microKernel() {
        return kernel;
    }

    /**
     * Row-axpy form for non-transposed B: each C row accumulates {@code alpha*A(i,p)} times row p of B,
     * vectorized over the columns. Transposed B has no contiguous rows to stream, so it takes the scalar path.
     */
    @Override
    public void gemmSmall(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                          float beta, float[] c, int cOffset, int ldc) {
        if (transB) {
            ScalarProvider.INSTANCE.gemmSmall(transA, true, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                    beta, c, cOffset, ldc);
            return;
        }
        int vn = n - n % V;
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : beta * c[row + j];
            }
            for (int p = 0; p < k; p++) {
                float x = alpha * (transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p]);
                FloatVector xv = FloatVector.broadcast(S, x);
                int src = bOffset + p * ldb;
                int j = 0;
                for (; j < vn; j += V) {
                    xv.fma(FloatVector.fromArray(S, b, src + j), FloatVector.fromArray(S, c, row + j))
                            .intoArray(c, row + j);
                }
                for (; j < n; j++) {
                    c[row + j] = Math.fma(x, b[src + j], c[row + j]);
                }
            }
        }
    }
}
