package org.lanes.cli;


import java.nio.file.Path;
import org.lanes.nn.Csv;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --data} and how to read a CSV file. */
final class DataOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "A folder with the four MNIST IDX files (gzipped or not), or a CSV file (label, then features).")
    Path path;

    int classes = 10;
    float pixelMax = 255f;

    @Option(names = "--classes", paramLabel = "N", defaultValue = "10", description = "Classes in a CSV file (default: ${DEFAULT-VALUE}).")
    void setClasses(int value) {
        Arguments.require(spec, value >= 2, "--classes must be at least 2", value);
        classes = value;
    }

    @Option(names = "--pixel-max", paramLabel = "X", defaultValue = "255",
            description = "CSV features are divided by this (default: ${DEFAULT-VALUE}; 1 keeps them as they are).")
    void setPixelMax(float value) {
        Arguments.require(spec, value > 0 && Float.isFinite(value), "--pixel-max must be a positive number", value);
        pixelMax = value;
    }

    @Option(names = "--header", paramLabel = "MODE", defaultValue = "auto",
            description = "Whether a CSV file's first line is a header: auto (when any cell is not a number), yes or no"
                    + " (default: ${DEFAULT-VALUE}).")
    Csv.Header header;

    DataSource source() {
        return new DataSource(path, classes, pixelMax, header);
    }
}
