package org.lanes;

/**
 * A layer's forward product by name, {@code C := act(alpha * op(A) * op(B) + beta * C + bias)}: the fused
 * {@link Gemm#sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[],
 * int, int, float[], int, Activation) Gemm.sgemm} overload with its nineteen arguments set one group at a time.
 *
 * <pre>{@code
 * FusedGemm layer = new FusedGemm()
 *         .shape(batch, 512, 784)                    // m, n, k
 *         .a(x, 0, 784)                              // the input, batch x 784
 *         .b(w, 0, 512)                              // the weights, 784 x 512
 *         .c(h, 0, 512)                              // the output, batch x 512
 *         .bias(bias, 0)
 *         .activation(Activation.SIGMOID);
 * layer.run();                                       // again after changing any part, e.g. .a(next, 0, 784)
 * }</pre>
 *
 * <p>Unset parts: A and B not transposed, alpha 1, beta 0, no bias, {@link Activation#NONE}; the shape and the
 * three matrices must be set. An instance is meant to be kept and reused (one per layer): setting its parts and
 * {@link #run} allocate nothing. It is not safe for use by several threads at once; {@link Gemm} itself is.
 */
public final class FusedGemm {
    private boolean transA;
    private boolean transB;
    private int m = -1;
    private int n = -1;
    private int k = -1;
    private float alpha = 1f;
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
    private float[] bias;
    private int biasOffset;
    private Activation activation = Activation.NONE;

    /** A product with no part set yet. */
    public FusedGemm() {
    }

    /**
     * Sets the sizes: op(A) is m x k, op(B) is k x n and C is m x n.
     *
     * @param m the rows of op(A) and of C
     * @param n the columns of op(B) and of C
     * @param k the depth of the product
     * @return this object
     */
    public FusedGemm shape(int m, int n, int k) {
        this.m = m;
        this.n = n;
        this.k = k;
        return this;
    }

    /**
     * Sets A, stored as op(A) (m x k) unless {@link #transposeA} says otherwise.
     *
     * @param a the array that holds A
     * @param offset the index of A's first element in {@code a}
     * @param ld A's leading dimension (the distance between the starts of its rows)
     * @return this object
     */
    public FusedGemm a(float[] a, int offset, int ld) {
        this.a = a;
        this.aOffset = offset;
        this.lda = ld;
        return this;
    }

    /**
     * Sets B, stored as op(B) (k x n) unless {@link #transposeB} says otherwise.
     *
     * @param b the array that holds B
     * @param offset the index of B's first element in {@code b}
     * @param ld B's leading dimension
     * @return this object
     */
    public FusedGemm b(float[] b, int offset, int ld) {
        this.b = b;
        this.bOffset = offset;
        this.ldb = ld;
        return this;
    }

    /**
     * Sets C, m x n, overwritten in its m x n window.
     *
     * @param c the array that holds C
     * @param offset the index of C's first element in {@code c}
     * @param ld C's leading dimension
     * @return this object
     */
    public FusedGemm c(float[] c, int offset, int ld) {
        this.c = c;
        this.cOffset = offset;
        this.ldc = ld;
        return this;
    }

    /**
     * Sets whether A is stored transposed (k x m, op(A) = A<sup>T</sup>).
     *
     * @param transposed true for a transposed A
     * @return this object
     */
    public FusedGemm transposeA(boolean transposed) {
        this.transA = transposed;
        return this;
    }

    /**
     * Sets whether B is stored transposed (n x k, op(B) = B<sup>T</sup>).
     *
     * @param transposed true for a transposed B
     * @return this object
     */
    public FusedGemm transposeB(boolean transposed) {
        this.transB = transposed;
        return this;
    }

    /**
     * Sets the factor of the product (1 unless set).
     *
     * @param alpha the factor
     * @return this object
     */
    public FusedGemm alpha(float alpha) {
        this.alpha = alpha;
        return this;
    }

    /**
     * Sets the factor of C's old value (0 unless set: C is not read).
     *
     * @param beta the factor
     * @return this object
     */
    public FusedGemm beta(float beta) {
        this.beta = beta;
        return this;
    }

    /**
     * Sets the bias, n values added to each row of C before the activation.
     *
     * @param bias the array that holds the bias, or null for none
     * @param offset the index of its first value
     * @return this object
     */
    public FusedGemm bias(float[] bias, int offset) {
        this.bias = bias;
        this.biasOffset = offset;
        return this;
    }

    /**
     * Sets the function applied to each element of C last ({@link Activation#NONE} unless set).
     *
     * @param activation the function
     * @return this object
     * @throws IllegalArgumentException if {@code activation} is null
     */
    public FusedGemm activation(Activation activation) {
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null (use Activation.NONE)");
        }
        this.activation = activation;
        return this;
    }

    /**
     * Computes the product with the parts set now; the guarantees of {@link Gemm}.
     *
     * @throws IllegalArgumentException naming the argument, before anything is written: the shape not set, a
     *     negative size, a matrix not set or outside its array, C overlapping A or B, or a bias too short
     */
    public void run() {
        if (m < 0 && n < 0 && k < 0) {
            throw new IllegalArgumentException("shape must be set before run()");
        }
        Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                bias, biasOffset, activation);
    }
}
