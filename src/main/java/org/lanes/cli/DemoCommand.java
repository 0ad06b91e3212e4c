package org.lanes.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lanes.Activation;
import org.lanes.Kernels;
import org.lanes.Lanes;
import org.lanes.nn.Csv;
import org.lanes.nn.Dataset;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains a 784-512-10 sigmoid network on generated digits or on MNIST, with inputs scaled to [0, 4], Xavier weights
 * and SGD at 0.05, batch 64.
 *
 * <p>Why not the classic setting (inputs in [0, 1], {@code N(0,1)*0.01} weights, SGD at 0.5): sigmoid hidden units
 * start near 0.5, all alike, so one step of the output layer moves each class's logits by about
 * {@code lr * (1 + hidden * 0.25)} times that class's excess in the batch, which overshoots at a rate of 0.5: the
 * loss climbs before it falls. A rate of 0.05 keeps those steps stable; inputs scaled by 4 make the hidden layer's
 * steps 16 times larger (a weight's step grows with the square of its input), and Xavier weights pass the output's
 * gradient back to it (docs/cli.md, "demo").
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Trains a 784-512-10 sigmoid network and prints test accuracy and throughput.",
            "Without --data it uses an embedded, generated MNIST-shaped dataset, so it needs no download."})
final class DemoCommand implements Callable<Integer> {
    /** The learning rate when --lr is not given. */
    static final float LEARNING_RATE = 0.05f;
    /** Inputs are scaled from [0, 1] to [0, INPUT_SCALE]. */
    static final float INPUT_SCALE = 4f;

    private final Main.Io io;

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Mixin
    ThreadsOption threads;

    @Mixin
    FirstRunTune firstRun;

    @Option(names = "--data", paramLabel = "DIR", description = "MNIST IDX folder or CSV file to use instead of the generated digits.")
    Path data;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "512", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--train-size", paramLabel = "N", defaultValue = "20000", description = "Generated training examples (default: ${DEFAULT-VALUE}).")
    int trainSize;

    @Option(names = "--test-size", paramLabel = "N", defaultValue = "4000", description = "Generated test examples (default: ${DEFAULT-VALUE}).")
    int testSize;

    DemoCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        Arguments.atLeastOne(spec, "--epochs", epochs);
        Arguments.atLeastOne(spec, "--hidden", hidden);
        Arguments.atLeastOne(spec, "--train-size", trainSize);
        Arguments.atLeastOne(spec, "--test-size", testSize);
        Arguments.require(spec, (long) Math.max(trainSize, testSize) * SyntheticDigits.FEATURES <= Integer.MAX_VALUE - 8,
                "--train-size and --test-size must be at most " + ((Integer.MAX_VALUE - 8) / SyntheticDigits.FEATURES)
                        + " (one array holds every example's " + SyntheticDigits.FEATURES + " features)",
                Math.max(trainSize, testSize));
        firstRun.apply(io);
        threads.apply();
        io.out().println("lanes demo: kernels " + Lanes.describe());
        DataSource.Split split;
        if (data != null) {
            split = new DataSource(data, SyntheticDigits.CLASSES, 255f, Csv.Header.AUTO).trainAndTest(0.1);
        } else {
            Dataset train = SyntheticDigits.generate(trainSize, 1);
            Dataset test = SyntheticDigits.generate(testSize, 2);
            split = new DataSource.Split(train, test, "generated MNIST-shaped digits ("
                    + trainSize + " for training, " + testSize + " for testing; --data DIR uses MNIST)");
        }
        scale(split.train());
        scale(split.test());
        io.out().println("data: " + split.description() + ", inputs scaled to [0, " + (int) INPUT_SCALE + "]");
        Mlp net = training.configure(network(split.train().dimension(), hidden, split.train().classes(), training.seed),
                LEARNING_RATE);
        io.out().println("network: " + net + ", xavier init, batch " + training.batch + ", lr "
                + training.learningRate(LEARNING_RATE));
        TrainingRun.Summary s = TrainingRun.train(net, split.train(), split.test(), epochs, training, io);
        io.out().printf("test accuracy %.2f%%%n", s.test().accuracy() * 100);
        io.out().printf("throughput: %,.0f samples/s over %d epochs (%.2f s of training, %s)%n",
                s.samplesPerSecond(), epochs, s.trainNanos() / 1e9, Lanes.describe());
        return 0;
    }

    /** The demo's network: one sigmoid hidden layer, Xavier weights. */
    static Mlp network(int inputs, int hidden, int classes, long seed) {
        return Mlp.create(new int[] {inputs, hidden, classes}, Activation.SIGMOID, Init.XAVIER, seed);
    }

    /** Scales the features of {@code data} from [0, 1] to [0, {@link #INPUT_SCALE}], in place. */
    static void scale(Dataset data) {
        Kernels.scale(data.features().length, INPUT_SCALE, data.features(), 0);
    }
}
