package org.lanes.bench;

import org.lanes.Gemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lanes SGEMM throughput; GFLOP/s = 2mnk / time. Threads come from -Dlanes.threads and the implementation
 * from -Dlanes.vector (pass both with -jvmArgsAppend, which must repeat the module flag). The scalar baseline is
 * this benchmark run with -Dlanes.vector=false; the native ceiling is {@link OpenBlasBench} on the same shapes.
 */
@State(Scope.Benchmark)
public class GemmBench extends LanesBenchmark {
    @Param({"NN:128:128:128", "NN:512:512:512", "NN:1024:1024:1024", "NN:256:512:784", "TN:784:512:256", "NT:256:784:512"})
    public String shape;

    GemmShape s;

    @Setup(Level.Trial)
    public void setUp() {
        s = new GemmShape(shape);
    }

    @Benchmark
    public float[] sgemm() {
        Gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, 0, s.lda(), s.b, 0, s.ldb(), 0f, s.c, 0, s.n);
        return s.c;
    }
}
