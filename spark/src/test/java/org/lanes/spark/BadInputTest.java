package org.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.lanes.nn.TrainingDivergedException;

/** Every bad input is an IllegalArgumentException naming the column, the row and label, or the param. */
class BadInputTest {

    private static Dataset<Row> frame(Object[]... rows) {
        List<Row> list = new ArrayList<>();
        for (Object[] r : rows) {
            list.add(RowFactory.create(r));
        }
        return SparkTests.spark().createDataFrame(SparkTests.jsc().parallelize(list, 2), SparkTests.SCHEMA);
    }

    private static Object[] row(double label, double... features) {
        return new Object[] {Vectors.dense(features), label};
    }

    private static void assertMessage(Class<? extends Throwable> type, Executable call, String... words) {
        Throwable e = assertThrows(type, call);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + e.getMessage() + "' should mention '" + w + "'");
        }
    }

    @Test
    void nullFeatureVector() {
        Dataset<Row> df = frame(row(0, 1, 2), row(1, 3, 4), new Object[] {null, 1.0}, row(0, 1, 1));
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().fit(df),
                "'features'", "null feature vector", "label 1");
    }

    @Test
    void wrongSizedFeatureVector() {
        Dataset<Row> df = frame(row(0, 1, 2), row(1, 3, 4), row(1, 3, 4, 5), row(0, 1, 1));
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().fit(df),
                "'features'", "3 features, expected 2", "label 1");
    }

    @Test
    void labelsThatAreNotClassIndices() {
        for (double bad : new double[] {-1, 2.5, Double.NaN}) {
            Dataset<Row> df = frame(row(0, 1, 2), row(1, 3, 4), row(bad, 3, 4), row(0, 1, 1));
            assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().fit(df),
                    "'label'", "not an integer in [0,");
        }
        Dataset<Row> nullLabel = frame(row(0, 1, 2), row(1, 3, 4), new Object[] {Vectors.dense(1, 2), null});
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().fit(nullLabel),
                "'label'", "null label");
        Dataset<Row> oneClass = frame(row(0, 1, 2), row(0, 3, 4));
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().fit(oneClass),
                "at least two classes");
    }

    @Test
    void nonFiniteFeature() {
        Dataset<Row> df = frame(row(0, 1, 2), row(1, 3, Double.POSITIVE_INFINITY));
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().fit(df),
                "'features'", "feature 1 = Infinity");
    }

    @Test
    void emptyDataFrame() {
        Dataset<Row> df = frame();
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().fit(df), "no rows");
    }

    @Test
    void missingOrMistypedColumns() {
        Dataset<Row> df = frame(row(0, 1, 2), row(1, 3, 4));
        assertMessage(IllegalArgumentException.class,
                () -> new LanesMlpClassifier().setFeaturesCol("pixels").fit(df), "pixels");
        assertMessage(IllegalArgumentException.class,
                () -> new LanesMlpClassifier().setLabelCol("digit").fit(df), "digit");
        StructType schema = new StructType(new StructField[] {
            new StructField("features", DataTypes.StringType, true, Metadata.empty()),
            new StructField("label", DataTypes.DoubleType, true, Metadata.empty())});
        Dataset<Row> strings = SparkTests.spark().createDataFrame(
                Arrays.asList(RowFactory.create("1,2", 0.0), RowFactory.create("3,4", 1.0)), schema);
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().fit(strings), "features");
        assertMessage(IllegalArgumentException.class,
                () -> new LanesMlpClassifier().setValidationData(strings).fit(df), "validation data", "features");
    }

    @Test
    void invalidParams() {
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().setLayers(), "layers");
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().setLayers(4, 0), "layers");
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().setLayers(-3), "layers");
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().setActivation("swish"),
                "activation");
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().setLearningRate(0),
                "learningRate");
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().setMomentum(1), "momentum");
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().setBatchSize(0), "batchSize");
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().setMaxEpochs(0), "maxEpochs");
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().setTrainingMode("async"),
                "trainingMode");
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().setLocalSteps(0),
                "localSteps");
        assertMessage(IllegalArgumentException.class, () -> new LanesMlpClassifier().setMaxLossGrowth(1),
                "maxLossGrowth");
    }

    @Test
    void divergenceStopsWithAClearError() {
        SparkTests.Generated data = SparkTests.blobs(200, 4, 3, 2, 1);
        for (String mode : new String[] {"sync", "local"}) {
            assertMessage(TrainingDivergedException.class, () -> new LanesMlpClassifier().setActivation("relu")
                    .setInit("he").setLearningRate(1e30).setTrainingMode(mode).fit(data.frame()), "epoch");
        }
    }

    @Test
    void aFiniteLossThatGrowsPastTheLimitStopsTheFit() {
        SparkTests.Generated data = SparkTests.blobs(200, 4, 3, 2, 1);
        for (String mode : new String[] {"sync", "local"}) {
            assertMessage(TrainingDivergedException.class, () -> new LanesMlpClassifier().setLearningRate(1e30)
                    .setTrainingMode(mode).fit(data.frame()), "exceeds");
        }
        assertEquals(100, new LanesMlpClassifier().getMaxLossGrowth());
    }

    @Test
    void scoringRejectsWrongSizedRows() {
        SparkTests.Generated data = SparkTests.blobs(100, 3, 2, 1, 2);
        LanesMlpClassificationModel model = new LanesMlpClassifier().setLayers(4).setMaxEpochs(1).fit(data.frame());
        Dataset<Row> wrong = frame(row(0, 1, 2));
        Throwable e = assertThrows(Exception.class, () -> model.transform(wrong).collectAsList());
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof IllegalArgumentException && cause.getMessage().contains("the model expects 3"),
                String.valueOf(cause));
    }
}
