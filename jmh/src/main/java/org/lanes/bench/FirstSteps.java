package org.lanes.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.lanes.nn.Dataset;
import org.lanes.nn.Mlp;
import org.lanes.nn.Mnist;
import org.lanes.nn.Sgd;

/**
 * How a fresh JVM reaches full speed: the seed's network (784-512-10, sigmoid, SGD 0.5) trained on MNIST for two
 * epochs of the given batch, every step of the first epoch timed. Prints the load time, both epochs and the time
 * at which chosen steps ended, so that the first epoch's excess over the second can be placed (start-up, the Vector
 * API's fallback before C2 has compiled the kernels, the compilations themselves).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar org.lanes.bench.FirstSteps
 * [BATCH (default 64)] [MNIST DIR (default ../shared/data/mnist)]}, in a JVM of its own each time.
 */
public final class FirstSteps {
    private FirstSteps() {
    }

    public static void main(String[] args) throws IOException {
        int batch = batch(args.length > 0 ? args[0] : "64");
        Path dir = Path.of(args.length > 1 ? args[1] : "../shared/data/mnist");
        if (!Mnist.present(dir)) {
            System.out.println("MNIST not found at " + dir.toAbsolutePath() + ": nothing to run");
            return;
        }
        long t0 = System.nanoTime();
        Dataset d = Mnist.train(dir);
        long t1 = System.nanoTime();
        if (batch > d.size()) {
            throw new IllegalArgumentException("BATCH must be at most the " + d.size() + " training images, got "
                    + batch);
        }
        Mlp m = Mlp.twoLayerSigmoid(784, 512, 10, 7).optimizer(Sgd.of(0.5f));
        int steps = d.size() / batch;
        long[] ends = new long[steps];
        for (int s = 0; s < steps; s++) {
            m.trainStep(d.features(), s * batch * 784, d.labels(), s * batch, batch);
            ends[s] = System.nanoTime();
        }
        long t2 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            m.trainStep(d.features(), s * batch * 784, d.labels(), s * batch, batch);
        }
        long t3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "batch %d: load %.3f s, first epoch %.3f s, second epoch %.3f s (%.2fx)%n", batch,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t2 - t1) / (double) (t3 - t2));
        for (int s : new int[] {0, 1, 2, 5, 10, 20, 50, 100, 200, 400, steps - 1}) {
            if (s < steps) {
                long start = s == 0 ? t1 : ends[s - 1];
                System.out.printf(Locale.ROOT, "step %d ended at %.3f s (it took %.2f ms)%n", s, (ends[s] - t1) / 1e9,
                        (ends[s] - start) / 1e6);
            }
        }
    }

    private static int batch(String text) {
        int batch;
        try {
            batch = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BATCH must be a whole number, got '" + text + "'", e);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("BATCH must be at least 1, got " + batch);
        }
        return batch;
    }
}
