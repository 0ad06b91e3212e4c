package org.lanes.cli;

import org.lanes.nn.LossGrowthLimit;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every training command shares: mini-batch, SGD settings, the shuffling seed and the limit on the
 * loss's growth.
 */
final class TrainingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    int batch = 64;
    /** The learning rate given with --lr; null when the command's own default applies. */
    private Float learningRate;
    float momentum;
    float weightDecay;
    double maxLossGrowth = LossGrowthLimit.DEFAULT.factor();

    @Option(names = "--no-loss-growth-limit",
            description = "Stop only on a NaN or infinite loss, not on a loss past --max-loss-growth.")
    boolean noLossGrowthLimit;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    void setBatch(int value) {
        Arguments.atLeastOne(spec, "--batch", value);
        batch = value;
    }

    @Option(names = "--lr", paramLabel = "RATE",
            description = "SGD learning rate (default: " + TrainCommand.LEARNING_RATE + " for train, "
                    + DemoCommand.LEARNING_RATE + " for demo).")
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

    @Option(names = "--max-loss-growth", paramLabel = "FACTOR", defaultValue = "100",
            description = "Stop (exit status 1, nothing saved) when a mini-batch's loss exceeds FACTOR times the first "
                    + "one's, or the loss of a uniform guess if larger (default: ${DEFAULT-VALUE}).")
    void setMaxLossGrowth(double value) {
        Arguments.require(spec, value > 1, "--max-loss-growth must be a number > 1", value);
        maxLossGrowth = value;
    }

    /** The learning rate given with --lr, or {@code commandDefault}. */
    float learningRate(float commandDefault) {
        return learningRate == null ? commandDefault : learningRate;
    }

    /**
     * Gives {@code net} the optimizer and the limit on the loss's growth of these options; the learning rate is
     * {@code commandDefault} unless --lr gives one.
     */
    Mlp configure(Mlp net, float commandDefault) {
        return net.optimizer(optimizer(commandDefault))
                .lossGrowthLimit(noLossGrowthLimit ? LossGrowthLimit.OFF : new LossGrowthLimit(maxLossGrowth));
    }

    Sgd optimizer(float commandDefault) {
        return Sgd.of(learningRate(commandDefault)).withMomentum(momentum).withWeightDecay(weightDecay);
    }
}
