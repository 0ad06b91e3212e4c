package org.lanes.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lanes.Tuning;
import picocli.CommandLine.Option;

/**
 * {@code --no-tune}, and the quick tune that {@code train}, {@code demo} and {@code bench} run once on a CPU (and
 * JDK) that has no wisdom yet. It runs in a child JVM started with this one's flags: the kernels of this JVM are
 * chosen once, at their first call, so this run can still pick up what the child wrote. Only where runs look
 * wisdom up by themselves ({@code -Dlanes.wisdom} unset), and not on the scalar fallback, whose sizes are fixed;
 * the library itself never tunes unasked.
 */
final class FirstRunTune {
    /** Runs the quick tune and returns its exit status. */
    interface Action {
        int tune() throws IOException, InterruptedException;
    }

    @Option(names = "--no-tune", description = "Skip the quick tune a first run on a new CPU does (about 10 s).")
    boolean noTune;

    /** Tunes in a child JVM when this CPU signature has no wisdom where runs look for it. */
    void apply(Main.Io io) {
        apply(io, FirstRunTune::childTune);
    }

    void apply(Main.Io io, Action action) {
        if (noTune) {
            return;
        }
        Optional<Path> untuned = Tuning.untunedWisdomFile();
        if (untuned.isEmpty()) {
            return;
        }
        Path file = untuned.get();
        io.out().println("lanes: first run on this CPU and JDK: tuning once for about 10 s into " + file
                + " (--no-tune skips it; lanes tune measures longer)");
        int status;
        try {
            status = action.tune();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        if (status != 0) {
            io.out().println("lanes: the tune failed (status " + status + "); this run uses the untuned sizes");
        }
    }

    /** {@code lanes tune --quick} in a child JVM with this JVM's flags and class path; its output is discarded. */
    private static int childTune() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try {
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        } catch (RuntimeException | LinkageError e) {
            // java.management absent (a jlink image without it): the module flag is the one that matters.
            command.add("--add-modules");
            command.add("jdk.incubator.vector");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("tune");
        command.add("--quick");
        Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return child.waitFor();
    }
}
