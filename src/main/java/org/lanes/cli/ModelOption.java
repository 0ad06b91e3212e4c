package org.lanes.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.lanes.nn.Checkpoint;
import org.lanes.nn.Mlp;
import picocli.CommandLine.Option;

/** {@code --model FILE}: a network saved by {@code train --save}. */
final class ModelOption {
    @Option(names = "--model", paramLabel = "FILE", required = true, description = "Checkpoint written by 'train --save'.")
    Path path;

    Mlp load() throws IOException {
        return Checkpoint.load(path);
    }
}
