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
        TrainingFaults.clear(SparkTests.spark().sparkContext());
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
     * The contract of the barrier transport on any number of partitions ({@link RingContractReference}), then the
     * weights against plain SGD on the whole global batches.
     */
    @Test
    void threePartitionsSumEachChunkInTheRingOrder() {
        int n = 301;
        int partitions = 3;
        int batch = 40;
        long seed = 4;
        SparkTests.Generated data = SparkTests.blobs(n, 5, 3, partitions, 8);
        Mlp model = estimator(seed).setBatchSize(batch).fit(data.frame()).network();

        Sgd sgd = new Sgd(0.3f, 0.9f, 1e-3f);
        int[] sizes = {5, 12, 3};
        RingContractReference reference = RingContractReference.train(data.local(), partitions, batch, seed, 2,
                Mlp.create(sizes, Activation.TANH, Init.XAVIER, seed).optimizer(sgd),
                Mlp.create(sizes, Activation.TANH, Init.XAVIER, seed).optimizer(sgd));
        LanesMlpClassifierTest.assertSameWeights(reference.ring, model, 0);
        // The same weights as one machine on the whole global batches, up to the order of the additions.
        LanesMlpClassifierTest.assertSameWeights(reference.plain, model, 1e-4);
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
        // Partition 1 reaches the rendezvous 5 s late in every stage attempt; partition 0 gives up after 1 s.
        TrainingFaults.lateToRendezvous(SparkTests.spark().sparkContext(), 1, 5000);
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
                () -> c.setThreadsPerTask(-1),
                () -> c.setEpochsPerStage(-1)));
        String[] names = {"syncTransport", "collectiveTimeout", "checkpointInterval", "numWorkers", "threadsPerTask",
            "epochsPerStage"};
        for (int i = 0; i < bad.size(); i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad.get(i)::run);
            assertTrue(e.getMessage().contains(names[i]), e.getMessage());
        }
    }
}
