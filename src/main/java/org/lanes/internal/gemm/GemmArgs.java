package org.lanes.internal.gemm;

/**
 * The arguments of one product, {@code C := alpha*op(A)*op(B) + beta*C} then the epilogue, carried through
 * {@link GemmDriver} as one object. Each thread's workspace holds its instances and each call fills one, so a
 * call allocates nothing; {@link #clear} drops the references to the caller's arrays when the call ends.
 */
class GemmArgs {
    /** The workspace of the thread this instance belongs to; null for the shared parallel call. */
    final GemmDriver.Workspace ws;

    boolean transA;
    boolean transB;
    int m;
    int n;
    int k;
    float alpha;
    float[] a;
    int aOffset;
    int lda;
    float[] b;
    int bOffset;
    int ldb;
    float beta;
    float[] c;
    int cOffset;
    int ldc;
    BlockEpilogue epilogue;

    GemmArgs(GemmDriver.Workspace ws) {
        this.ws = ws;
    }

    GemmArgs set(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                 float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc,
                 BlockEpilogue epilogue) {
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
        return this;
    }

    /** The same arguments as {@code x}. */
    GemmArgs set(GemmArgs x) {
        return set(x.transA, x.transB, x.m, x.n, x.k, x.alpha, x.a, x.aOffset, x.lda, x.b, x.bOffset, x.ldb, x.beta,
                x.c, x.cOffset, x.ldc, x.epilogue);
    }

    /**
     * Columns {@code [j, j + cols)} of {@code x}'s product with B not transposed, without an epilogue; {@code x}
     * may be this object.
     */
    GemmArgs setColumns(GemmArgs x, int j, int cols) {
        return setWindow(x, 0, x.m, j, cols);
    }

    /**
     * Rows {@code [i, i + rows)} by columns {@code [j, j + cols)} of {@code x}'s product with B not transposed,
     * without an epilogue; {@code x} may be this object (every argument is read before any is set).
     */
    GemmArgs setWindow(GemmArgs x, int i, int rows, int j, int cols) {
        int aRow = x.transA ? i : i * x.lda;
        return set(x.transA, false, rows, cols, x.k, x.alpha, x.a, x.aOffset + aRow, x.lda, x.b, x.bOffset + j, x.ldb,
                x.beta, x.c, x.cOffset + i * x.ldc + j, x.ldc, null);
    }

    /** Drops the references to the caller's arrays and epilogue. */
    void clear() {
        a = null;
        b = null;
        c = null;
        epilogue = null;
    }
}
