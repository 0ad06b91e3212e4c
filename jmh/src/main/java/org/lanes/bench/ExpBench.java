package org.lanes.bench;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.lanes.internal.vector.VectorMath;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The exp choice of docs/kernels.md: Lanes' polynomial exp (the general form and the short form for lanes in
 * [-87, 87]) against the Vector API's {@code lanewise(EXP)} and a scalar {@code Math.exp} loop, on 256x512
 * values in [-20, 0] (what softmax feeds exp: x - max). The set-up prints each one's largest error in ulp.
 */
@State(Scope.Benchmark)
public class ExpBench extends LanesBenchmark {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int N = 256 * 512;
    float[] x;
    float[] y;

    @Setup
    public void setUp() {
        x = random(new SplittableRandom(5), N);
        for (int i = 0; i < N; i++) {
            x[i] = -10f * (x[i] + 1f);
        }
        y = new float[N];
        System.out.printf("max error against Math.exp in double over [-20, 0]: polynomialGeneral %.2f ulp, "
                + "polynomialShort %.2f ulp, lanewiseExp %.2f ulp, scalarMathExp %.2f ulp%n",
                maxUlp(polynomialGeneral()), maxUlp(polynomialShort()), maxUlp(lanewiseExp()), maxUlp(scalarMathExp()));
    }

    private double maxUlp(float[] result) {
        double worst = 0;
        for (int i = 0; i < N; i++) {
            double ref = Math.exp(x[i]);
            worst = Math.max(worst, Math.abs(result[i] - ref) / Math.ulp((float) ref));
        }
        return worst;
    }

    @Benchmark
    public float[] polynomialGeneral() {
        for (int i = 0; i < N; i += S.length()) {
            VectorMath.exp(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        return y;
    }

    @Benchmark
    public float[] polynomialShort() {
        for (int i = 0; i < N; i += S.length()) {
            VectorMath.expShiftedNormalRange(x, i, 0f, y, i);
        }
        return y;
    }

    @Benchmark
    public float[] lanewiseExp() {
        for (int i = 0; i < N; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
        }
        return y;
    }

    @Benchmark
    public float[] scalarMathExp() {
        for (int i = 0; i < N; i++) {
            y[i] = (float) Math.exp(x[i]);
        }
        return y;
    }
}
