package org.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.lanes.Activation;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;

class LanesMlpClassifierTest {

    @Test
    void fitsAndScoresGeneratedBlobsInBothModes() {
        SparkTests.Generated data = SparkTests.blobs(601, 7, 3, 2, 11);
        for (String mode : new String[] {"sync", "local"}) {
            LanesMlpClassificationModel model = new LanesMlpClassifier().setLayers(16).setActivation("relu")
                    .setInit("he").setLearningRate(0.1).setBatchSize(32).setMaxEpochs(15).setTrainingMode(mode)
                    .setLocalSteps(4).fit(data.frame());
            assertEquals(3, model.numClasses());
            assertEquals(7, model.numFeatures());
            assertEquals(15, model.trainingHistory().size());
            Dataset<Row> scored = model.transform(data.frame());
            List<Row> rows = scored.select("features", "label", "rawPrediction", "probability", "prediction")
                    .collectAsList();
            assertEquals(601, rows.size());
            int hits = 0;
            for (Row row : rows) {
                double[] reference = Reference.logits(model.network(), ((Vector) row.get(0)).toArray());
                double[] raw = ((Vector) row.get(2)).toArray();
                double[] probability = ((Vector) row.get(3)).toArray();
                double[] softmax = Reference.softmax(reference);
                int argmax = 0;
                for (int k = 0; k < 3; k++) {
                    // Float forward pass against the double reference: inputs of magnitude < 5, 7 and 16 terms.
                    assertEquals(reference[k], raw[k], 1e-4 * (1 + Math.abs(reference[k])), mode + " logit");
                    assertEquals(softmax[k], probability[k], 1e-5, mode + " probability");
                    if (probability[k] > probability[argmax]) {
                        argmax = k;
                    }
                }
                assertEquals(argmax, row.getDouble(4), 0.0);
                hits += row.getDouble(4) == row.getDouble(1) ? 1 : 0;
            }
            assertTrue(hits > 0.95 * rows.size(), mode + ": accuracy " + hits / 601.0);
        }
    }

    @Test
    void syncTrainingOnOnePartitionEqualsMlpFitBitForBit() {
        SparkTests.Generated data = SparkTests.blobs(203, 5, 4, 1, 3);
        LanesMlpClassificationModel model = new LanesMlpClassifier().setLayers(9, 6).setActivation("tanh")
                .setInit("xavier").setLearningRate(0.2).setMomentum(0.5).setWeightDecay(1e-3).setBatchSize(16)
                .setMaxEpochs(3).setSeed(77).fit(data.frame());
        Mlp reference = Mlp.create(new int[] {5, 9, 6, 4}, Activation.TANH, Init.XAVIER, 77)
                .optimizer(new Sgd(0.2f, 0.5f, 1e-3f));
        reference.fit(data.local(), 3, 16, 77, null);
        assertSameWeights(reference, model.network(), 0);
    }

    @Test
    void localSgdOnOnePartitionIsPlainSgd() {
        SparkTests.Generated data = SparkTests.blobs(150, 4, 3, 1, 5);
        LanesMlpClassificationModel model = new LanesMlpClassifier().setLayers(8).setLearningRate(0.3)
                .setMomentum(0.9).setBatchSize(10).setMaxEpochs(2).setSeed(5).setTrainingMode("local")
                .setLocalSteps(4).fit(data.frame());
        Mlp reference = Mlp.create(new int[] {4, 8, 3}, Activation.SIGMOID, Init.XAVIER, 5)
                .optimizer(new Sgd(0.3f, 0.9f, 0f));
        reference.fit(data.local(), 2, 10, 5, null);
        assertSameWeights(reference, model.network(), 0);
    }

    @Test
    void syncTrainingOnTwoPartitionsEqualsSgdOnTheSameGlobalBatches() {
        int n = 257;
        int batch = 32;
        long seed = 9;
        SparkTests.Generated data = SparkTests.blobs(n, 6, 3, 2, 21);
        LanesMlpClassificationModel model = new LanesMlpClassifier().setLayers(12).setLearningRate(0.5)
                .setBatchSize(batch).setMaxEpochs(2).setSeed(seed).fit(data.frame());

        // The reference: plain SGD on one machine over the same global batches, written out independently.
        // Partition p of the parallelized list holds rows [p*n/2, (p+1)*n/2); it shuffles its own rows once per
        // epoch (Fisher-Yates from SplittableRandom(seed + golden*p)) and gives step s its rows from
        // floor(s*batch*rows_p/n) up to the same bound of step s+1.
        Mlp reference = Mlp.create(new int[] {6, 12, 3}, Activation.SIGMOID, Init.XAVIER, seed)
                .optimizer(Sgd.of(0.5f));
        int[][] parts = {range(0, n / 2), range(n / 2, n)};
        SplittableRandom[] random = {new SplittableRandom(seed), new SplittableRandom(seed + 0x9E3779B97F4A7C15L)};
        float[] xb = new float[batch * 6];
        int[] yb = new int[batch];
        for (int epoch = 0; epoch < 2; epoch++) {
            GlobalBatchReference.shuffle(parts, random);
            for (long s = 0; s * batch < n; s++) {
                int rows = 0;
                for (int[] part : parts) {
                    int from = (int) (Math.min(n, s * batch) * part.length / n);
                    int to = (int) (Math.min(n, (s + 1) * batch) * part.length / n);
                    for (int i = from; i < to; i++) {
                        int src = part[i];
                        System.arraycopy(data.local().features(), src * 6, xb, rows * 6, 6);
                        yb[rows++] = data.local().labels()[src];
                    }
                }
                reference.trainStep(xb, 0, yb, 0, rows);
            }
        }
        // The gradient of a global batch is formed from two partial means instead of one sum over the rows: the
        // same value up to the order of float additions, 18 steps apart at most a few ulps per step.
        assertSameWeights(reference, model.network(), 1e-4);
    }

