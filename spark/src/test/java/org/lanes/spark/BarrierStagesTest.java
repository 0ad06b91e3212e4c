package org.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lanes.Activation;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;
import org.lanes.nn.TrainingDivergedException;
import org.lanes.spark.internal.TrainingFaults;

/**
 * The barrier transport's {@code epochsPerStage}: one stage per epoch, stages of several epochs and one stage for the
 * whole fit train the same model bit for bit, report the same epochs, and stop at the same divergence.
 */
class BarrierStagesTest {

    @AfterEach
    void disarm() {
        TrainingFaults.clear(SparkTests.spark().sparkContext());
    }

    private static LanesMlpClassifier estimator() {
        return new LanesMlpClassifier().setLayers(12).setActivation("tanh").setLearningRate(0.3).setMomentum(0.9)
                .setWeightDecay(1e-3).setBatchSize(40).setMaxEpochs(5).setSeed(4);
    }

    /**
     * Three partitions (so the ring's order of the sums matters), momentum and weight decay, five epochs: one stage
     * per epoch, stages of two epochs (2, 2, 1) and one stage for the whole fit give the weights of the ring contract's
     * independent reference bit for bit, and the same losses and validation accuracies for every epoch.
     */
    @Test
    void anyNumberOfEpochsPerStageGivesTheSameModelAndEpochsBitForBit() {
        SparkTests.Generated data = SparkTests.blobs(301, 5, 3, 3, 8);
        SparkTests.Generated check = SparkTests.blobs(90, 5, 3, 2, 9);
        Sgd sgd = new Sgd(0.3f, 0.9f, 1e-3f);
        int[] sizes = {5, 12, 3};
        RingContractReference reference = RingContractReference.train(data.local(), 3, 40, 4, 5,
                Mlp.create(sizes, Activation.TANH, Init.XAVIER, 4).optimizer(sgd),
                Mlp.create(sizes, Activation.TANH, Init.XAVIER, 4).optimizer(sgd));
        LanesMlpClassificationModel perEpoch = estimator().setEpochsPerStage(1).setValidationData(check.frame())
                .fit(data.frame());
        LanesMlpClassifierTest.assertSameWeights(reference.ring, perEpoch.network(), 0);
        for (int perStage : new int[] {2, 0}) {
            LanesMlpClassificationModel model = estimator().setEpochsPerStage(perStage)
                    .setValidationData(check.frame()).fit(data.frame());
            LanesMlpClassifierTest.assertSameWeights(reference.ring, model.network(), 0);
            List<TrainingEpoch> a = perEpoch.trainingHistory();
            List<TrainingEpoch> b = model.trainingHistory();
            assertEquals(5, b.size(), "epochsPerStage " + perStage);
            for (int i = 0; i < 5; i++) {
                String what = "epochsPerStage " + perStage + ", epoch " + (i + 1);
                assertEquals(i + 1, b.get(i).epoch(), what);
                assertEquals(a.get(i).loss(), b.get(i).loss(), 0.0, what);
                assertEquals(a.get(i).validationAccuracy(), b.get(i).validationAccuracy(), 0.0, what);
                assertTrue(b.get(i).seconds() > 0 && b.get(i).stepMsPerStep() > 0, what);
                assertFalse(Double.isNaN(b.get(i).allReduceMsPerStep()), what);
            }
            // The validation really changes from epoch to epoch: each epoch was scored with its own weights.
            assertTrue(b.stream().mapToDouble(TrainingEpoch::validationAccuracy).distinct().count() > 1
                    || b.get(0).validationAccuracy() == 1.0, "accuracies " + b);
        }
    }

    /**
     * A loss past {@code maxLossGrowth} stops a whole-fit stage at the epoch where the tasks see it, with the error
     * of one stage per epoch: a fault armed at a later step of the fit would fail the stage otherwise.
     */
    @Test
    void aWholeFitStageStopsAtTheDivergedEpochWithTheSameError() {
        SparkTests.Generated data = SparkTests.blobs(200, 4, 3, 2, 1);
        // One step per epoch (batch 256 > 200 rows), 40 epochs.
        LanesMlpClassifier diverging = new LanesMlpClassifier().setLearningRate(1e30).setMaxEpochs(40);
        TrainingDivergedException perEpoch = assertThrows(TrainingDivergedException.class,
                () -> diverging.copy(new org.apache.spark.ml.param.ParamMap()).setEpochsPerStage(1)
                        .fit(data.frame()));
        assertTrue(perEpoch.getMessage().contains("exceeds"), perEpoch.getMessage());
        // Every attempt of a stage that reaches global step 30 fails there; the divergence comes before it.
        TrainingFaults.failAt(SparkTests.spark().sparkContext(), 0, 30, 1000);
        TrainingDivergedException whole = assertThrows(TrainingDivergedException.class,
                () -> diverging.copy(new org.apache.spark.ml.param.ParamMap()).setEpochsPerStage(0)
                        .fit(data.frame()));
        assertEquals(perEpoch.getMessage(), whole.getMessage());
    }
}
