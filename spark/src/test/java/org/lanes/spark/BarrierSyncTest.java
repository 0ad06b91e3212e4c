package org.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lanes.Activation;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;
import org.lanes.spark.internal.TrainingFaults;

/** Synchronous SGD over the barrier transport: its sums, its equality with the treeAggregate path, its waits. */
class BarrierSyncTest {

    @AfterEach
    void disarm() {
        TrainingFaults.clear();
    }

    private static LanesMlpClassifier estimator(long seed) {
        return new LanesMlpClassifier().setLayers(12).setActivation("tanh").setLearningRate(0.3).setMomentum(0.9)
                .setWeightDecay(1e-3).setBatchSize(32).setMaxEpochs(2).setSeed(seed);
    }

    @Test
    void twoPartitionsGiveTheTreeAggregatePathsWeightsBitForBit() {
        SparkTests.Generated data = SparkTests.blobs(257, 6, 3, 2, 21);
        Mlp barrier = estimator(9).setSyncTransport("barrier").fit(data.frame()).network();
        Mlp tree = estimator(9).setSyncTransport("treeAggregate").fit(data.frame()).network();
        LanesMlpClassifierTest.assertSameWeights(tree, barrier, 0);
    }

    /**
     * The contract of the barrier transport on any number of partitions: each gradient element is
     * float(S / R), S the double sum of g_p * r_p taken in the ring's order for the element's chunk (starting at
     * the chunk's own partition), R the step's rows. The reference follows that rule step by step with the library's
     * own gradient and update, then the weights are also checked against plain SGD on the whole global batches.
     */
    @Test
    void threePartitionsSumEachChunkInTheRingOrder() {
        int n = 301;
        int partitions = 3;
        int batch = 40;
        long seed = 4;
        SparkTests.Generated data = SparkTests.blobs(n, 5, 3, partitions, 8);
        Mlp model = estimator(seed).setBatchSize(batch).fit(data.frame()).network();

        Mlp reference = Mlp.create(new int[] {5, 12, 3}, Activation.TANH, Init.XAVIER, seed)
                .optimizer(new Sgd(0.3f, 0.9f, 1e-3f));
        Mlp plain = Mlp.create(new int[] {5, 12, 3}, Activation.TANH, Init.XAVIER, seed)
                .optimizer(new Sgd(0.3f, 0.9f, 1e-3f));
        GlobalBatchReference batches = new GlobalBatchReference(n, partitions, batch, seed);
        int length = 1;
        for (int l = 0; l < reference.layers(); l++) {
            length += reference.weights(l).length + reference.biases(l).length;
        }
        float[] x = new float[batch * 5];
        int[] y = new int[batch];
        // A step's rows: the partitions' shares, each rounded down separately, sum to at most batch + partitions - 1.
        float[] xa = new float[(batch + partitions) * 5];
        int[] ya = new int[batch + partitions];
        for (int epoch = 0; epoch < 2; epoch++) {
            batches.nextEpoch();
            for (int s = 0; s < batches.steps(); s++) {
                double[][] v = new double[partitions][length];
                long rows = 0;
                int all = 0;
                for (int p = 0; p < partitions; p++) {
                    int[] share = batches.share(p, s);
                    GlobalBatchReference.gather(data.local(), share, x, y);
                    rows += share.length;
                    if (share.length > 0) {
                        float loss = reference.computeGradients(x, 0, y, 0, share.length);
                        int k = 0;
                        for (int l = 0; l < reference.layers(); l++) {
                            for (float g : reference.weightGradient(l)) {
                                v[p][k++] = (double) g * share.length;
                            }
                            for (float g : reference.biasGradient(l)) {
                                v[p][k++] = (double) g * share.length;
                            }
                        }
                        v[p][k] = (double) loss * share.length;
                    }
                }
                int k = 0;
                for (int l = 0; l < reference.layers(); l++) {
                    for (float[] g : new float[][] {reference.weightGradient(l), reference.biasGradient(l)}) {
                        for (int i = 0; i < g.length; i++, k++) {
                            int chunk = 0;
                            while ((long) (chunk + 1) * length / partitions <= k) {
                                chunk++;
                            }
                            double sum = v[chunk][k];
                            for (int j = 1; j < partitions; j++) {
                                sum = sum + v[(chunk + j) % partitions][k];
                            }
                            g[i] = (float) (sum / rows);
                        }
                    }
                }
                reference.applyGradients();
                for (int p = 0; p < partitions; p++) {
                    int[] share = batches.share(p, s);
                    GlobalBatchReference.gather(data.local(), share, x, y);
                    System.arraycopy(x, 0, xa, all * 5, share.length * 5);
                    System.arraycopy(y, 0, ya, all, share.length);
                    all += share.length;
                }
                plain.trainStep(xa, 0, ya, 0, all);
            }
        }
        LanesMlpClassifierTest.assertSameWeights(reference, model, 0);
        // The same weights as one machine on the whole global batches, up to the order of the additions.
        LanesMlpClassifierTest.assertSameWeights(plain, model, 1e-4);
    }

