package org.lanes.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lanes.Activation;
import org.lanes.Lanes;
import org.lanes.nn.Checkpoint;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains an MLP on MNIST or a CSV file, reports each epoch and optionally saves a checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains an MLP (hidden layers, softmax output, cross-entropy, SGD) and saves it.")
final class TrainCommand implements Callable<Integer> {
    /** Hidden activations a user may choose. */
    enum Hidden {
        SIGMOID(Activation.SIGMOID), RELU(Activation.RELU), TANH(Activation.TANH);

        final Activation activation;

        Hidden(Activation activation) {
            this.activation = activation;
        }
    }

    /** Weight initializations a user may choose. */
    enum Initialization {
        SMALL(Init.SMALL_GAUSSIAN), XAVIER(Init.XAVIER), HE(Init.HE);

        final Init init;

        Initialization(Init init) {
            this.init = init;
        }
    }

    /** The learning rate when --lr is not given: the classic rate of the two-layer sigmoid network on MNIST. */
    static final float LEARNING_RATE = 0.5f;

    private final Main.Io io;

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Mixin
    ThreadsOption threads;

    @Mixin
    FirstRunTune firstRun;

    @Mixin
    DataOptions data;

    @Option(names = "--layers", paramLabel = "SIZES", split = ",", defaultValue = "512",
            description = "Hidden layer sizes, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> layers;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "sigmoid",
            description = "Hidden activation: sigmoid, relu or tanh (default: ${DEFAULT-VALUE}).")
    Hidden activation;

    @Option(names = "--init", paramLabel = "NAME", defaultValue = "small",
            description = "Weight initialization: small (N(0,1)*0.01), xavier or he (default: ${DEFAULT-VALUE}).")
    Initialization init;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--holdout", paramLabel = "SHARE", defaultValue = "0.1",
            description = "For a CSV file: the share of its last rows kept for testing (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--save", paramLabel = "FILE", description = "Write the trained network to this checkpoint file.")
    Path save;

    TrainCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        Arguments.atLeastOne(spec, "--epochs", epochs);
        Arguments.require(spec, holdout > 0 && holdout < 1, "--holdout must be in (0, 1)", holdout);
        Arguments.require(spec, layers.stream().allMatch(size -> size >= 1), "--layers sizes must be at least 1", layers);
        if (save != null) {
            // Before the work: a checkpoint that cannot be written is found now, not after training.
            Checkpoint.checkWritable(save);
        }
        firstRun.apply(io);
        threads.apply();
        DataSource.Split split = data.source().trainAndTest(holdout);
        int[] sizes = new int[layers.size() + 2];
        sizes[0] = split.train().dimension();
        for (int i = 0; i < layers.size(); i++) {
            sizes[i + 1] = layers.get(i);
        }
        sizes[sizes.length - 1] = split.train().classes();
        Mlp net = training.configure(Mlp.create(sizes, activation.activation, init.init, training.seed), LEARNING_RATE);
        io.out().println("data: " + split.description());
        io.out().println("network: " + net + ", " + training.optimizer(LEARNING_RATE) + ", batch " + training.batch
                + "; kernels " + Lanes.describe());
        TrainingRun.Summary s = TrainingRun.train(net, split.train(), split.test(), epochs, training, io);
        io.out().printf("test loss %.4f, accuracy %.2f%%, %,.0f samples/s%n",
                s.test().loss(), s.test().accuracy() * 100, s.samplesPerSecond());
        if (save != null) {
            Checkpoint.save(net, save);
            io.out().println("saved " + save);
        }
        return 0;
    }
}
