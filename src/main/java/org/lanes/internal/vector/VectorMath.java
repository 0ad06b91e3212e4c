package org.lanes.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transcendental functions as FMA polynomials, the same bits on every JDK and architecture (unlike
 * {@code lanewise(EXP)}, an SVML call on x86 and a per-lane {@code Math.exp} elsewhere before JDK 24).
 */
public final class VectorMath {
    static final VectorSpecies<Float> S = VectorProvider.S;
    private static final int V = VectorProvider.V;

    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split so that n * LN2_HI is exact for |n| < 2^9.
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Adding then subtracting 1.5 * 2^23 rounds a float to the nearest integer. */
    private static final float ROUND = 12582912f;
    private static final float EXP_MAX = 88.72283935546875f;
    private static final float EXP_MIN = -103.972084045410156f;
    /**
     * Below this magnitude e^x and e^-x are normal floats with 2^n a normal float too, so one scaling suffices;
     * vectors with a lane beyond it take the general path.
     */
    static final float NORMAL_RANGE = 87f;
    static final int NORMAL_RANGE_BITS = Float.floatToRawIntBits(NORMAL_RANGE);
    private static final int EXPONENT_BIAS_MINUS_ROUND = 127 - Float.floatToRawIntBits(ROUND);
    // e^r = 1 + r + C2 r^2 + ... + C5 r^5 on |r| <= ln2/2, fitted for least maximum relative error (1.05e-7, under
    // one ulp): two degrees fewer than Cephes' expf, two FMAs less per vector. Measured: exp within 2.15 ulp,
    // sigmoid within 3.4.
    private static final float C2 = 0.49999231f;
    private static final float C3 = 0.16667114f;
    private static final float C4 = 0.041890114f;
    private static final float C5 = 0.008312525f;
    // tanh(x) = x + x^3 * Q(x^2) on |x| < 0.625 (Cephes tanhf).
    private static final float Q0 = -5.70498872745e-3f;
    private static final float Q1 = 2.06390887954e-2f;
    private static final float Q2 = -5.37397155531e-2f;
    private static final float Q3 = 1.33314422036e-1f;
    private static final float Q4 = -3.33332819422e-1f;

    private VectorMath() {
    }

