package org.lanes.cli;


import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.lanes.Lanes;
import org.lanes.nn.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code lanes} command line: {@code demo}, {@code train}, {@code eval}, {@code predict}, {@code bench}
 * and {@code tune}. Run it with {@code java --add-modules jdk.incubator.vector -jar target/lanes-<version>.jar}.
 * A user error (unknown flag, bad number, missing or malformed file) prints one line, the usage, and exits
 * with status 2.
 */
@Command(name = "lanes", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "SIMD float kernels and a small MLP on the Java Vector API.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
            BenchCommand.class, TuneCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status of a user error. */
    public static final int USAGE_ERROR = 2;
    /** Exit status of a run that failed for another reason: training diverged, output could not be written. */
    public static final int FAILURE = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: choose demo, train, eval, predict, bench or tune");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams and returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Io io = new Io(out, err);
        CommandLine cli = new CommandLine(new Main(), new Factory(io));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, ignored) -> usageError(err, ex.getCommandLine(), ex.getMessage()));
        cli.setExecutionExceptionHandler((ex, command, parsed) -> {
            if (ex instanceof TrainingDivergedException) {
                err.println(command.getCommandSpec().qualifiedName() + ": " + ex.getMessage() + "; nothing saved");
                err.flush();
                return FAILURE;
            }
            if (ex instanceof IOException || ex instanceof UncheckedIOException || ex instanceof IllegalArgumentException) {
                return usageError(err, command, ex.getMessage());
            }
            throw ex;
        });
        int status = cli.execute(args);
        if (status == 0 && out.checkError()) {
            // PrintStream keeps write errors to itself: a full disk or a closed pipe must not look like success.
            err.println("lanes: could not write to standard output");
            err.flush();
            return FAILURE;
        }
        return status;
    }

    private static int usageError(PrintStream err, CommandLine command, String message) {
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + message);
        err.print(command.getHelp().synopsis(0));
        err.println("Try '" + name + " --help' for more.");
        err.flush();
        return USAGE_ERROR;
    }

    /** Standard output and error of one run; commands write only here. */
    record Io(PrintStream out, PrintStream err) {
    }

    /** Gives subcommands that take an {@link Io} their streams. */
    private static final class Factory implements CommandLine.IFactory {
        private final Io io;

        Factory(Io io) {
            this.io = io;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Io.class).newInstance(io);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lanes " + (version == null ? "(development build)" : version),
                "kernels: " + Lanes.describe(), "JVM: " + System.getProperty("java.vm.name") + " "
                    + System.getProperty("java.version")};
        }
    }
}
