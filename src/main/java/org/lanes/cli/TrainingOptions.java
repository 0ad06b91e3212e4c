package org.lanes.cli;

import org.lanes.nn.Sgd;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every training command shares: mini-batch, SGD settings and the shuffling seed. */
final class TrainingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    int batch = 64;
    float learningRate = 0.5f;
    float momentum;
    float weightDecay;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    void setBatch(int value) {
        Arguments.atLeastOne(spec, "--batch", value);
        batch = value;
    }

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.5", description = "SGD learning rate (default: ${DEFAULT-VALUE}).")
    void setLearningRate(float value) {
        Arguments.require(spec, value > 0 && Float.isFinite(value), "--lr must be a positive number", value);
        learningRate = value;
    }

    @Option(names = "--momentum", paramLabel = "M", defaultValue = "0", description = "SGD momentum in [0, 1) (default: ${DEFAULT-VALUE}).")
    void setMomentum(float value) {
        Arguments.require(spec, value >= 0 && value < 1, "--momentum must be in [0, 1)", value);
        momentum = value;
    }

    @Option(names = "--weight-decay", paramLabel = "L2", defaultValue = "0", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    void setWeightDecay(float value) {
        Arguments.require(spec, value >= 0 && Float.isFinite(value), "--weight-decay must be a number >= 0", value);
        weightDecay = value;
    }

    Sgd optimizer() {
        return Sgd.of(learningRate).withMomentum(momentum).withWeightDecay(weightDecay);
    }
}
