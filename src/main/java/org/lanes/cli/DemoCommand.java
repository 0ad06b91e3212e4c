package org.lanes.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lanes.Lanes;
import org.lanes.nn.Csv;
import org.lanes.nn.Dataset;
import org.lanes.nn.Mlp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains the seed's network (784-512-10, sigmoid, SGD at 0.5, batch 64) on generated digits or on MNIST. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Trains the seed's 784-512-10 sigmoid network and prints test accuracy and throughput.",
            "Without --data it uses an embedded, generated MNIST-shaped dataset, so it needs no download."})
final class DemoCommand implements Callable<Integer> {
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
        io.out().println("data: " + split.description());
        Mlp net = Mlp.seedNetwork(split.train().dimension(), hidden, split.train().classes(), training.seed)
                .optimizer(training.optimizer());
        io.out().println("network: " + net + ", batch " + training.batch + ", lr " + training.learningRate);
        TrainingRun.Summary s = TrainingRun.train(net, split.train(), split.test(), epochs, training, io);
        io.out().printf("test accuracy %.2f%%%n", s.test().accuracy() * 100);
        io.out().printf("throughput: %,.0f samples/s over %d epochs (%.2f s of training, %s)%n",
                s.samplesPerSecond(), epochs, s.trainNanos() / 1e9, Lanes.describe());
        return 0;
    }
}