    /**
     * e^x within 3 ulp for every float (2.15 measured), subnormal results included: x is reduced by ln 2 to
     * |r| <= ln2/2, e^r comes from a degree-5 polynomial, and 2^n is applied as two halves so neither leaves the
     * normal range. Above 88.72 gives +inf, below -103.97 gives 0, NaN stays NaN.
     */
    public static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = xc.fma(LOG2E, ROUND);
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = expPolynomial(r);
        // t = n + 1.5*2^23 exactly, so its bits minus those of 1.5*2^23 are n (convert(F2I) is not intrinsic on JDK 17).
        IntVector ni = (IntVector) t.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUND));
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = p.mul(s1).mul(s2);
        e = e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
        e = e.blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
        return e.blend(x, x.compare(VectorOperators.NE, x));
    }

    /**
     * e^x for x in [-87, 87] (not checked) or NaN, within 3 ulp: the reduction and polynomial of {@link #exp}, but
     * 2^n applied in one scaling and no special cases, about half the operations.
     */
    static FloatVector expNormalRange(FloatVector x) {
        FloatVector t = x.fma(LOG2E, ROUND);
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        return expPolynomial(r).mul(powerOfTwo(t));
    }

    /** e^r for |r| <= ln2/2. */
    private static FloatVector expPolynomial(FloatVector r) {
        FloatVector p = r.fma(FloatVector.broadcast(S, C5), FloatVector.broadcast(S, C4));
        p = p.fma(r, FloatVector.broadcast(S, C3));
        p = p.fma(r, FloatVector.broadcast(S, C2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        return p.fma(r, FloatVector.broadcast(S, 1f));
    }

    /**
     * 2^n from t = n + 1.5*2^23 (n in [-126, 127]): t's bits are those of ROUND plus n, so the exponent field is
     * one integer add and a shift away.
     */
    private static FloatVector powerOfTwo(FloatVector t) {
        return ((IntVector) t.reinterpretAsInts().add(EXPONENT_BIAS_MINUS_ROUND)).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
    }

    /**
     * {@code y[yi, yi+V) = e^(x[xi, xi+V) - shift)} for differences within [-87, 0] (a shift at least every value
     * and at most 87 above any, checked by the caller against {@link #NORMAL_RANGE}), or NaN.
     *
     * <p>This and the kernels below take arrays and offsets, never vectors: a call the JIT does not inline (a rare
     * branch, a caller past its budget) then passes no vector, and no vector is boxed. A rare branch returning a
     * vector from such a call cost every vector of a 256x512 sigmoid three boxes.
     */
    public static void expShiftedNormalRange(float[] x, int xi, float shift, float[] y, int yi) {
        expNormalRange(FloatVector.fromArray(S, x, xi).sub(shift)).intoArray(y, yi);
    }

    /** The same for any shift and values. */
    public static void expShifted(float[] x, int xi, float shift, float[] y, int yi) {
        exp(FloatVector.fromArray(S, x, xi).sub(shift)).intoArray(y, yi);
    }

    /**
     * {@code y[yi, yi+V) = 1/(1+e^-z)} with {@code z = x[xi, xi+V) + bias[bi, bi+V)}, or {@code z = x} when bias is
     * null, for lanes within +-87 (checked by the caller against {@link #NORMAL_RANGE_BITS}).
     */
    public static void sigmoidNormalRange(float[] x, int xi, float[] bias, int bi, float[] y, int yi) {
        FloatVector z = FloatVector.fromArray(S, x, xi);
        if (bias != null) {
            z = z.add(FloatVector.fromArray(S, bias, bi));
        }
        // e^-z = 2^n e^-w with n = round(-z log2 e) and w = z + n ln2, so no negation is needed, and the
        // polynomial of e^-w (odd coefficients negated) ends in 1 + e^-z as one FMA: 14 operations, not 19.
        FloatVector t = z.fma(-LOG2E, ROUND);
        FloatVector n = t.sub(ROUND);
        FloatVector w = n.fma(FloatVector.broadcast(S, LN2_HI), z);
        w = n.fma(FloatVector.broadcast(S, LN2_LO), w);
        FloatVector p = w.fma(FloatVector.broadcast(S, -C5), FloatVector.broadcast(S, C4));
        p = p.fma(w, FloatVector.broadcast(S, -C3));
        p = p.fma(w, FloatVector.broadcast(S, C2));
        p = p.fma(w, FloatVector.broadcast(S, -1f));
        p = p.fma(w, FloatVector.broadcast(S, 1f));
        FloatVector.broadcast(S, 1f).div(p.fma(powerOfTwo(t), FloatVector.broadcast(S, 1f))).intoArray(y, yi);
    }

    /**
     * The same for any input: 1/(1+e^-x) from z = e^-|x|, so nothing overflows: 1/(1+z) for x >= 0, z/(1+z)
     * below.
     */
    public static void sigmoidAnyRange(float[] in, int xi, float[] bias, int bi, float[] y, int yi) {
        FloatVector x = FloatVector.fromArray(S, in, xi);
        if (bias != null) {
            x = x.add(FloatVector.fromArray(S, bias, bi));
        }
        FloatVector z = exp(x.abs().neg());
        FloatVector num = FloatVector.broadcast(S, 1f).blend(z, x.compare(VectorOperators.LT, 0f));
        num.div(z.add(1f)).intoArray(y, yi);
    }

    /**
     * {@code y[yi, yi+V) = tanh(x)} with {@code x = in[xi, xi+V) + bias[bi, bi+V)} (bias may be null), from
     * z = e^-2|x| as (1-z)/(1+z) with the sign of x, and from an odd polynomial below 0.625 where 1-z would cancel.
     */
    public static void tanh(float[] in, int xi, float[] bias, int bi, float[] y, int yi) {
        FloatVector x = FloatVector.fromArray(S, in, xi);
        if (bias != null) {
            x = x.add(FloatVector.fromArray(S, bias, bi));
        }
        FloatVector ax = x.abs();
        FloatVector z = exp(ax.mul(-2f));
        FloatVector big = FloatVector.broadcast(S, 1f).sub(z).div(z.add(1f));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector x2 = x.mul(x);
        FloatVector q = x2.fma(FloatVector.broadcast(S, Q0), FloatVector.broadcast(S, Q1));
        q = q.fma(x2, FloatVector.broadcast(S, Q2));
        q = q.fma(x2, FloatVector.broadcast(S, Q3));
        q = q.fma(x2, FloatVector.broadcast(S, Q4));
        FloatVector small = q.mul(x2).fma(x, x);
        VectorMask<Float> isSmall = ax.compare(VectorOperators.LT, 0.625f);
        big.blend(small, isSmall).blend(x, x.compare(VectorOperators.NE, x)).intoArray(y, yi);
    }
}
