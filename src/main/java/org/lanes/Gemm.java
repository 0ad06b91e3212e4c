package org.lanes;

import org.lanes.internal.AxpyEpilogue;
import org.lanes.internal.BiasActivation;
import org.lanes.internal.Checks;
import org.lanes.internal.Providers;
import org.lanes.internal.gemm.GemmDriver;

/**
 * Single-precision matrix multiplication on row-major {@code float[]} matrices:
 * {@code C := alpha * op(A) * op(B) + beta * C}, with the meaning of
 * {@code cblas_sgemm(CblasRowMajor, ...)}.
 *
 * <p>op(A) is m x k and op(B) is k x n; with {@code transA} A is stored k x m (and so on for B). Each matrix
 * is addressed by an offset into its array and a leading dimension (the distance between rows).
 *
 * <ul>
 *   <li>{@code beta == 0}: C is not read, so NaN or infinity already in C does not survive.</li>
 *   <li>{@code k == 0} or {@code alpha == 0}: C is only scaled by beta; A and B are not read.</li>
 *   <li>Only the m x n window of C is written; elements between rows (ldc > n) stay untouched.</li>
 *   <li>Results are bitwise identical for any number of threads, any block sizes the machine gets, any vector
 *       width and the scalar fallback: each element is one FMA chain over k in order, starting from
 *       {@code beta * C}; for A not transposed with {@code n <= 10} and {@code k >= 32 * max(4, n)}, 16
 *       interleaved chains (step p in chain p mod 16) added by a fixed tree, then alpha and beta * C
 *       (docs/gemm.md). Any number of application threads may call at once.</li>
 *   <li>With {@code beta == 0}, B not transposed and an A that is mostly zeros (a batch of images, one-hot
 *       rows), zero elements of A are skipped, as the reference BLAS does: the same bits for finite B, but a
 *       zero of A times an infinite or NaN element of B then adds nothing (docs/decisions/sparse-a.md).</li>
 *   <li>C must not share an element with A or B (the same array over overlapping ranges): that is an
 *       {@code IllegalArgumentException}, never a silently wrong result.</li>
 * </ul>
 *
 * <p>Invalid arguments throw {@link IllegalArgumentException} naming the argument, before anything is written.
 */
public final class Gemm {
    private Gemm() {
    }

    private static final class Holder {
        static final GemmDriver DRIVER = new GemmDriver(Providers.active());
        static final ThreadLocal<BiasActivation> EPILOGUE =
                ThreadLocal.withInitial(() -> new BiasActivation(Providers.active()));
        static final ThreadLocal<AxpyEpilogue> AXPY =
                ThreadLocal.withInitial(() -> new AxpyEpilogue(Providers.active()));
    }