    /**
     * Local SGD on two partitions, on both transports (barrier stages with the ring's mean; one Spark job per round),
     * against a reference written out independently: each partition's own network takes plain SGD steps (momentum in
     * its own velocity) on its shares of the global batches, and after every round of {@code localSteps} steps both
     * networks' parameters become {@code float((w0*r0 + w1*r1) / (r0 + r1))} in double, {@code r} the rows each took.
     * Bit for bit.
     */
    @Test
    void localSgdOnTwoPartitionsAveragesThePartitionsModelsOnBothTransports() {
        int n = 257;
        int batch = 32;
        int localSteps = 3;
        int epochs = 2;
        long seed = 9;
        SparkTests.Generated data = SparkTests.blobs(n, 6, 3, 2, 21);
        Sgd sgd = new Sgd(0.3f, 0.9f, 0f);
        Mlp[] nets = new Mlp[2];
        for (int p = 0; p < 2; p++) {
            nets[p] = Mlp.create(new int[] {6, 12, 3}, Activation.SIGMOID, Init.XAVIER, seed).optimizer(sgd);
        }
        int[][] parts = {range(0, n / 2), range(n / 2, n)};
        SplittableRandom[] random = {new SplittableRandom(seed), new SplittableRandom(seed + 0x9E3779B97F4A7C15L)};
        float[] xb = new float[batch * 6];
        int[] yb = new int[batch];
        long steps = (n + batch - 1) / batch;
        for (int epoch = 0; epoch < epochs; epoch++) {
            GlobalBatchReference.shuffle(parts, random);
            for (long a = 0; a < steps; a += localSteps) {
                long[] took = new long[2];
                for (int p = 0; p < 2; p++) {
                    for (long s = a; s < Math.min(steps, a + localSteps); s++) {
                        int from = (int) (Math.min(n, s * batch) * parts[p].length / n);
                        int to = (int) (Math.min(n, (s + 1) * batch) * parts[p].length / n);
                        for (int i = from; i < to; i++) {
                            System.arraycopy(data.local().features(), parts[p][i] * 6, xb, (i - from) * 6, 6);
                            yb[i - from] = data.local().labels()[parts[p][i]];
                        }
                        if (to > from) {
                            nets[p].trainStep(xb, 0, yb, 0, to - from);
                            took[p] += to - from;
                        }
                    }
                }
                for (int l = 0; l < 2; l++) {
                    average(nets[0].weights(l), nets[1].weights(l), took);
                    average(nets[0].biases(l), nets[1].biases(l), took);
                }
            }
        }
        for (String transport : new String[] {"barrier", "treeAggregate"}) {
            LanesMlpClassificationModel model = new LanesMlpClassifier().setLayers(12).setLearningRate(0.3)
                    .setMomentum(0.9).setBatchSize(batch).setMaxEpochs(epochs).setSeed(seed).setTrainingMode("local")
                    .setLocalSteps(localSteps).setSyncTransport(transport).fit(data.frame());
            assertSameWeights(nets[0], model.network(), 0);
            assertEquals(epochs, model.trainingHistory().size(), transport);
        }
    }

    private static void average(float[] a, float[] b, long[] rows) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (((double) a[i] * rows[0] + (double) b[i] * rows[1]) / (rows[0] + rows[1]));
            b[i] = a[i];
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    static void assertSameWeights(Mlp expected, Mlp actual, double tolerance) {
        assertArrayEquals(expected.sizes(), actual.sizes());
        for (int l = 0; l < expected.layers(); l++) {
            if (tolerance == 0) {
                assertArrayEquals(expected.weights(l), actual.weights(l), "weights of layer " + l);
                assertArrayEquals(expected.biases(l), actual.biases(l), "biases of layer " + l);
            } else {
                float[] e = expected.weights(l);
                float[] a = actual.weights(l);
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i], a[i], tolerance * (1 + Math.abs(e[i])), "weight " + i + " of layer " + l);
                }
                e = expected.biases(l);
                a = actual.biases(l);
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i], a[i], tolerance * (1 + Math.abs(e[i])), "bias " + i + " of layer " + l);
                }
            }
        }
    }
}
