package org.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lanes.nn.Mlp;
import org.lanes.spark.internal.TrainingFaults;

/**
 * Failures during a synchronous fit: a failed task makes Spark retry the barrier stage, which resumes from the
 * newest checkpoint; a fit that fails for good leaves its checkpoint, and the next fit on the same path resumes from
 * it. Either way the model is bit for bit the one an uninterrupted fit gives. Two partitions of 300 rows, batch 32:
 * 10 steps an epoch, 30 over the fit, a checkpoint every 4.
 */
class CheckpointTest {
    @TempDir
    Path dir;

    @AfterEach
    void disarm() {
        TrainingFaults.clear(SparkTests.spark().sparkContext());
    }

    private static LanesMlpClassifier estimator() {
        return new LanesMlpClassifier().setLayers(10).setActivation("relu").setInit("he").setLearningRate(0.05)
                .setMomentum(0.9).setWeightDecay(1e-4).setBatchSize(32).setMaxEpochs(3).setSeed(12);
    }

    private static SparkTests.Generated data() {
        return SparkTests.blobs(300, 6, 3, 2, 44);
    }

    private static long checkpoints(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("state-")).count();
        }
    }

    /**
     * With one stage per epoch (the retried stage is epoch 2's) and one stage for the whole fit (the retried stage
     * holds all three epochs; its attempt's epoch 1 and the first steps of epoch 2 come from the checkpoint): the same
     * model and the same loss for every epoch as the uninterrupted fit, bit for bit.
     */
    @Test
    void aRetriedStageResumesFromTheCheckpointAndGivesTheUninterruptedModel() throws IOException {
        SparkTests.Generated data = data();
        LanesMlpClassificationModel uninterrupted = estimator().fit(data.frame());
        for (int perStage : new int[] {1, 0}) {
            Path path = dir.resolve("stages-" + perStage);
            // Partition 1 fails before global step 17 (epoch 2, step 7) once; the checkpoint after step 16 is the
            // newest.
            TrainingFaults.failAt(SparkTests.spark().sparkContext(), 1, 17, 1);
            LanesMlpClassificationModel model = estimator().setCheckpointPath(path.toString()).setCheckpointInterval(4)
                    .setEpochsPerStage(perStage).fit(data.frame());
            assertEquals(1, TrainingFaults.resumes(), "the retried stage resumed from a checkpoint");
            LanesMlpClassifierTest.assertSameWeights(uninterrupted.network(), model.network(), 0);
            assertEquals(3, model.trainingHistory().size());
            for (int i = 0; i < 3; i++) {
                assertEquals(i + 1, model.trainingHistory().get(i).epoch());
                assertEquals(uninterrupted.trainingHistory().get(i).loss(), model.trainingHistory().get(i).loss(),
                        0.0, "epochsPerStage " + perStage + ", epoch " + (i + 1));
            }
            assertEquals(0, checkpoints(path), "a finished fit removes its checkpoints");
            TrainingFaults.clear(SparkTests.spark().sparkContext());
        }
    }

    @Test
    void aFailedFitIsResumedByTheNextFitOnEitherTransport() throws IOException {
        SparkTests.Generated data = data();
        Mlp uninterrupted = estimator().fit(data.frame()).network();
        for (String transport : new String[] {"barrier", "treeAggregate"}) {
            Path path = dir.resolve(transport);
            // Every attempt of the stage fails before global step 17: the fit fails, its checkpoint of step 16 stays.
            TrainingFaults.failAt(SparkTests.spark().sparkContext(), 0, 17, 1000);
            assertThrows(Exception.class, () -> estimator().setCheckpointPath(path.toString())
                    .setCheckpointInterval(4).fit(data.frame()));
            assertEquals(1, checkpoints(path));
            TrainingFaults.clear(SparkTests.spark().sparkContext());
            // Resumed by the barrier transport or by the treeAggregate one: on two partitions they sum alike.
            LanesMlpClassificationModel model = estimator().setCheckpointPath(path.toString())
                    .setCheckpointInterval(4).setSyncTransport(transport).fit(data.frame());
            LanesMlpClassifierTest.assertSameWeights(uninterrupted, model.network(), 0);
            assertEquals(2, model.trainingHistory().get(0).epoch(), transport + ": resumed in epoch 2");
            assertEquals(2, model.trainingHistory().size());
            assertEquals(0, checkpoints(path));
        }
    }

    @Test
    void aCheckpointOfAnotherFitIsRefusedAndLocalModeTakesNone() {
        SparkTests.Generated data = data();
        TrainingFaults.failAt(SparkTests.spark().sparkContext(), 0, 17, 1000);
        assertThrows(Exception.class, () -> estimator().setCheckpointPath(dir.toString()).setCheckpointInterval(4)
                .fit(data.frame()));
        TrainingFaults.clear(SparkTests.spark().sparkContext());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> estimator().setSeed(13).setCheckpointPath(dir.toString()).fit(data.frame()));
        assertTrue(other.getMessage().startsWith("checkpointPath: "), other.getMessage());
        assertTrue(other.getMessage().contains("belongs to another fit"), other.getMessage());
        IllegalArgumentException local = assertThrows(IllegalArgumentException.class,
                () -> estimator().setTrainingMode("local").setCheckpointPath(dir.toString()).fit(data.frame()));
        assertTrue(local.getMessage().startsWith("checkpointPath: "), local.getMessage());
    }
}
