package org.lanes.bench;

import java.util.SplittableRandom;
import org.lanes.Gemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SGEMM throughput. A shape is "FORM:m:n:k" where FORM is NN, TN, NT or TT; GFLOP/s = 2mnk / time.
 * Thread count comes from -Dlanes.threads (pass it with -jvmArgsAppend).
 */
@State(Scope.Benchmark)
public class GemmBench extends LanesBenchmark {
    @Param({"NN:128:128:128", "NN:512:512:512", "NN:1024:1024:1024", "NN:256:512:784", "TN:784:512:256", "NT:256:784:512"})
    public String shape;

    boolean transA;
    boolean transB;
    int m;
    int n;
    int k;
    float[] a;
    float[] b;
    float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        String[] f = shape.split(":");
        transA = f[0].charAt(0) == 'T';
        transB = f[0].charAt(1) == 'T';
        m = Integer.parseInt(f[1]);
        n = Integer.parseInt(f[2]);
        k = Integer.parseInt(f[3]);
        SplittableRandom rnd = new SplittableRandom(42);
        a = random(rnd, m * k);
        b = random(rnd, k * n);
        c = new float[m * n];
    }


    @Benchmark
    public float[] sgemm() {
        Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
        return c;
    }
}
