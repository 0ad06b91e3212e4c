package org.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lanes.nn.Checkpoint;
import org.lanes.nn.Mlp;

class PersistenceAndPipelineTest {

    @Test
    void savedAndLoadedModelGivesTheSamePredictions(@TempDir Path dir) throws IOException {
        SparkTests.Generated data = SparkTests.blobs(300, 5, 4, 2, 8);
        LanesMlpClassificationModel model = new LanesMlpClassifier().setLayers(10).setMaxEpochs(3)
                .setProbabilityCol("p").fit(data.frame()).setScoringBatchSize(7);
        String path = dir.resolve("model").toString();
        model.write().save(path);

        LanesMlpClassificationModel loaded = LanesMlpClassificationModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals("p", loaded.getProbabilityCol());
        assertEquals(7, loaded.getScoringBatchSize());
        LanesMlpClassifierTest.assertSameWeights(model.network(), loaded.network(), 0);
        List<Row> before = model.transform(data.frame()).select("rawPrediction", "p", "prediction").collectAsList();
        List<Row> after = loaded.transform(data.frame()).select("rawPrediction", "p", "prediction").collectAsList();
        assertEquals(before, after);

        // The network is stored in Lanes' checkpoint format.
        Mlp fromFile = Checkpoint.fromBytes(Files.readAllBytes(dir.resolve("model/data/network.lanes")), "network");
        LanesMlpClassifierTest.assertSameWeights(model.network(), fromFile, 0);

        // Saving over an existing path needs overwrite(), as everywhere in Spark ML.
        assertThrows(IOException.class, () -> model.write().save(path));
        model.write().overwrite().save(path);
        LanesMlpClassifierTest.assertSameWeights(model.network(), LanesMlpClassificationModel.load(path).network(), 0);
    }

    @Test
    void javaSerializedModelKeepsItsNetwork() throws Exception {
        SparkTests.Generated data = SparkTests.blobs(120, 4, 3, 1, 12);
        LanesMlpClassificationModel model = new LanesMlpClassifier().setLayers(5).setMaxEpochs(2).fit(data.frame());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        LanesMlpClassificationModel back;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            back = (LanesMlpClassificationModel) in.readObject();
        }
        LanesMlpClassifierTest.assertSameWeights(model.network(), back.network(), 0);
        org.apache.spark.ml.linalg.Vector x = org.apache.spark.ml.linalg.Vectors.dense(0.5, -1, 2, 0);
        assertEquals(model.predictRaw(x), back.predictRaw(x));
    }

    @Test
    void estimatorParamsSurviveSaveAndLoad(@TempDir Path dir) throws IOException {
        LanesMlpClassifier estimator = new LanesMlpClassifier().setLayers(5, 3).setActivation("tanh")
                .setTrainingMode("local").setLocalSteps(9).setLearningRate(0.05);
        String path = dir.resolve("estimator").toString();
        estimator.write().save(path);
        LanesMlpClassifier loaded = LanesMlpClassifier.load(path);
        assertArrayEquals(new int[] {5, 3}, loaded.getLayers());
        assertEquals("tanh", loaded.getActivation());
        assertEquals("local", loaded.getTrainingMode());
        assertEquals(9, loaded.getLocalSteps());
        assertEquals(0.05, loaded.getLearningRate(), 0.0);
    }

    @Test
    void worksInAPipelineAfterAVectorAssemblerAndAScaler() {
        StructType schema = new StructType(new StructField[] {
            new StructField("a", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("b", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("c", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField("label", DataTypes.IntegerType, false, Metadata.empty())});
        Random random = new Random(4);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int label = i % 2;
            rows.add(RowFactory.create(100 * label + 20 * random.nextGaussian(), 3 * random.nextGaussian(),
                    random.nextInt(5), label));
        }
        Dataset<Row> df = SparkTests.spark().createDataFrame(rows, schema);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"a", "b", "c"}).setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("features"),
            new LanesMlpClassifier().setLayers(8).setMaxEpochs(10).setBatchSize(20)});
        PipelineModel fitted = pipeline.fit(df);
        List<Row> scored = fitted.transform(df).select("label", "prediction").collectAsList();
        long hits = scored.stream().filter(r -> r.getInt(0) == (int) r.getDouble(1)).count();
        assertTrue(hits > 0.95 * scored.size(), "accuracy " + hits / 400.0);
    }
}
