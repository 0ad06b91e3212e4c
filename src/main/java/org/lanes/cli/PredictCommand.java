package org.lanes.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lanes.nn.Dataset;
import org.lanes.nn.Mlp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Loads a checkpoint and writes one predicted class per example, one per line. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Writes one predicted class per line for the MNIST test set or a whole CSV file.",
            "A CSV file's label column is read but not used."})
final class PredictCommand implements Callable<Integer> {
    private static final int CHUNK = 1024;

    private final Main.Io io;

    @Mixin
    DataOptions data;

    @Mixin
    ThreadsOption threads;

    @Mixin
    ModelOption model;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the classes here instead of to standard output.")
    Path output;

    PredictCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        threads.apply();
        Mlp net = model.load();
        Dataset set = data.source().evaluationSet();
        if (set.dimension() != net.inputSize()) {
            throw new IllegalArgumentException(data.path + " has " + set.dimension() + " features per example, "
                    + model.path + " expects " + net.inputSize());
        }
        if (output == null) {
            Writer w = new OutputStreamWriter(io.out(), StandardCharsets.UTF_8);
            write(net, set, w);
            w.flush();
        } else {
            try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                write(net, set, w);
            }
        }
        return 0;
    }

    private static void write(Mlp net, Dataset set, Writer w) throws IOException {
        BufferedWriter out = new BufferedWriter(w);
        int[] classes = new int[CHUNK];
        for (int start = 0; start < set.size(); start += CHUNK) {
            int rows = Math.min(CHUNK, set.size() - start);
            net.classify(set.features(), start * set.dimension(), rows, classes, 0);
            for (int i = 0; i < rows; i++) {
                out.write(Integer.toString(classes[i]));
                out.write('\n');
            }
        }
        out.flush();
    }
}
