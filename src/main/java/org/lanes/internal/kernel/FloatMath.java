package org.lanes.internal.kernel;

/**
 * The float functions of the layer kernels, one element at a time, in exactly the operations and order of the
 * vector code ({@code internal.vector.VectorMath}): the scalar fallback and the vector tails call these, so every
 * path gives the same bits. Constants live here, once, and the vector code reads them.
 *
 * <p>exp: range reduction by ln 2 (split in two so that {@code n * LN2_HI} is exact), a degree-5 polynomial fitted
 * for least maximum relative error on |r| &lt;= ln2/2 (1.05e-7), and the exponent bits built by integer
 * arithmetic. Measured: within 2.15 ulp of the double result; sigmoid within 3.4.
 */
public final class FloatMath {
    public static final float LOG2E = 1.44269504088896341f;
    public static final float LN2_HI = 0.693359375f;
    public static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits. */
    public static final float ROUND = 12582912f;
    public static final float EXP_MAX = 88.72283935546875f;
    public static final float EXP_MIN = -103.972084045410156f;
    /** Within +-NORMAL_RANGE, e^x and e^-x are normal floats and the short forms apply. */
    public static final float NORMAL_RANGE = 87f;
    public static final int EXPONENT_BIAS_MINUS_ROUND = 127 - Float.floatToRawIntBits(ROUND);
    public static final float C2 = 0.49999231f;
    public static final float C3 = 0.16667114f;
    public static final float C4 = 0.041890114f;
    public static final float C5 = 0.008312525f;
    /** tanh(x) = x + x^3 * Q(x^2) on |x| &lt; 0.625 (Cephes tanhf). */
    public static final float Q0 = -5.70498872745e-3f;
    public static final float Q1 = 2.06390887954e-2f;
    public static final float Q2 = -5.37397155531e-2f;
    public static final float Q3 = 1.33314422036e-1f;
    public static final float Q4 = -3.33332819422e-1f;
    public static final float TANH_SMALL = 0.625f;
    /** Partial sums of a row reduction: element j goes to partial j % 16, whatever the vector width. */
    public static final int PARTIALS = 16;

    private FloatMath() {
    }

    /** e^x for any float: overflow gives +inf, underflow 0, NaN stays NaN. */
    public static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(xc, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = polynomial(r);
        int ni = Float.floatToRawIntBits(t) - Float.floatToRawIntBits(ROUND);
        int n1 = ni >> 1;
        int n2 = ni - n1;
        float s1 = Float.intBitsToFloat((n1 + 127) << 23);
        float s2 = Float.intBitsToFloat((n2 + 127) << 23);
        float e = p * s1 * s2;
        if (x > EXP_MAX) {
            e = Float.POSITIVE_INFINITY;
        }
        if (x < EXP_MIN) {
            e = 0f;
        }
        return x != x ? x : e;
    }

    private static float polynomial(float r) {
        float p = Math.fma(r, C5, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        return Math.fma(p, r, 1f);
    }

    /**
     * 1 / (1 + e^-z) for |z| &lt;= {@link #NORMAL_RANGE}: e^-z = 2^n e^-w with n = round(-z log2 e) and w = z + n ln2,
     * the polynomial of e^-w (odd coefficients negated) ending in 1 + e^-z as one FMA.
     */
    public static float sigmoidNormalRange(float z) {
        float t = Math.fma(z, -LOG2E, ROUND);
        float n = t - ROUND;
        float w = Math.fma(n, LN2_HI, z);
        w = Math.fma(n, LN2_LO, w);
        float p = Math.fma(w, -C5, C4);
        p = Math.fma(p, w, -C3);
        p = Math.fma(p, w, C2);
        p = Math.fma(p, w, -1f);
        p = Math.fma(p, w, 1f);
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) + EXPONENT_BIAS_MINUS_ROUND) << 23);
        return 1f / Math.fma(p, scale, 1f);
    }

    /**
     * Sigmoid for any float: the normal-range form on z clamped to +-87 (above 87 that is exactly 1), and e^z below
     * -87, where 1 + e^z rounds to 1. NaN stays NaN. The vector code selects per element by the same rule.
     */
    public static float sigmoid(float z) {
        float s = sigmoidNormalRange(Math.min(Math.max(z, -NORMAL_RANGE), NORMAL_RANGE));
        return z < -NORMAL_RANGE ? exp(z) : s;
    }

    /** tanh: x + x^3 Q(x^2) below 0.625 in magnitude, (1 - e^-2|x|) / (1 + e^-2|x|) with x's sign above. */
    public static float tanh(float x) {
        float ax = Math.abs(x);
        float z = exp(ax * -2f);
        float big = (1f - z) / (z + 1f);
        if (x < 0f) {
            big = -big;
        }
        float x2 = x * x;
        float q = Math.fma(x2, Q0, Q1);
        q = Math.fma(q, x2, Q2);
        q = Math.fma(q, x2, Q3);
        q = Math.fma(q, x2, Q4);
        float small = Math.fma(q * x2, x, x);
        float y = ax < TANH_SMALL ? small : big;
        return x != x ? x : y;
    }

    /** The sum of the partials, in index order, in double: the one fold every path uses. */
    public static float fold(float[] partials) {
        double sum = 0;
        for (int i = 0; i < PARTIALS; i++) {
            sum += partials[i];
        }
        return (float) sum;
    }
}
