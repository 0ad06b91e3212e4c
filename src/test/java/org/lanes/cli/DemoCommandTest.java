package org.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lanes.Activation;
import org.lanes.nn.Dataset;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;
import org.lanes.nn.TrainingListener;

/** The demo's settings give a running loss that falls from the first batch on; the classic settings do not. */
class DemoCommandTest {
    private static final int EXAMPLES = 4096;
    private static final int BATCH = 64;

    /** The running loss (the mean of the batch losses so far, as the progress bar shows it) after each batch. */
    private static double[] runningLoss(Mlp net, Dataset data) {
        double[] running = new double[EXAMPLES / BATCH];
        double[] sum = {0};
        net.fit(data, 1, BATCH, 0, new TrainingListener() {
            @Override
            public void epochDone(int epoch, double meanLoss, long nanos) {
            }

            @Override
            public void batchDone(int epoch, int examplesDone, float batchLoss) {
                sum[0] += batchLoss;
                running[examplesDone / BATCH - 1] = sum[0] / (examplesDone / BATCH);
            }
        });
        return running;
    }

    @Test
    void theDemosRunningLossNeverRisesAboveItsStartAndFallsByAFifthIn64Batches() {
        Dataset data = SyntheticDigits.generate(EXAMPLES, 1);
        DemoCommand.scale(data);
        Mlp net = DemoCommand.network(SyntheticDigits.FEATURES, 512, SyntheticDigits.CLASSES, 0)
                .optimizer(Sgd.of(DemoCommand.LEARNING_RATE));
        double[] running = runningLoss(net, data);
        for (int i = 1; i < running.length; i++) {
            assertTrue(running[i] <= running[0], "batch " + (i + 1) + ": " + running[i] + " > " + running[0]);
        }
        assertTrue(running[running.length - 1] < 0.8 * running[0], running[running.length - 1] + " vs " + running[0]);
    }

    /** Inputs in [0, 1], N(0,1)*0.01 weights, SGD at 0.5: the overshoot that docs/cli.md explains. */
    @Test
    void theClassicSettingsClimbFirst() {
        Dataset data = SyntheticDigits.generate(EXAMPLES, 1);
        Mlp net = Mlp.create(new int[] {SyntheticDigits.FEATURES, 512, SyntheticDigits.CLASSES}, Activation.SIGMOID,
                Init.SMALL_GAUSSIAN, 0).optimizer(Sgd.of(TrainCommand.LEARNING_RATE));
        double[] running = runningLoss(net, data);
        double peak = 0;
        for (double r : running) {
            peak = Math.max(peak, r);
        }
        assertTrue(peak > 3 * running[0], "peak " + peak + " vs first " + running[0]);
    }
}
