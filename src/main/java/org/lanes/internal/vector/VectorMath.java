package org.lanes.internal.vector;

import static org.lanes.internal.kernel.FloatMath.C2;
import static org.lanes.internal.kernel.FloatMath.C3;
import static org.lanes.internal.kernel.FloatMath.C4;
import static org.lanes.internal.kernel.FloatMath.C5;
import static org.lanes.internal.kernel.FloatMath.EXPONENT_BIAS_MINUS_ROUND;
import static org.lanes.internal.kernel.FloatMath.EXP_MAX;
import static org.lanes.internal.kernel.FloatMath.EXP_MIN;
import static org.lanes.internal.kernel.FloatMath.LN2_HI;
import static org.lanes.internal.kernel.FloatMath.LN2_LO;
import static org.lanes.internal.kernel.FloatMath.LOG2E;
import static org.lanes.internal.kernel.FloatMath.Q0;
import static org.lanes.internal.kernel.FloatMath.Q1;
import static org.lanes.internal.kernel.FloatMath.Q2;
import static org.lanes.internal.kernel.FloatMath.Q3;
import static org.lanes.internal.kernel.FloatMath.Q4;
import static org.lanes.internal.kernel.FloatMath.ROUND;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.lanes.internal.kernel.FloatMath;

/**
 * Transcendental functions as FMA polynomials, the same bits on every JDK and architecture (unlike
 * {@code lanewise(EXP)}, an SVML call on x86 and a per-lane {@code Math.exp} elsewhere before JDK 24).
 */
public final class VectorMath {
    static final VectorSpecies<Float> S = VectorProvider.S;
    private static final int V = VectorProvider.V;

    // Every constant is FloatMath's: the scalar mirror of each function below takes the same operations in the
    // same order, so tails and the fallback give the same bits as the lanes.
    static final float NORMAL_RANGE = FloatMath.NORMAL_RANGE;
    static final int NORMAL_RANGE_BITS = Float.floatToRawIntBits(NORMAL_RANGE);

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
        ((FloatVector) Exact.VECTOR.cast(expNormalRange(FloatVector.fromArray(S, x, xi).sub(shift)))).intoArray(y, yi);
    }

    /** The same for any shift and values. */
    public static void expShifted(float[] x, int xi, float shift, float[] y, int yi) {
        ((FloatVector) Exact.VECTOR.cast(exp(FloatVector.fromArray(S, x, xi).sub(shift)))).intoArray(y, yi);
    }

    /** {@link FloatMath#sigmoidNormalRange} on every lane: the same operations in the same order. */
    static FloatVector sigmoidNormal(FloatVector z) {
        FloatVector t = z.fma(-LOG2E, ROUND);
        FloatVector n = t.sub(ROUND);
        FloatVector w = n.fma(FloatVector.broadcast(S, LN2_HI), z);
        w = n.fma(FloatVector.broadcast(S, LN2_LO), w);
        FloatVector p = w.fma(FloatVector.broadcast(S, -C5), FloatVector.broadcast(S, C4));
        p = p.fma(w, FloatVector.broadcast(S, -C3));
        p = p.fma(w, FloatVector.broadcast(S, C2));
        p = p.fma(w, FloatVector.broadcast(S, -1f));
        p = p.fma(w, FloatVector.broadcast(S, 1f));
        return FloatVector.broadcast(S, 1f).div(p.fma(powerOfTwo(t), FloatVector.broadcast(S, 1f)));
    }

    /** Sigmoid of {@code x (+ bias)} when every lane lies within +-87. */
    public static void sigmoidNormalRange(float[] x, int xi, float[] bias, int bi, float[] y, int yi) {
        FloatVector z = FloatVector.fromArray(S, x, xi);
        if (bias != null) {
            z = z.add(FloatVector.fromArray(S, bias, bi));
        }
        ((FloatVector) Exact.VECTOR.cast(sigmoidNormal(z))).intoArray(y, yi);
    }

    /**
     * {@link FloatMath#sigmoid} on every lane: the normal-range form on z clamped to +-87, e^z where z &lt; -87. In
     * the normal range the bits are those of {@link #sigmoidNormalRange}, so which form a block takes never shows.
     */
    public static void sigmoidAnyRange(float[] in, int xi, float[] bias, int bi, float[] y, int yi) {
        FloatVector z = FloatVector.fromArray(S, in, xi);
        if (bias != null) {
            z = z.add(FloatVector.fromArray(S, bias, bi));
        }
        FloatVector s = sigmoidNormal(z.max(-NORMAL_RANGE).min(NORMAL_RANGE));
        FloatVector r = s.blend(exp(z), z.compare(VectorOperators.LT, -NORMAL_RANGE));
        ((FloatVector) Exact.VECTOR.cast(r)).intoArray(y, yi);
    }

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
        VectorMask<Float> isSmall = ax.compare(VectorOperators.LT, FloatMath.TANH_SMALL);
        FloatVector r = big.blend(small, isSmall).blend(x, x.compare(VectorOperators.NE, x));
        ((FloatVector) Exact.VECTOR.cast(r)).intoArray(y, yi);
    }
}
