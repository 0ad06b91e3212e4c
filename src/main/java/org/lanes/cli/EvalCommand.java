package org.lanes.cli;

import java.util.concurrent.Callable;
import org.lanes.nn.Evaluation;
import org.lanes.nn.Mlp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Loads a checkpoint and prints its test loss and accuracy. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Prints a saved network's loss and accuracy on the MNIST test set or a whole CSV file.")
final class EvalCommand implements Callable<Integer> {
    private final Main.Io io;

    @Mixin
    DataOptions data;

    @Mixin
    ThreadsOption threads;

    @Mixin
    ModelOption model;

    EvalCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        threads.apply();
        Mlp net = model.load();
        Evaluation e = net.evaluate(data.source().evaluationSet());
        io.out().println("examples " + e.examples());
        io.out().printf("loss %.4f%n", e.loss());
        io.out().printf("accuracy %.2f%%%n", e.accuracy() * 100);
        return 0;
    }
}