    /**
     * {@code C := alpha * op(A) * op(B) + beta * C}; see the class comment.
     *
     * @param transA whether A is stored transposed: op(A) = A<sup>T</sup>, A stored k x m; otherwise A is m x k
     * @param transB whether B is stored transposed: op(B) = B<sup>T</sup>, B stored n x k; otherwise B is k x n
     * @param m the rows of op(A) and of C, at least 0
     * @param n the columns of op(B) and of C, at least 0
     * @param k the columns of op(A) and rows of op(B) (the depth of the product), at least 0
     * @param alpha the factor of the product
     * @param a the array that holds A
     * @param aOffset the index of A's first element in {@code a}
     * @param lda A's leading dimension (the distance between the starts of its rows), at least its column count
     *     and at least 1
     * @param b the array that holds B
     * @param bOffset the index of B's first element in {@code b}
     * @param ldb B's leading dimension, at least its column count and at least 1
     * @param beta the factor of C's old value; 0 means C is not read
     * @param c the array that holds C, overwritten in its m x n window
     * @param cOffset the index of C's first element in {@code c}
     * @param ldc C's leading dimension, at least n and at least 1
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, an offset or leading dimension that puts a matrix outside its array, or C overlapping A or B
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOffset, int lda,
                             float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        driver().sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, null);
    }

    /**
     * The fused layer forward: {@code C := act(alpha * op(A) * op(B) + beta * C + bias)}, with the bias
     * (one value per column, or null for none) and the activation applied to each tile of C right after its
     * last multiply, while it is still in L1. One pass over C instead of three; the same guarantees as
     * {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}.
     *
     * @param transA whether A is stored transposed: op(A) = A<sup>T</sup>, A stored k x m; otherwise A is m x k
     * @param transB whether B is stored transposed: op(B) = B<sup>T</sup>, B stored n x k; otherwise B is k x n
     * @param m the rows of op(A) and of C, at least 0
     * @param n the columns of op(B) and of C, at least 0
     * @param k the columns of op(A) and rows of op(B) (the depth of the product), at least 0
     * @param alpha the factor of the product
     * @param a the array that holds A
     * @param aOffset the index of A's first element in {@code a}
     * @param lda A's leading dimension (the distance between the starts of its rows), at least its column count
     *     and at least 1
     * @param b the array that holds B
     * @param bOffset the index of B's first element in {@code b}
     * @param ldb B's leading dimension, at least its column count and at least 1
     * @param beta the factor of C's old value; 0 means C is not read
     * @param c the array that holds C, overwritten in its m x n window
     * @param cOffset the index of C's first element in {@code c}
     * @param ldc C's leading dimension, at least n and at least 1
     * @param bias the array that holds the bias, n values added to each row of C; or null for none
     * @param biasOffset the index of the bias's first value in {@code bias}
     * @param activation the function applied to each element last; {@link Activation#NONE} for none
     * @throws IllegalArgumentException naming the argument, before anything is written: a negative size, a null
     *     array, an offset or leading dimension that puts a matrix outside its array, or C overlapping A or B, a bias too short for n values from its offset, or a null activation
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOffset, int lda,
                             float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc,
                             float[] bias, int biasOffset, Activation activation) {
        check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        if (bias != null) {
            Checks.vector("bias", bias, biasOffset, n);
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null (use Activation.NONE)");
        }
        GemmDriver driver = driver();
        BiasActivation epilogue = Holder.EPILOGUE.get().set(bias, biasOffset, activation);
        try {
            driver.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                    epilogue);
        } finally {
            epilogue.clear();
        }
    }

    /**
     * {@code C := alpha * op(A) * op(B) + beta * C}, then {@code Y := Y + scale * C}: each finished block of C is
     * added into Y while it is still in cache, instead of in a second pass over C. This is the SGD step of a layer's
     * weights (Y) fused into the GEMM that computes their gradient (C, with scale = -learning rate). C is written in
     * full as by {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float,
     * float[], int, int)}, with the same bits, and Y gets the same bits as {@link Kernels#axpy} of C into Y after it:
     * one {@code fma(scale, C[i][j], Y[i][j])} per element.
     *
     * @param transA whether A is stored transposed: op(A) = A<sup>T</sup>, A stored k x m; otherwise A is m x k
     * @param transB whether B is stored transposed: op(B) = B<sup>T</sup>, B stored n x k; otherwise B is k x n
     * @param m the rows of op(A), C and Y, at least 0
     * @param n the columns of op(B), C and Y, at least 0
     * @param k the columns of op(A) and rows of op(B) (the depth of the product), at least 0
     * @param alpha the factor of the product
     * @param a the array that holds A
     * @param aOffset the index of A's first element in {@code a}
     * @param lda A's leading dimension, at least its column count and at least 1
     * @param b the array that holds B
     * @param bOffset the index of B's first element in {@code b}
     * @param ldb B's leading dimension, at least its column count and at least 1
     * @param beta the factor of C's old value; 0 means C is not read
     * @param c the array that holds C, overwritten in its m x n window
     * @param cOffset the index of C's first element in {@code c}
     * @param ldc C's leading dimension, at least n and at least 1
     * @param scale the factor of C added into Y
     * @param y the array that holds Y, updated in its m x n window
     * @param yOffset the index of Y's first element in {@code y}
     * @param ldy Y's leading dimension, at least n and at least 1
     * @throws IllegalArgumentException naming the argument, before anything is written: as for the plain call,
     *     and a null Y, an offset or leading dimension that puts Y outside its array, or Y overlapping A, B or C
     */
    public static void sgemmAxpy(boolean transA, boolean transB, int m, int n, int k,
                                 float alpha, float[] a, int aOffset, int lda,
                                 float[] b, int bOffset, int ldb,
                                 float beta, float[] c, int cOffset, int ldc,
                                 float scale, float[] y, int yOffset, int ldy) {
        check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        Checks.matrix("Y", y, yOffset, ldy, m, n);
        Checks.noOverlap("Y", y, yOffset, ldy, m, n, "C", c, cOffset, ldc, m, n, false);
        Checks.noOverlap("Y", y, yOffset, ldy, m, n, "A", a, aOffset, lda, transA ? k : m, transA ? m : k, false);
        Checks.noOverlap("Y", y, yOffset, ldy, m, n, "B", b, bOffset, ldb, transB ? n : k, transB ? k : n, false);
        GemmDriver driver = driver();
        AxpyEpilogue epilogue = Holder.AXPY.get().set(cOffset, ldc, scale, y, yOffset, ldy);
        try {
            driver.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                    epilogue);
        } finally {
            epilogue.clear();
        }
    }

    /**
     * {@code C := A * B} for dense row-major A (m x k), B (k x n) and C (m x n).
     *
     * @param m the rows of A and C, at least 0
     * @param n the columns of B and C, at least 0
     * @param k the columns of A and rows of B, at least 0
     * @param a A, m x k, from index 0
     * @param b B, k x n, from index 0
     * @param c C, m x n, from index 0; overwritten
     * @throws IllegalArgumentException naming the argument: a negative size, a null or too short array, or C
     *     overlapping A or B (the same array)
     */
    public static void sgemm(int m, int n, int k, float[] a, float[] b, float[] c) {
        sgemm(false, false, m, n, k, 1f, a, 0, Math.max(1, k), b, 0, Math.max(1, n), 0f, c, 0, Math.max(1, n));
    }

    /**
     * The shared driver. A malformed {@code -Dlanes.*} setting throws its IllegalArgumentException from
     * {@link Providers#active} first, on every call, rather than failing this class's holder once for good.
     */
    static GemmDriver driver() {
        Providers.active();
        return Holder.DRIVER;
    }

    static void check(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float[] c, int cOffset, int ldc) {
        Checks.nonNegative("m", m);
        Checks.nonNegative("n", n);
        Checks.nonNegative("k", k);
        Checks.matrix("A", a, aOffset, lda, transA ? k : m, transA ? m : k);
        Checks.matrix("B", b, bOffset, ldb, transB ? n : k, transB ? k : n);
        Checks.matrix("C", c, cOffset, ldc, m, n);
        // C is written while A and B are still read: no element of C may be one of theirs.
        if (k > 0) {
            Checks.noOverlap("C", c, cOffset, ldc, m, n, "A", a, aOffset, lda, transA ? k : m, transA ? m : k, false);
            Checks.noOverlap("C", c, cOffset, ldc, m, n, "B", b, bOffset, ldb, transB ? n : k, transB ? k : n, false);
        }
    }
}
