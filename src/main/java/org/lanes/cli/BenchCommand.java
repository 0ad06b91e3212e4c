package org.lanes.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lanes.Lanes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A quick throughput table: FMA peak, SGEMM, sigmoid, softmax and an MLP training step, each with the vector
 * kernels (this JVM) beside the scalar kernels (a child JVM started with {@code -Dlanes.vector=false}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures GEMM GFLOP/s (and its share of an FMA-peak probe), sigmoid and softmax elements/s",
            "and MLP training samples/s, each beside the scalar path, in under a minute.",
            "For publishable figures use the JMH suite in jmh/."})
final class BenchCommand implements Callable<Integer> {
    private final Main.Io io;

    @Mixin
    ThreadsOption threads;

    @Mixin
    FirstRunTune firstRun;

    @Option(names = "--quick", description = "Fewer sizes and shorter probes (about 15 s).")
    boolean quick;

    @Option(names = "--probe-ms", hidden = true, description = "Milliseconds per measured figure.")
    Long probeMillis;

    BenchCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        firstRun.apply(io);
        threads.apply();
        long budget = probeMillis != null ? Math.max(1, probeMillis) : quick ? 400 : 1200;
        io.out().println("lanes bench: kernels " + Lanes.describe() + ", " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " processors");
        List<BenchProbe.Result> lanes = BenchProbe.run(quick, budget);
        Map<String, Double> scalar = new HashMap<>();
        String scalarNote = scalarPath(budget, scalar);
        double peak = lanes.get(0).value() * Lanes.threads();
        io.out().printf("%-28s %-10s %12s %12s %9s %9s%n", "measure", "unit", Lanes.implementation(), "scalar",
                "speedup", "of peak");
        for (BenchProbe.Result r : lanes) {
            Double s = scalar.get(r.name());
            String share = r.name().startsWith("sgemm") ? String.format("%8.0f%%", 100 * r.value() / peak) : "";
            io.out().printf("%-28s %-10s %12.1f %12s %9s %9s%n", r.name(), r.unit(), r.value(),
                    s == null ? "-" : String.format("%.1f", s), s == null ? "-" : String.format("%.1fx", r.value() / s),
                    share);
        }
        io.out().printf("of peak: GFLOP/s over the FMA probe times %d thread(s). %s%n", Lanes.threads(), scalarNote);
        return 0;
    }

    /** Runs the probe in a child JVM on the scalar kernels; returns a note for the table's footer. */
    private String scalarPath(long budget, Map<String, Double> into) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlanes.vector=false", "-Dlanes.threads=" + Lanes.threads()));
        // The child looks wisdom up where this JVM does (tests point both at a temporary folder).
        for (String p : new String[] {"lanes.wisdom", "lanes.wisdom.dir"}) {
            if (System.getProperty(p) != null) {
                command.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                BenchProbe.class.getName(), quick ? "quick" : "full", Long.toString(budget)));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t");
                if (f.length == 3) {
                    into.put(f[0], Double.parseDouble(f[2]));
                }
            }
        }
        int status = child.waitFor();
        return status == 0 ? "Scalar: a child JVM with -Dlanes.vector=false."
                : "The scalar child JVM failed (exit " + status + "), so its column is empty.";
    }
}
