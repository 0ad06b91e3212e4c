package org.lanes.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import org.lanes.Gemm;
import org.lanes.Lanes;
import org.lanes.nn.Dataset;
import org.lanes.nn.Evaluation;
import org.lanes.nn.Mlp;
import org.lanes.nn.Mnist;
import org.lanes.nn.Sgd;

/**
 * The example program: trains the seed's 784-512-10 sigmoid network with Lanes and prints accuracy and
 * throughput. Uses MNIST from the folder given as the first argument (default ../shared/data/mnist) when
 * present, otherwise a generated MNIST-shaped dataset, so it needs no download.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args.length > 0 ? args[0] : "../shared/data/mnist");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.println("Lanes " + Lanes.describe());
        gemmProbe();
        Dataset train;
        Dataset test;
        if (Mnist.present(dir)) {
            System.out.println("data: MNIST from " + dir.toAbsolutePath());
            train = Mnist.train(dir);
            test = Mnist.test(dir);
        } else {
            System.out.println("data: generated MNIST-shaped digits (no MNIST files in " + dir.toAbsolutePath() + ")");
            train = synthetic(20000, 1);
            test = synthetic(4000, 2);
        }
        Mlp net = Mlp.seedNetwork(784, 512, 10, 0).optimizer(Sgd.of(0.5f));
        int batch = 64;
        net.fit(train, epochs, batch, 42, (epoch, loss, nanos) -> {
            Evaluation e = net.evaluate(test);
            System.out.printf("epoch %d: loss %.4f, test accuracy %.2f%%, %.2f s, %.0f samples/s%n",
                    epoch, loss, e.accuracy() * 100, nanos / 1e9, train.size() / (nanos / 1e9));
        });
    }

    private static void gemmProbe() {
        int n = 512;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        java.util.Arrays.fill(a, 0.5f);
        java.util.Arrays.fill(b, 0.25f);
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 30; rep++) {
            long t = System.nanoTime();
            Gemm.sgemm(n, n, n, a, b, c);
            best = Math.min(best, System.nanoTime() - t);
        }
        System.out.printf("sgemm 512^3: %.1f GFLOP/s (best of 30, not a benchmark: see jmh/)%n", 2.0 * n * n * n / best);
    }

    /** Ten noisy 28x28 stroke templates: learnable, deterministic, shaped like MNIST. */
    static Dataset synthetic(int count, long seed) {
        SplittableRandom templates = new SplittableRandom(7);
        float[][] proto = new float[10][784];
        for (int c = 0; c < 10; c++) {
            for (int s = 0; s < 3; s++) {
                int r0 = 4 + templates.nextInt(20);
                int c0 = 4 + templates.nextInt(20);
                int dr = templates.nextInt(3) - 1;
                int dc = templates.nextInt(3) - 1;
                for (int t = 0; t < 12; t++) {
                    int r = Math.floorMod(r0 + dr * t, 28);
                    int col = Math.floorMod(c0 + dc * t + (dr == 0 && dc == 0 ? t : 0), 28);
                    proto[c][r * 28 + col] = 1f;
                }
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[count * 784];
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            int c = rnd.nextInt(10);
            y[i] = c;
            for (int p = 0; p < 784; p++) {
                float v = proto[c][p] * (float) (0.6 + 0.4 * rnd.nextDouble());
                x[i * 784 + p] = rnd.nextDouble() < 0.05 ? (float) rnd.nextDouble() : v;
            }
        }
        return new Dataset(x, y, count, 784, 10);
    }
}
