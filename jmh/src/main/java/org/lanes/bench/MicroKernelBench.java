package org.lanes.bench;

import java.util.SplittableRandom;
import org.lanes.internal.Providers;
import org.lanes.internal.gemm.MicroKernel;
import org.lanes.internal.kernel.KernelProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The active micro-kernel's inner loop alone: one MR x NR tile over {@code kc} depth steps, its packed A and B
 * panels small enough to stay in L1 (kc 256: 8 KiB of A and 32 KiB of B with the 8 x 32 tile), C reloaded
 * with beta = 1 as on every depth block after the first. GFLOP/s = 2 * MR * NR * kc / time; compare with the
 * FMA peak of one core ({@code ../shared/anchors/peak.c}).
 */
@State(Scope.Benchmark)
public class MicroKernelBench extends LanesBenchmark {
    @Param({"64", "256"})
    public int kc;

    MicroKernel kernel;
    int mr;
    float[] a;
    float[] b;
    float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        KernelProvider p = Providers.active();
        kernel = p.microKernel();
        mr = kernel.rows();
        int nr = p.blockSizes().nr;
        SplittableRandom rnd = new SplittableRandom(3);
        a = random(rnd, mr * kc);
        b = random(rnd, nr * kc);
        c = new float[mr * nr];
    }

    @Benchmark
    public float[] multiply() {
        kernel.multiply(kc, a, 0, mr, b, 0, 1f, c, 0, c.length / mr);
        return c;
    }
}
