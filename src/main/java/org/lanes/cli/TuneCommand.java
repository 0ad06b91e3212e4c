package org.lanes.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.lanes.Lanes;
import org.lanes.Tuning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures GEMM block sizes, the direct path's threshold, the least work per thread, how a call on two threads is
 * cut and the units per part on this machine, one and two threads ({@link Tuning#tune}), and writes them as wisdom for this CPU signature into the per-user cache,
 * where later runs find it by themselves; {@code --out FILE} writes elsewhere.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Measures GEMM block sizes (KC, MC, NC), the direct path's threshold, the work",
            "per thread, how a two-thread call is cut (column units or row chunks) and the units",
            "per part on this machine (one and two threads) and writes",
            "them as wisdom for this CPU and JDK into ~/.cache/lanes (or $XDG_CACHE_HOME/lanes),",
            "where later runs find it by themselves. -Dlanes.wisdom=FILE|none overrides that."})
final class TuneCommand implements Callable<Integer> {
    private final Main.Io io;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the wisdom here instead of the per-user cache (use it with -Dlanes.wisdom=FILE).")
    Path out;

    @Spec
    CommandSpec spec;

    Double seconds;

    @Option(names = "--seconds", paramLabel = "S", description = "Time to spend measuring (default: 40, 10 with --quick).")
    void setSeconds(double value) {
        Arguments.require(spec, value > 0 && value <= 3600, "--seconds must be in (0, 3600]", value);
        seconds = value;
    }

    @Option(names = "--quick", description = "Smaller products and fewer candidates, 10 s (what a first run does).")
    boolean quick;

    TuneCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Duration budget = seconds != null ? Duration.ofMillis((long) (seconds * 1000))
                : quick ? Tuning.QUICK_BUDGET : Tuning.DEFAULT_BUDGET;
        io.out().println("lanes tune: " + Lanes.describe());
        Path file = Tuning.tune(budget, out, io.out()::println);
        if (out != null) {
            io.out().println("wrote " + file + "; use it with -Dlanes.wisdom=" + file.toAbsolutePath());
        } else {
            io.out().println("wrote " + file + "; runs on this CPU and JDK read it by themselves");
        }
        return 0;
    }
}
