package org.lanes.bench;

import java.util.SplittableRandom;
import org.lanes.Activation;
import org.lanes.Gemm;
import org.lanes.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The layer forward sigmoid(X·W + b) at 256x784 · 784x512: bare GEMM, fused, and GEMM then separate kernels. */
@State(Scope.Benchmark)
public class FusedBench extends LanesBenchmark {
    static final int M = 256;
    static final int K = 784;
    static final int N = 512;
    float[] x;
    float[] w;
    float[] b;
    float[] c;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(3);
        x = random(rnd, M * K);
        w = random(rnd, K * N);
        b = random(rnd, N);
        c = new float[M * N];
    }

    @Benchmark
    public float[] bareGemm() {
        Gemm.sgemm(false, false, M, N, K, 1f, x, 0, K, w, 0, N, 0f, c, 0, N);
        return c;
    }

    @Benchmark
    public float[] fusedBiasSigmoid() {
        Gemm.sgemm(false, false, M, N, K, 1f, x, 0, K, w, 0, N, 0f, c, 0, N, b, 0, Activation.SIGMOID);
        return c;
    }

    @Benchmark
    public float[] gemmThenKernels() {
        Gemm.sgemm(false, false, M, N, K, 1f, x, 0, K, w, 0, N, 0f, c, 0, N);
        Kernels.addBias(M, N, c, 0, N, b, 0, c, 0, N);
        Kernels.activate(Activation.SIGMOID, M, N, c, 0, N, c, 0, N);
        return c;
    }
}
