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
import org.lanes.nn.TrainingDivergedException;
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

    private static long files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        }
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

    /**
     * A fit that fails for good (every attempt, before global step 17) leaves its checkpoint of step 16, inside epoch
     * 2; the next fit resumes from it and gives the uninterrupted model, and reports every epoch as the uninterrupted
     * fit does: epoch 1 (which the failed fit finished, in the stage that failed, or in a stage of its own, so that its
     * figures come from the checkpoint) and epoch 2 with its loss over all its steps, not only those after the
     * checkpoint; with validation data, every epoch's accuracy. The failing fit runs on the barrier transport, with one
     * stage for the fit and with one per epoch; the resumed one on either transport (on two partitions they sum alike).
     */
    @Test
    void aFailedFitIsResumedByTheNextFitOnEitherTransport() throws IOException {
        SparkTests.Generated data = data();
        LanesMlpClassificationModel uninterrupted = estimator().setValidationData(data.frame()).fit(data.frame());
        for (int perStage : new int[] {0, 1}) {
            for (String transport : new String[] {"barrier", "treeAggregate"}) {
                String what = transport + ", epochsPerStage " + perStage;
                Path path = dir.resolve(transport + "-" + perStage);
                TrainingFaults.failAt(SparkTests.spark().sparkContext(), 0, 17, 1000);
                assertThrows(Exception.class, () -> estimator().setCheckpointPath(path.toString())
                        .setCheckpointInterval(4).setEpochsPerStage(perStage).setValidationData(data.frame())
                        .fit(data.frame()));
                assertEquals(1, checkpoints(path));
                TrainingFaults.clear(SparkTests.spark().sparkContext());
                LanesMlpClassificationModel model = estimator().setCheckpointPath(path.toString())
                        .setCheckpointInterval(4).setSyncTransport(transport).setValidationData(data.frame())
                        .fit(data.frame());
                LanesMlpClassifierTest.assertSameWeights(uninterrupted.network(), model.network(), 0);
                assertEquals(3, model.trainingHistory().size(), what);
                for (int i = 0; i < 3; i++) {
                    TrainingEpoch want = uninterrupted.trainingHistory().get(i);
                    TrainingEpoch got = model.trainingHistory().get(i);
                    assertEquals(i + 1, got.epoch(), what);
                    // The treeAggregate transport sums a step's loss in double where the barrier one rounds it to
                    // float: the same weights, losses equal to about 1e-9.
                    assertEquals(want.loss(), got.loss(), transport.equals("barrier") ? 0.0 : 1e-6 * want.loss(),
                            what + ", epoch " + (i + 1) + "'s loss");
                    assertEquals(want.validationAccuracy(), got.validationAccuracy(), 0.0,
                            what + ", epoch " + (i + 1) + "'s accuracy");
                }
                assertEquals(0, files(path), "a finished fit removes its checkpoints and epoch weights");
            }
        }
    }

    /**
     * The loss growth check of a resumed fit keeps the interrupted fit's reference (epoch 1's loss), as the
     * uninterrupted fit does. With a learning rate so high that the epochs' losses are 60.7, 31.9 and 290.3, a limit
     * of 4 stops the uninterrupted fit at epoch 3 (290.3 > 4 x 60.7); a fit interrupted in epoch 2 and resumed must stop
     * there with the same error, the same reference and bound in its message.
     */
    @Test
    void aResumedFitAppliesTheGrowthCheckOfTheUninterruptedFit() throws IOException {
        SparkTests.Generated data = data();
        java.util.function.Supplier<LanesMlpClassifier> growing = () -> new LanesMlpClassifier().setLayers(10)
                .setActivation("relu").setInit("he").setLearningRate(4).setMomentum(0.9).setBatchSize(32)
                .setMaxEpochs(3).setSeed(12).setMaxLossGrowth(4);
        TrainingDivergedException want = assertThrows(TrainingDivergedException.class,
                () -> growing.get().fit(data.frame()));
        assertTrue(want.getMessage().contains("epoch 3"), want.getMessage());
        TrainingFaults.failAt(SparkTests.spark().sparkContext(), 0, 17, 1000);
        Exception fault = assertThrows(Exception.class, () -> growing.get().setCheckpointPath(dir.toString())
                .setCheckpointInterval(4).fit(data.frame()));
        assertTrue(!(fault instanceof TrainingDivergedException), "the fault, not the growth check: " + fault);
        TrainingFaults.clear(SparkTests.spark().sparkContext());
        TrainingDivergedException got = assertThrows(TrainingDivergedException.class,
                () -> growing.get().setCheckpointPath(dir.toString()).setCheckpointInterval(4).fit(data.frame()));
        assertEquals(want.getMessage(), got.getMessage());
    }

    /**
     * A retried stage whose failed attempt finished epochs before the checkpoint it resumes from (one stage for the
     * whole fit: epoch 1) reports their validation accuracy, as the uninterrupted fit does, not NaN.
     */
    @Test
    void aRetriedStageReportsTheAccuracyOfTheEpochsTheFailedAttemptFinished() throws IOException {
        SparkTests.Generated data = data();
        LanesMlpClassificationModel uninterrupted = estimator().setValidationData(data.frame()).fit(data.frame());
        for (int perStage : new int[] {0, 1}) {
            Path path = dir.resolve("validated-" + perStage);
            TrainingFaults.failAt(SparkTests.spark().sparkContext(), 1, 17, 1);
            LanesMlpClassificationModel model = estimator().setCheckpointPath(path.toString()).setCheckpointInterval(4)
                    .setEpochsPerStage(perStage).setValidationData(data.frame()).fit(data.frame());
            assertEquals(1, TrainingFaults.resumes(), "the retried stage resumed from a checkpoint");
            LanesMlpClassifierTest.assertSameWeights(uninterrupted.network(), model.network(), 0);
            assertEquals(3, model.trainingHistory().size());
            for (int i = 0; i < 3; i++) {
                double want = uninterrupted.trainingHistory().get(i).validationAccuracy();
                assertTrue(want > 0.5, "epoch " + (i + 1) + " " + want);
                assertEquals(want, model.trainingHistory().get(i).validationAccuracy(), 0.0,
                        "epochsPerStage " + perStage + ", epoch " + (i + 1));
            }
            assertEquals(0, files(path), "a finished fit removes its checkpoints and epoch weights");
            TrainingFaults.clear(SparkTests.spark().sparkContext());
        }
    }

    /**
     * Local SGD in one barrier stage for the whole fit: a task that fails in epoch 2 makes Spark retry the stage,
     * which starts again from the fit's first weights with fresh replicas (no momentum left over from the failed
     * attempt), and gives the uninterrupted model bit for bit, with the same loss for every epoch.
     */
    @Test
    void aRetriedLocalModeStageGivesTheUninterruptedModel() {
        SparkTests.Generated data = data();
        LanesMlpClassifier local = estimator().setTrainingMode("local").setLocalSteps(3).setEpochsPerStage(0);
        LanesMlpClassificationModel uninterrupted = local.fit(data.frame());
        // 10 steps an epoch, rounds of 3 steps: partition 1 fails at the round starting at global step 13, once.
        TrainingFaults.failAt(SparkTests.spark().sparkContext(), 1, 13, 1);
        LanesMlpClassificationModel retried = local.copy(new org.apache.spark.ml.param.ParamMap()).fit(data.frame());
        LanesMlpClassifierTest.assertSameWeights(uninterrupted.network(), retried.network(), 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(uninterrupted.trainingHistory().get(i).loss(), retried.trainingHistory().get(i).loss(), 0.0);
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
