package org.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lanes.Activation;

/** How training and inference fail: sizes beyond an array, a diverging loss, NaN data, empty data. */
class MlpFailuresTest {
    @TempDir
    Path dir;

    @Test
    void rowsTimesLayerSizeIsCheckedInLong() {
        Mlp net = Mlp.create(new int[] {2, 70_000, 2}, Activation.RELU, Init.SMALL_GAUSSIAN, 1);
        float[] x = new float[2 * 40_000];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.classify(x, 0, 40_000, new int[40_000], 0));
        Messages.assertContains(e, "rows (40000)", "layer 1 (70000 units)");
        float[] y = new float[2 * 61_360];
        e = assertThrows(IllegalArgumentException.class, () -> net.classify(y, 0, 61_360, new int[61_360], 0));
        Messages.assertContains(e, "rows (61360)");
    }

    @Test
    void divergenceStopsTrainingWithTheEpochAndBatch() throws IOException {
        float[] features = new float[64 * 4];
        int[] labels = new int[64];
        for (int i = 0; i < features.length; i++) {
            features[i] = (i % 7) * 0.3f;
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2;
        }
        Mlp net = Mlp.create(new int[] {4, 8, 2}, Activation.RELU, Init.XAVIER, 1).optimizer(Sgd.of(1e30f));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> net.fit(new Dataset(features, labels, 64, 4, 2), 5, 16, 1, null));
        assertEquals(1, e.epoch());
        assertEquals(2, e.batch(), "the first step's update makes the second batch's loss NaN");
        Messages.assertContains(e, "epoch 1", "batch " + e.batch());
        IOException save = assertThrows(IOException.class, () -> Checkpoint.save(net, dir.resolve("nan.lanes")));
        Messages.assertContains(save, "not saved");
        assertFalse(Files.exists(dir.resolve("nan.lanes")));
    }

    /** Features of 64 examples in two classes, 4 each, and their labels. */
    private static Dataset twoClasses() {
        float[] features = new float[64 * 4];
        int[] labels = new int[64];
        for (int i = 0; i < features.length; i++) {
            features[i] = (i % 7) * 0.3f;
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2;
        }
        return new Dataset(features, labels, 64, 4, 2);
    }

    /** Sigmoid units keep the loss finite at a learning rate of 1e30, but it grows by orders of magnitude. */
    @Test
    void aLossGrowingPastTheLimitStopsTrainingWhileStillFinite() {
        Mlp net = Mlp.twoLayerSigmoid(4, 8, 2, 1).optimizer(Sgd.of(1e30f));
        assertEquals(LossGrowthLimit.DEFAULT, net.lossGrowthLimit());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> net.fit(twoClasses(), 5, 16, 1, null));
        assertTrue(Float.isFinite(e.loss()), "the loss is finite: " + e.loss());
        assertTrue(e.loss() > e.bound() && Double.isFinite(e.bound()), e.getMessage());
        assertEquals(1, e.epoch());
        Messages.assertContains(e, "epoch 1", "batch " + e.batch(), "exceeds", "100 times the first loss");
    }

    @Test
    void withTheLimitOffOnlyANonFiniteLossStopsTraining() {
        Mlp net = Mlp.twoLayerSigmoid(4, 8, 2, 1).optimizer(Sgd.of(1e30f)).lossGrowthLimit(LossGrowthLimit.OFF);
        try {
            double loss = net.fit(twoClasses(), 5, 16, 1, null);
            assertTrue(loss > 1e6, "the loss grew without stopping the training: " + loss);
        } catch (TrainingDivergedException e) {
            assertFalse(Float.isFinite(e.loss()), "only a non-finite loss stops it: " + e.getMessage());
            assertEquals(Double.POSITIVE_INFINITY, e.bound());
        }
    }

    @Test
    void theBoundIsTheFactorTimesTheFirstLossOrTheUniformGuess() {
        LossGrowthLimit limit = new LossGrowthLimit(100);
        assertEquals(100 * 2.5, limit.bound(2.5, 10), 1e-9);
        // A training resumed from a good network: noise above 100 x 0.001 must not stop it.
        assertEquals(100 * Math.log(10), limit.bound(0.001, 10), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, LossGrowthLimit.OFF.bound(2.5, 10));
        for (double bad : new double[] {1, 0.5, 0, -3, Double.NaN}) {
            Messages.assertContains(assertThrows(IllegalArgumentException.class, () -> new LossGrowthLimit(bad)),
                    "factor");
        }
        Mlp net = Mlp.twoLayerSigmoid(4, 8, 2, 1);
        Messages.assertContains(assertThrows(IllegalArgumentException.class, () -> net.lossGrowthLimit(null)),
                "limit");
    }

    @Test
    void aNanCellMakesTrainingStopNotTheModelNan() {
        float[] features = {0.1f, 0.2f, Float.NaN, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f};
        Mlp net = Mlp.create(new int[] {2, 3, 2}, Activation.SIGMOID, Init.XAVIER, 1);
        assertThrows(TrainingDivergedException.class,
                () -> net.fit(new Dataset(features, new int[] {0, 1, 0, 1}, 4, 2, 2), 1, 4, 1, null));
    }

    @Test
    void emptyDataIsAnError() {
        Mlp net = Mlp.create(new int[] {4, 3, 2}, Activation.SIGMOID, Init.XAVIER, 1);
        Dataset empty = new Dataset(new float[0], new int[0], 0, 4, 2);
        Messages.assertContains(assertThrows(IllegalArgumentException.class, () -> net.fit(empty, 1, 8, 1, null)), "no examples");
        Messages.assertContains(assertThrows(IllegalArgumentException.class, () -> net.evaluate(empty)), "no examples");
    }
}
