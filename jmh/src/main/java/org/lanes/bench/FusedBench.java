package org.lanes.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lanes.Activation;
import org.lanes.Gemm;
import org.lanes.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The layer forward sigmoid(X·W + b) at 256x784 · 784x512: bare GEMM, fused, and GEMM then separate kernels. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FusedBench {
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
        x = GemmBench.random(rnd, M * K);
        w = GemmBench.random(rnd, K * N);
        b = GemmBench.random(rnd, N);
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
