package org.lanes.bench;

import java.util.SplittableRandom;
import org.lanes.Activation;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, backward, SGD update) of the seed's network, "batch-input-hidden-classes" as in
 * ../shared/anchors/seed_mlp.py. Effective GFLOP/s = (4*N*D*H + 6*N*H*C) / time, the anchor's own count.
 */
@State(Scope.Benchmark)
// 10 s of warm-up: at 1024-784-1024 a step takes 37 ms, and C2 needs about 7 s of steps to compile every kernel.
@Warmup(iterations = 10, time = 1)
public class MlpBench extends LanesBenchmark {
    @Param({"64-784-128-10", "256-784-512-10", "1024-784-1024-10", "32-784-512-10", "64-784-512-10",
        "128-784-512-10", "512-784-512-10", "1024-784-512-10"})
    public String shape;

    Mlp net;
    float[] x;
    int[] y;
    int batch;

    @Setup
    public void setUp() {
        String[] f = shape.split("-");
        batch = Integer.parseInt(f[0]);
        int d = Integer.parseInt(f[1]);
        int h = Integer.parseInt(f[2]);
        int c = Integer.parseInt(f[3]);
        SplittableRandom rnd = new SplittableRandom(0);
        x = new float[batch * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = rnd.nextInt(c);
        }
        net = Mlp.create(new int[] {d, h, c}, Activation.SIGMOID, Init.SMALL_GAUSSIAN, 0).optimizer(Sgd.of(0.1f));
    }

    @Benchmark
    public float trainStep() {
        return net.trainStep(x, y, batch);
    }
}
