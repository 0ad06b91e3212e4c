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
 * {@code data} picks the inputs: uniform random values, or ({@code mnist}) the first N MNIST training images and
 * their labels, read from {@code -Dlanes.mnist=DIR} (default {@code ../shared/data/mnist}, the project's
 * sibling), as the seed's MNIST script reads them; {@code jmh/seed_steps.py --data mnist} times NumPy on the same.
 */
@State(Scope.Benchmark)
// 10 s of warm-up: at 1024-784-1024 a step takes 37 ms, and C2 needs about 7 s of steps to compile every kernel.
@Warmup(iterations = 10, time = 1)
public class MlpBench extends LanesBenchmark {
    @Param({"64-784-128-10", "256-784-512-10", "1024-784-1024-10", "32-784-512-10", "64-784-512-10",
        "128-784-512-10", "512-784-512-10", "1024-784-512-10"})
    public String shape;

    @Param({"random"})
    public String data;

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
        if (data.equals("mnist")) {
            java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("lanes.mnist", "../shared/data/mnist"));
            if (d != 784 || c != 10) {
                throw new IllegalArgumentException("an MNIST step takes 784 inputs and 10 classes, got " + shape);
            }
            if (!org.lanes.nn.Mnist.present(dir)) {
                throw new IllegalStateException("MNIST not found at " + dir.toAbsolutePath()
                        + " (set -Dlanes.mnist=DIR); the mnist data parameter needs it");
            }
            try {
                org.lanes.nn.Dataset train = org.lanes.nn.Mnist.train(dir);
                System.arraycopy(train.features(), 0, x, 0, x.length);
                System.arraycopy(train.labels(), 0, y, 0, batch);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else if (!data.equals("random")) {
            throw new IllegalArgumentException("data must be random or mnist, got " + data);
        }
        net = Mlp.create(new int[] {d, h, c}, Activation.SIGMOID, Init.SMALL_GAUSSIAN, 0).optimizer(Sgd.of(0.1f));
    }

    @Benchmark
    public float trainStep() {
        return net.trainStep(x, y, batch);
    }
}
