package org.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lanes.Activation;
import org.lanes.Lanes;
import org.lanes.Reference;

class MlpTest {
    static float[] inputs(int rows, int dim, long seed) {
        return Reference.random(new SplittableRandom(seed), rows * dim, 1f);
    }

    static int[] labels(int rows, int classes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = rnd.nextInt(classes);
        }
        return y;
    }

    @Test
    void fiveStepsMatchTheNumpyTwoLayerMathInDouble() {
        int n = 32;
        Mlp net = Mlp.twoLayerSigmoid(50, 40, 10, 1).optimizer(Sgd.of(0.5f));
        ReferenceMlp ref = new ReferenceMlp(net);
        float[] x = inputs(n, 50, 2);
        int[] y = labels(n, 10, 3);
        for (int step = 0; step < 5; step++) {
            double refLoss = ref.loss(x, y, n);
            float loss = net.trainStep(x, y, n);
            assertEquals(refLoss, loss, 1e-5 * Math.max(1, refLoss), "loss at step " + step);
            ref.sgdStep(x, y, n, 0.5);
        }
        for (int l = 0; l < net.layers(); l++) {
            assertRelative(ref.w[l], net.weights(l), 1e-4, "W" + (l + 1));
            assertRelative(ref.b[l], net.biases(l), 1e-4, "b" + (l + 1));
        }
    }

    /**
     * Plain SGD at depth: every layer's dA must be computed with the weights from before the step. Five steps of a
     * three-layer network against the double reference.
     */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"SIGMOID", "RELU", "TANH"})
    void plainSgdStepsOfADeepNetworkMatchTheDoubleReference(Activation act) {
        int n = 24;
        Mlp net = Mlp.create(new int[] {30, 37, 19, 7}, act, Init.XAVIER, 4).optimizer(Sgd.of(0.3f));
        ReferenceMlp ref = new ReferenceMlp(net);
        float[] x = inputs(n, 30, 5);
        int[] y = labels(n, 7, 6);
        for (int step = 0; step < 5; step++) {
            net.trainStep(x, y, n);
            ref.sgdStep(x, y, n, 0.3);
        }
        for (int l = 0; l < net.layers(); l++) {
            assertRelative(ref.w[l], net.weights(l), 1e-4, act + " W" + (l + 1));
            assertRelative(ref.b[l], net.biases(l), 1e-4, act + " b" + (l + 1));
        }
    }

    /** Each element within {@code rel} of the reference, relative to max(|ref|, 1e-2 * max|ref|) for near-zero entries. */
    static void assertRelative(double[] want, float[] got, double rel, String what) {
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            double tol = rel * Math.max(Math.abs(want[i]), 1e-2 * scale) + 1e-12;
            if (!(Math.abs(got[i] - want[i]) <= tol)) {
                fail(what + "[" + i + "] = " + got[i] + ", reference " + want[i] + " (tolerance " + tol + ")");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"SIGMOID", "RELU", "TANH"})
    void gradientsOfAThreeLayerNetworkMatchCentralDifferences(Activation act) {
        int n = 8;
        Mlp net = Mlp.create(new int[] {12, 9, 7, 5}, act, Init.XAVIER, 4);
        for (int l = 0; l < net.layers(); l++) {
            float[] b = net.biases(l);
            for (int j = 0; j < b.length; j++) {
                b[j] = 0.1f * (j % 3 - 1);
            }
        }
        float[] x = inputs(n, 12, 5);
        int[] y = labels(n, 5, 6);
        net.computeGradients(x, 0, y, 0, n);
        ReferenceMlp ref = new ReferenceMlp(net);
        double h = 1e-6;
        for (int l = 0; l < net.layers(); l++) {
            for (double[][] params : new double[][][] {ref.w, ref.b}) {
                double[] p = params[l];
                float[] analytic = params == ref.w ? net.weightGradient(l) : net.biasGradient(l);
                double[] numeric = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    double keep = p[i];
                    p[i] = keep + h;
                    double up = ref.loss(x, y, n);
                    p[i] = keep - h;
                    double down = ref.loss(x, y, n);
                    p[i] = keep;
                    numeric[i] = (up - down) / (2 * h);
                }
                // Float forward and backward passes: a few 1e-6 of the largest gradient of the tensor.
                assertRelative(numeric, analytic, 1e-3, act + " " + (params == ref.w ? "dW" : "db") + (l + 1));
            }
        }
    }

    @Test
    void sameSeedGivesBitwiseSameWeightsWithOneOrTwoThreads() {
        float[] x = inputs(300, 64, 7);
        int[] y = labels(300, 10, 8);
        Dataset data = new Dataset(x, y, 300, 64, 10);
        float[][] first = null;
        try {
            // Plain SGD, and momentum with weight decay (velocity buffers).
            for (Sgd sgd : new Sgd[] {Sgd.of(0.05f), Sgd.of(0.05f).withMomentum(0.9f).withWeightDecay(1e-4f)}) {
                first = null;
                for (int threads : new int[] {1, 2}) {
                    Lanes.setThreads(threads);
                    Mlp net = Mlp.create(new int[] {64, 256, 128, 10}, Activation.RELU, Init.HE, 9).optimizer(sgd);
                    net.fit(data, 2, 64, 10, null);
                    float[][] w = {net.weights(0), net.weights(1), net.weights(2), net.biases(0)};
                    if (first == null) {
                        first = w;
                    } else {
                        for (int i = 0; i < w.length; i++) {
                            assertArrayEquals(first[i], w[i], sgd + " tensor " + i);
                        }
                    }
                }
            }
        } finally {
            Lanes.setThreads(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void learnsASeparableProblemWithEveryActivationAndOptimizer() {
        int n = 500;
        int dim = 20;
        SplittableRandom rnd = new SplittableRandom(11);
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(4);
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) (rnd.nextGaussian() * 0.5 + (j % 4 == y[i] ? 1.5 : 0));
            }
        }
        Dataset data = new Dataset(x, y, n, dim, 4);
        for (Activation act : new Activation[] {Activation.SIGMOID, Activation.RELU, Activation.TANH}) {
            Mlp net = Mlp.create(new int[] {dim, 32, 4}, act, Init.XAVIER, 12)
                    .optimizer(Sgd.of(0.2f).withMomentum(0.5f));
            double before = net.evaluate(data).loss();
            int[] epochs = {0};
            net.fit(data, 15, 64, 13, (epoch, loss, nanos) -> epochs[0] = epoch);
            Evaluation after = net.evaluate(data);
            assertEquals(15, epochs[0]);
            assertTrue(after.loss() < before / 3, act + ": loss " + before + " -> " + after.loss());
            assertTrue(after.accuracy() > 0.9, act + ": accuracy " + after.accuracy());
            int[] classes = new int[n];
            net.classify(x, 0, n, classes, 0);
            int hits = 0;
            for (int i = 0; i < n; i++) {
                hits += classes[i] == y[i] ? 1 : 0;
            }
            assertEquals(after.accuracy(), hits / (double) n, 1e-12);
            float[] probs = new float[n * 4];
            net.predict(x, 0, n, probs, 0);
            for (int i = 0; i < n; i++) {
                assertEquals(1f, probs[4 * i] + probs[4 * i + 1] + probs[4 * i + 2] + probs[4 * i + 3], 1e-5f);
            }
        }
    }

    @Test
    void concurrentPredictionsAgreeWithASingleThread() throws Exception {
        Mlp net = Mlp.create(new int[] {30, 64, 10}, Activation.TANH, Init.XAVIER, 3);
        float[] x = inputs(200, 30, 4);
        int[] expected = new int[200];
        net.classify(x, 0, 200, expected, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<int[]>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int rows = 50 + 20 * t;
                results.add(pool.submit(() -> {
                    int[] out = new int[200];
                    for (int rep = 0; rep < 20; rep++) {
                        net.classify(x, 0, rows, out, 0);
                    }
                    return java.util.Arrays.copyOf(out, rows);
                }));
            }
            for (Future<int[]> f : results) {
                int[] got = f.get();
                assertArrayEquals(java.util.Arrays.copyOf(expected, got.length), got);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> Mlp.create(new int[] {5}, Activation.RELU, Init.HE, 1));
        assertThrows(IllegalArgumentException.class, () -> Mlp.create(new int[] {5, 0, 2}, Activation.RELU, Init.HE, 1));
        assertThrows(IllegalArgumentException.class, () -> Mlp.create(new int[] {5, 2}, null, Init.HE, 1));
        Mlp net = Mlp.create(new int[] {5, 3, 2}, Activation.RELU, Init.HE, 1);
        assertThrows(IllegalArgumentException.class, () -> net.trainStep(new float[9], new int[2], 2));
        assertThrows(IllegalArgumentException.class, () -> net.trainStep(new float[10], new int[] {0, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> net.trainStep(new float[10], new int[2], 0));
        assertThrows(IllegalArgumentException.class, () -> net.weights(2));
        IllegalArgumentException probs = assertThrows(IllegalArgumentException.class,
                () -> net.predict(new float[10], 0, 2, new float[3], 0));
        assertTrue(probs.getMessage().startsWith("probs is too short"), probs.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(-1f));
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(0.1f).withMomentum(1f));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new float[4], new int[] {0, 3}, 2, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> net.fit(new Dataset(new float[4], new int[2], 2, 2, 2), 1, 1, 1, null));
    }
}
