package org.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lanes.Activation;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;
import org.lanes.spark.internal.TrainingFaults;

/**
 * The module across processes: Spark's {@code local-cluster[2,1,1024]}, a master, a worker and two executor JVMs of
 * one core each, started from this test JVM (the driver). The pom runs this class in its own JVM, with what Spark's
 * launcher needs to start executors outside a Spark installation ({@code SPARK_TESTING}, {@code SPARK_HOME} pointing
 * into {@code target}, {@code SPARK_SCALA_VERSION}); the executors get the test class path and the JVM flags.
 */
class CrossProcessTest {
    private static SparkSession spark;

    @BeforeAll
    static void startCluster() throws Exception {
        // Run by the pom's cross-process execution, which sets the environment; elsewhere (-Dtest in the default
        // execution) skipped.
        assumeTrue(System.getenv("SPARK_TESTING") != null && System.getenv("SPARK_HOME") != null,
                "run by the cross-process execution only");
        Files.createDirectories(Paths.get(System.getenv("SPARK_HOME")));
        String flags = System.getProperty("lanes.spark.jvm.flags", "").trim().replaceAll("\\s+", " ");
        spark = SparkSession.builder().master("local-cluster[2,1,1024]").appName("lanes-spark-cross-process")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.extraJavaOptions", flags)
                .getOrCreate();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < 3) { // the driver and two executors
            assertTrue(System.nanoTime() < deadline, "the two executors did not register within 180 s");
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopCluster() {
        if (spark != null) {
            spark.stop();
        }
    }

    @AfterEach
    void disarm() {
        if (spark != null) {
            TrainingFaults.clear(spark.sparkContext());
        }
    }

    private static LanesMlpClassifier estimator() {
        return new LanesMlpClassifier().setLayers(10).setActivation("tanh").setLearningRate(0.2).setMomentum(0.5)
                .setBatchSize(32).setMaxEpochs(3).setSeed(5).setCollectiveTimeout(120);
    }

    private static RingContractReference reference(SparkTests.Generated data) {
        Sgd sgd = new Sgd(0.2f, 0.5f, 0f);
        int[] sizes = {6, 10, 3};
        return RingContractReference.train(data.local(), 2, 32, 5, 3,
                Mlp.create(sizes, Activation.TANH, Init.XAVIER, 5).optimizer(sgd),
                Mlp.create(sizes, Activation.TANH, Init.XAVIER, 5).optimizer(sgd));
    }

    @Test
    void fitsSavesLoadsAndScoresAcrossExecutorJvms(@TempDir Path dir) throws Exception {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<String> executors = jsc.parallelize(List.of(1, 2, 3, 4, 5, 6), 6)
                .map(i -> SparkEnv.get().executorId() + "@" + ProcessHandle.current().pid()).distinct().collect();
        assertEquals(2, executors.size(), "tasks ran in " + executors);
        String driver = "@" + ProcessHandle.current().pid();
        assertFalse(executors.stream().anyMatch(e -> e.endsWith(driver)), "a task ran in the driver's JVM");

        SparkTests.Generated data = SparkTests.blobs(spark, 300, 6, 3, 2, 17);
        LanesMlpClassificationModel model = estimator().fit(data.frame());
        // The ring between the two executor JVMs follows the barrier transport's contract bit for bit.
        RingContractReference reference = reference(data);
        LanesMlpClassifierTest.assertSameWeights(reference.ring, model.network(), 0);
        LanesMlpClassifierTest.assertSameWeights(reference.plain, model.network(), 1e-4);

        String path = dir.resolve("model").toString();
        model.write().save(path);
        LanesMlpClassificationModel loaded = LanesMlpClassificationModel.load(path);
        List<Row> fitted = model.transform(data.frame()).select("rawPrediction", "prediction", "label")
                .collectAsList();
        List<Row> again = loaded.transform(data.frame()).select("rawPrediction", "prediction", "features")
                .collectAsList();
        assertEquals(300, again.size());
        int hits = 0;
        for (int i = 0; i < fitted.size(); i++) {
            double[] raw = ((Vector) again.get(i).get(0)).toArray();
            assertArrayEquals(((Vector) fitted.get(i).get(0)).toArray(), raw, 0.0, "row " + i);
            double[] logits = Reference.logits(reference.ring, ((Vector) again.get(i).get(2)).toArray());
            for (int k = 0; k < logits.length; k++) {
                assertEquals(logits[k], raw[k], 1e-4 * (1 + Math.abs(logits[k])), "row " + i + " logit " + k);
            }
            hits += again.get(i).getDouble(1) == fitted.get(i).getDouble(2) ? 1 : 0;
        }
        assertTrue(hits > 0.95 * 300, "accuracy " + hits / 300.0);
    }

    @Test
    void aLostExecutorMidFitIsReplacedAndTheFitResumesFromItsCheckpoint(@TempDir Path dir) {
        SparkTests.Generated data = SparkTests.blobs(spark, 300, 6, 3, 2, 17);
        // The executor running partition 1 halts before global step 17 (epoch 2); the standalone master starts a
        // new executor, Spark retries the barrier stage (the whole fit's three epochs, epochsPerStage being 10), and
        // the tasks resume from the checkpoint of step 16.
        TrainingFaults.crashAt(spark.sparkContext(), 1, 17);
        LanesMlpClassificationModel model = estimator().setCheckpointPath(dir.resolve("checkpoints").toString())
                .setCheckpointInterval(4).fit(data.frame());
        LanesMlpClassifierTest.assertSameWeights(reference(data).ring, model.network(), 0);
    }

    @Test
    void aPeerLateToTheRendezvousEndsInTheTimeoutError() {
        SparkTests.Generated data = SparkTests.blobs(spark, 100, 6, 3, 2, 18);
        // Late by 5 s against a 1 s timeout: a margin for a loaded machine, where the tasks start unevenly.
        TrainingFaults.lateToRendezvous(spark.sparkContext(), 1, 5000);
        CollectiveTimeoutException e = assertThrows(CollectiveTimeoutException.class,
                () -> estimator().setCollectiveTimeout(1.0).fit(data.frame()));
        assertTrue(e.getMessage().contains("the training task of partition 0"), e.getMessage());
        assertTrue(e.getMessage().contains("rendezvous"), e.getMessage());
    }
}