    @Test
    void twoFitsAtOnceGiveWhatEachGivesAlone() throws Exception {
        SparkTests.Generated a = SparkTests.blobs(240, 5, 3, 2, 31);
        SparkTests.Generated b = SparkTests.blobs(260, 5, 4, 2, 32);
        Mlp aloneA = estimator(1).setMaxEpochs(3).fit(a.frame()).network();
        Mlp aloneB = estimator(2).setMaxEpochs(3).fit(b.frame()).network();
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<Mlp> togetherA = two.submit(() -> estimator(1).setMaxEpochs(3).fit(a.frame()).network());
            Future<Mlp> togetherB = two.submit(() -> estimator(2).setMaxEpochs(3).fit(b.frame()).network());
            LanesMlpClassifierTest.assertSameWeights(aloneA, togetherA.get(), 0);
            LanesMlpClassifierTest.assertSameWeights(aloneB, togetherB.get(), 0);
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void aPeerThatNeverArrivesEndsInTheTimeoutErrorNamingTheWaitingTask() {
        SparkTests.Generated data = SparkTests.blobs(120, 4, 2, 2, 5);
        // Partition 1 reaches the rendezvous 4 s late in every stage attempt; partition 0 gives up after 1 s.
        TrainingFaults.lateToRendezvous(1, 4000, 100);
        long start = System.nanoTime();
        CollectiveTimeoutException e = assertThrows(CollectiveTimeoutException.class,
                () -> estimator(3).setCollectiveTimeout(1.0).fit(data.frame()));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(e.getMessage().contains("the training task of partition 0"), e.getMessage());
        assertTrue(e.getMessage().contains("rendezvous"), e.getMessage());
        // Four stage attempts of about a second each, not a hang.
        assertTrue(seconds < 60, "gave up after " + seconds + " s");
    }

    @Test
    void numWorkersRepartitionsAndABarrierWiderThanTheClusterIsRefusedWithTheWayOut() {
        SparkTests.Generated data = SparkTests.blobs(200, 4, 3, 2, 6);
        Dataset<Row> three = data.frame().repartition(3);
        Mlp byParam = estimator(7).setNumWorkers(3).fit(data.frame()).network();
        Mlp byHand = estimator(7).fit(three).network();
        LanesMlpClassifierTest.assertSameWeights(byHand, byParam, 0);

        // local[4] has four task slots: a barrier stage of five tasks cannot start.
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> estimator(7).setNumWorkers(5).fit(data.frame()));
        assertTrue(e.getMessage().contains("syncTransport 'barrier' cannot run"), e.getMessage());
        assertTrue(e.getMessage().contains("'treeAggregate'"), e.getMessage());
        assertEquals(1, estimator(7).setNumWorkers(5).setSyncTransport("treeAggregate").setMaxEpochs(1)
                .fit(data.frame()).trainingHistory().size());
    }

    @Test
    void badScaleParamsAreRefusedNamingTheParam() {
        LanesMlpClassifier c = new LanesMlpClassifier();
        List<Runnable> bad = new ArrayList<>(List.of(
                () -> c.setSyncTransport("ring"),
                () -> c.setCollectiveTimeout(0),
                () -> c.setCheckpointInterval(0),
                () -> c.setNumWorkers(-1),
                () -> c.setThreadsPerTask(-1)));
        String[] names = {"syncTransport", "collectiveTimeout", "checkpointInterval", "numWorkers", "threadsPerTask"};
        for (int i = 0; i < bad.size(); i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad.get(i)::run);
            assertTrue(e.getMessage().contains(names[i]), e.getMessage());
        }
    }
}
