package org.lanes.internal.gemm;

import org.lanes.internal.WorkerPool;

/**
 * One parallel SGEMM call: C is cut into a grid of rectangles over M and N, one per part. The object is
 * reused from call to call so that dispatching to the pool allocates nothing.
 */
final class ParallelGemm implements WorkerPool.Task {
    private final GemmDriver driver;
    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float alpha;
    private float[] a;
    private int aOffset;
    private int lda;
    private float[] b;
    private int bOffset;
    private int ldb;
    private float beta;
    private float[] c;
    private int cOffset;
    private int ldc;
    private BlockEpilogue epilogue;

    ParallelGemm(GemmDriver driver) {
        this.driver = driver;
    }

    void set(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
             float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc, BlockEpilogue epilogue) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.a = a;
        this.aOffset = aOffset;
        this.lda = lda;
        this.b = b;
        this.bOffset = bOffset;
        this.ldb = ldb;
        this.beta = beta;
        this.c = c;
        this.cOffset = cOffset;
        this.ldc = ldc;
        this.epilogue = epilogue;
    }

    /** Drops the references to the caller's arrays. */
    void clear() {
        a = null;
        b = null;
        c = null;
        epilogue = null;
    }

    @Override
    public void run(int part, int parts) {
        int rowParts = rowParts(m, n, parts);
        int colParts = parts / rowParts;
        int pi = part / colParts;
        int pj = part % colParts;
        BlockSizes s = driver.sizes();
        int i0 = boundary(m, rowParts, pi, s.mr);
        int i1 = boundary(m, rowParts, pi + 1, s.mr);
        int j0 = boundary(n, colParts, pj, s.nr);
        int j1 = boundary(n, colParts, pj + 1, s.nr);
        if (i0 < i1 && j0 < j1) {
            driver.blocked(transA, transB, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                    epilogue, i0, i1, j0, j1);
        }
    }

    /** The divisor of {@code parts} that cuts m x n into the squarest rectangles. */
    static int rowParts(int m, int n, int parts) {
        int best = 1;
        double bestSkew = Double.MAX_VALUE;
        for (int rp = 1; rp <= parts; rp++) {
            if (parts % rp != 0) {
                continue;
            }
            double skew = Math.abs(Math.log(((double) m / rp) / ((double) n / (parts / rp))));
            if (skew < bestSkew) {
                bestSkew = skew;
                best = rp;
            }
        }
        return best;
    }

    /** Start of piece {@code index} of {@code parts} over {@code length}, on a multiple of {@code align}. */
    static int boundary(int length, int parts, int index, int align) {
        if (index >= parts) {
            return length;
        }
        long raw = (long) length * index / parts;
        return (int) Math.min(length, (raw + align / 2) / align * align);
    }
}
