package org.lanes.cli;

import org.lanes.Lanes;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --threads N}: the threads the kernels use (default: -Dlanes.threads, else all processors). */
final class ThreadsOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private Integer threads;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels (default: all processors).")
    void setThreads(int value) {
        Arguments.atLeastOne(spec, "--threads", value);
        threads = value;
    }

    void apply() {
        if (threads != null) {
            Lanes.setThreads(threads);
        }
    }
}
