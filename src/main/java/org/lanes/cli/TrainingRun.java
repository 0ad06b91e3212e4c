package org.lanes.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.lanes.nn.Dataset;
import org.lanes.nn.Evaluation;
import org.lanes.nn.Mlp;
import org.lanes.nn.TrainingListener;

/**
 * Trains a network for some epochs with a progress bar per epoch (samples/s and running loss, on standard
 * error) and one line per epoch with the test loss and accuracy (on standard output).
 */
final class TrainingRun implements TrainingListener {
    /** The final test result and the training throughput, evaluation time excluded. */
    record Summary(Evaluation test, long examples, long trainNanos) {
        double samplesPerSecond() {
            return examples / (trainNanos / 1e9);
        }
    }

    private static final int BAR_WIDTH = 100;
    /** The bar redraws every 250 ms; its message is formatted no more often (not once per batch). */
    private static final long MESSAGE_NANOS = 250_000_000L;

    private final Mlp net;
    private final Dataset test;
    private final int epochs;
    private final Main.Io io;
    private ProgressBar bar;
    private double lossSum;
    private long examples;
    private long trainNanos;
    private long messageAt;
    private Evaluation last;

    private TrainingRun(Mlp net, Dataset test, int epochs, Main.Io io) {
        this.net = net;
        this.test = test;
        this.epochs = epochs;
        this.io = io;
    }

    static Summary train(Mlp net, Dataset train, Dataset test, int epochs, TrainingOptions options, Main.Io io) {
        TrainingRun run = new TrainingRun(net, test, epochs, io);
        net.fit(train, epochs, options.batch, options.seed, run);
        return new Summary(run.last, run.examples, run.trainNanos);
    }

    @Override
    public void epochStarted(int epoch, int count) {
        lossSum = 0;
        messageAt = System.nanoTime();
        PrintStream err = io.err();
        bar = new ProgressBarBuilder()
                .setTaskName("epoch " + epoch + "/" + epochs)
                .setInitialMax(count)
                .setUnit(" samples", 1)
                .setUpdateIntervalMillis(250)
                .setStyle(System.console() != null ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err, BAR_WIDTH))
                .build();
    }

    @Override
    public void batchDone(int epoch, int examplesDone, float batchLoss) {
        lossSum += (double) batchLoss * (examplesDone - bar.getCurrent());
        bar.stepTo(examplesDone);
        long now = System.nanoTime();
        if (now - messageAt >= MESSAGE_NANOS || examplesDone == bar.getMax()) {
            messageAt = now;
            double seconds = bar.getTotalElapsed().toNanos() / 1e9;
            bar.setExtraMessage(String.format(" loss %.4f, %,.0f samples/s", lossSum / examplesDone,
                    examplesDone / seconds));
        }
    }

    @Override
    public void epochDone(int epoch, double meanLoss, long nanos) {
        long count = bar.getMax();
        bar.close();
        examples += count;
        trainNanos += nanos;
        last = net.evaluate(test);
        io.out().printf("epoch %d/%d  loss %.4f  test loss %.4f  accuracy %.2f%%  %.2f s  %,.0f samples/s%n",
                epoch, epochs, meanLoss, last.loss(), last.accuracy() * 100, nanos / 1e9, count / (nanos / 1e9));
    }
}
