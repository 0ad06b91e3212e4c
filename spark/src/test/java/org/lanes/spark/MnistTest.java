package org.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.lanes.spark.examples.MnistFrames;

class MnistTest {

    @Test
    void reachesNinetySevenPercentOnTheTestSetWithinTenEpochs() {
        if (!MnistFrames.present()) {
            System.err.println("SKIPPED MnistTest: no MNIST files in " + MnistFrames.dir().toAbsolutePath()
                    + " (see README: Data)");
        }
        assumeTrue(MnistFrames.present(), "MNIST files absent");
        Dataset<Row> train = MnistFrames.load(SparkTests.spark(), false, 2).cache();
        Dataset<Row> test = MnistFrames.load(SparkTests.spark(), true, 2).cache();
        LanesMlpClassificationModel model = new LanesMlpClassifier().setLayers(256).setActivation("relu")
                .setInit("he").setLearningRate(0.1).setMomentum(0.9).setBatchSize(256).setMaxEpochs(4)
                .setValidationData(test).fit(train);
        assertEquals(4, model.trainingHistory().size());
        long hits = model.transform(test).filter(functions.col("prediction").equalTo(functions.col("label"))).count();
        double accuracy = hits / 10_000.0;
        System.err.println("MnistTest: test accuracy " + accuracy);
        assertTrue(accuracy >= 0.97, "test accuracy " + accuracy);
        // The driver's per-epoch validation figure is the same measurement.
        assertEquals(accuracy, model.trainingHistory().get(3).validationAccuracy(), 1e-9);
        train.unpersist();
        test.unpersist();
    }
}
