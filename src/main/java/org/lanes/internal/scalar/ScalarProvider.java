package org.lanes.internal.scalar;

import org.lanes.internal.KernelProvider;
import org.lanes.internal.gemm.BlockSizes;
import org.lanes.internal.gemm.MicroKernel;

/** Plain Java: the reference every vector kernel is tested against, and the fallback. */
public final class ScalarProvider implements KernelProvider {
    public static final ScalarProvider INSTANCE = new ScalarProvider();

    private static final BlockSizes SIZES = BlockSizes.forLanes(1);

    private ScalarProvider() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int vectorBitSize() {
        return Float.SIZE;
    }

    @Override
    public BlockSizes blockSizes() {
        return SIZES;
    }

    @Override
    public MicroKernel microKernel() {
        return ScalarProvider::microKernel;
    }

    private static void microKernel(int kc, float[] a, int aOffset, float[] b, int bOffset, float beta,
                                    float[] c, int cOffset, int ldc) {
        int mr = SIZES.mr;
        int nr = SIZES.nr;
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                float acc = 0f;
                for (int p = 0; p < kc; p++) {
                    acc = Math.fma(a[aOffset + p * mr + i], b[bOffset + p * nr + j], acc);
                }
                int at = cOffset + i * ldc + j;
                c[at] = beta == 0f ? acc : Math.fma(c[at], beta, acc);
            }
        }
    }

    @Override
    public void gemmSmall(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                          float beta, float[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    float x = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    float y = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    acc = Math.fma(x, y, acc);
                }
                int at = cOffset + i * ldc + j;
                c[at] = beta == 0f ? alpha * acc : Math.fma(c[at], beta, alpha * acc);
            }
        }
    }
}
