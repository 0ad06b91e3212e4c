package org.lanes.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one measuring session ({@code jmh/results/CPU/session-DATE/}: JMH JSON files and the anchors' text output,
 * written by {@code jmh/run-session.sh}) into a report such as {@code docs/performance/zen4-jmh.md} and its PNG
 * plots. The prose lives in a template whose {@code {{name}}} placeholders receive the generated tables and plots.
 *
 * <p>Usage: {@code PerformanceReport <results dir> <template> <output .md> <image dir>}; the markdown links the
 * images relative to the output file.
 */
public final class PerformanceReport {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)}}");
    /** Bytes read and written per element by each layer kernel, for GB/s. */
    private static final Map<String, Integer> BYTES_PER_ELEMENT = Map.ofEntries(
            Map.entry("sigmoid", 8), Map.entry("tanh", 8), Map.entry("relu", 8), Map.entry("sigmoidBackward", 12),
            Map.entry("softmax", 8), Map.entry("logSoftmax", 8), Map.entry("crossEntropy", 4),
            Map.entry("softmaxCrossEntropyGradient", 8), Map.entry("axpy", 12), Map.entry("biasAdd", 8),
            Map.entry("columnSums", 4));
    /** NumPy's name for a kernel in numpy_elementwise.py. */
    private static final Map<String, String> NUMPY_NAME = Map.of(
            "sigmoid", "sigmoid", "softmax", "softmax", "biasAdd", "bias_add", "columnSums", "col_sum");

    private final Path results;
    private final Path images;
    private final String imageLink;
    private final List<JmhResult> runs = new ArrayList<>();
    private final Anchors anchors;

    private PerformanceReport(Path results, Path output, Path images) throws IOException {
        this.results = results;
        this.images = images;
        Path parent = output.toAbsolutePath().getParent();
        this.imageLink = parent.relativize(images.toAbsolutePath()).toString().replace('\\', '/');
        try (DirectoryStream<Path> files = Files.newDirectoryStream(results, "*.json")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path f : sorted) {
                runs.addAll(JmhResult.read(f));
            }
        }
        anchors = Anchors.read(results);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: PerformanceReport <results dir> <template> <output .md> <image dir>");
            System.exit(2);
        }
        generate(Paths.get(args[0]), Paths.get(args[1]), Paths.get(args[2]), Paths.get(args[3]));
    }

    static void generate(Path results, Path template, Path output, Path images) throws IOException {
        Files.createDirectories(images);
        PerformanceReport report = new PerformanceReport(results, output, images);
        Map<String, Function<PerformanceReport, String>> sections = new LinkedHashMap<>();
        sections.put("machine", PerformanceReport::machine);
        sections.put("sgemm", PerformanceReport::sgemm);
        sections.put("sgemm-plot", r -> r.plot(r::sgemmPlot));
        sections.put("kernels", PerformanceReport::kernels);
        sections.put("fused", PerformanceReport::fused);
        sections.put("exp", PerformanceReport::exp);
        sections.put("mlp", PerformanceReport::mlp);
        sections.put("mlp-steps", PerformanceReport::mlpSteps);
        sections.put("mlp-pairs", PerformanceReport::mlpPairs);
        sections.put("mlp-plot", r -> r.plot(r::mlpPlot));
        sections.put("allocation", PerformanceReport::allocation);
        sections.put("commands", PerformanceReport::commands);
        String text = Files.readString(template, StandardCharsets.UTF_8);
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Function<PerformanceReport, String> section = sections.get(m.group(1));
            if (section == null) {
                throw new IllegalArgumentException(template + ": unknown placeholder {{" + m.group(1) + "}}; known: "
                        + sections.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(section.apply(report).stripTrailing()));
        }
        m.appendTail(out);
        Files.writeString(output, out.toString(), StandardCharsets.UTF_8);
    }

    // ---- sections -------------------------------------------------------------------------------------------

    private String machine() {
        StringBuilder s = new StringBuilder();
        for (String line : lines("machine.txt")) {
            s.append("- ").append(line.trim().replaceAll("\\s{2,}", " ")).append('\n');
        }
        if (!Double.isNaN(anchors.peak)) {
            s.append(String.format(Locale.ROOT, "- FMA peak of one core (`../shared/anchors/peak.c`, zmm): %.1f GFLOP/s%n",
                    anchors.peak));
        }
        return s.toString();
    }

    private String sgemm() {
        Table t = new Table("shape (op(A) m×k · op(B) k×n)", "Lanes 1t", "OpenBLAS 1t", "Lanes/OpenBLAS 1t",
                "NumPy 1t", "scalar 1t", "Lanes 2t", "OpenBLAS 2t", "Lanes/OpenBLAS 2t", "Lanes 2t/1t");
        for (String shape : shapes("GemmBench.sgemm", "gemm-t1")) {
            Double l1 = gflops("gemm-t1", "GemmBench.sgemm", shape);
            Double o1 = gflops("gemm-t1", "OpenBlasBench.sgemm", shape);
            Double l2 = gflops("gemm-t2", "GemmBench.sgemm", shape);
            Double o2 = gflops("gemm-t2", "OpenBlasBench.sgemm", shape);
            String[] f = shape.split(":");
            t.row(describe(shape), num(l1), num(o1), ratio(l1, o1), num(anchors.numpyGemm.get("1:" + f[1] + ":" + f[2] + ":" + f[3])),
                    num(gflops("gemm-scalar", "GemmBench.sgemm", shape)), num(l2), num(o2), ratio(l2, o2), ratio(l2, l1));
        }
        return "GFLOP/s (2mnk / mean time per call); higher is better.\n\n" + t;
    }

    private String sgemmPlot() throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        series.put("Lanes, 1 thread", squares("gemm-t1", "GemmBench.sgemm"));
        series.put("OpenBLAS, 1 thread", squares("gemm-t1", "OpenBlasBench.sgemm"));
        series.put("Lanes, 2 threads", squares("gemm-t2", "GemmBench.sgemm"));
        series.put("OpenBLAS, 2 threads", squares("gemm-t2", "OpenBlasBench.sgemm"));
        series.put("Lanes scalar path, 1 thread", squares("gemm-scalar", "GemmBench.sgemm"));
        Charts.line(images.resolve("sgemm.png"), "SGEMM, square NN", "n (m = n = k)", "GFLOP/s", series);
        return "![SGEMM GFLOP/s against size](" + imageLink + "/sgemm.png)";
    }

    private String kernels() {
        Table t = new Table("kernel", "shape", "vector µs", "Gelem/s", "GB/s", "scalar µs", "vector/scalar",
                "NumPy µs", "vs NumPy", "B/op");
        Set<String> names = new LinkedHashSet<>();
        for (JmhResult r : select("kernels", "KernelBench.")) {
            names.add(r.benchmark().substring("KernelBench.".length()) + "|" + r.param("shape"));
        }
        for (String key : names) {
            String kernel = key.substring(0, key.indexOf('|'));
            String shape = key.substring(key.indexOf('|') + 1);
            JmhResult v = find("kernels", "KernelBench." + kernel, Map.of("shape", shape, "impl", "vector"));
            JmhResult s = find("kernels", "KernelBench." + kernel, Map.of("shape", shape, "impl", "scalar"));
            String[] rc = shape.split("x");
            double elements = Double.parseDouble(rc[0]) * Double.parseDouble(rc[1]);
            Double numpy = NUMPY_NAME.containsKey(kernel) ? anchors.numpyMicros.get(NUMPY_NAME.get(kernel) + ":" + shape) : null;
            Double vt = v == null ? null : v.micros();
            t.row("`" + kernel + "`", shape, num(vt), vt == null ? "-" : fmt(elements / vt / 1e3),
                    vt == null ? "-" : fmt(elements * BYTES_PER_ELEMENT.getOrDefault(kernel, 8) / vt / 1e3),
                    num(s == null ? null : s.micros()), ratio(s == null ? null : s.micros(), vt), num(numpy), ratio(numpy, vt),
                    v == null || v.bytesPerOp() == null ? "-" : fmt(v.bytesPerOp()));
        }
        return "Time per call on one thread (JMH mean); `vector/scalar` and `vs NumPy` are speedups (higher is "
                + "better). GB/s counts each element's reads and writes once.\n\n" + t;
    }

    private String fused() {
        Table t = new Table("256×784 · 784×512", "µs", "× bare GEMM", "B/op", "scalar path µs", "vector/scalar");
        JmhResult bare = find("fused", "FusedBench.bareGemm", Map.of());
        for (JmhResult r : select("fused", "FusedBench.")) {
            JmhResult scalar = find("fused-scalar", r.benchmark(), Map.of());
            t.row("`" + r.benchmark().substring("FusedBench.".length()) + "`", fmt(r.micros()),
                    bare == null ? "-" : String.format(Locale.ROOT, "%.3f", r.micros() / bare.micros()),
                    r.bytesPerOp() == null ? "-" : fmt(r.bytesPerOp()), scalar == null ? "-" : fmt(scalar.micros()),
                    ratio(scalar == null ? null : scalar.micros(), r.micros()));
        }
        return t.toString();
    }

    private String exp() {
        Table t = new Table("256×512 values in [-20, 0]", "µs", "Melem/s", "vs lanewise(EXP)");
        JmhResult lanewise = find("exp", "ExpBench.lanewiseExp", Map.of());
        for (JmhResult r : select("exp", "ExpBench.")) {
            t.row("`" + r.benchmark().substring("ExpBench.".length()) + "`", fmt(r.micros()),
                    fmt(256 * 512 / r.micros()), ratio(lanewise == null ? null : lanewise.micros(), r.micros()));
        }
        return t.toString();
    }

    private String mlp() {
        Table t = new Table("batch-input-hidden-classes", "threads", "Lanes ms/step", "samples/s", "GFLOP/s",
                "of peak", "seed NumPy ms", "Lanes speedup", "scalar ms (1t)");
        for (String shape : shapes("MlpBench.trainStep", "mlp-t1")) {
            for (int threads = 1; threads <= 2; threads++) {
                JmhResult r = find("mlp-t" + threads, "MlpBench.trainStep", Map.of("shape", shape));
                if (r == null) {
                    continue;
                }
                String[] f = shape.split("-");
                double n = Double.parseDouble(f[0]);
                double flops = 4 * n * Double.parseDouble(f[1]) * Double.parseDouble(f[2])
                        + 6 * n * Double.parseDouble(f[2]) * Double.parseDouble(f[3]);
                double ms = r.micros() / 1e3;
                Double seed = anchors.seedStepMillis.get(threads + ":" + shape);
                JmhResult scalar = threads == 1 ? find("mlp-scalar", "MlpBench.trainStep", Map.of("shape", shape)) : null;
                double gflops = flops / (r.micros() * 1e3);
                t.row(shape, Integer.toString(threads), String.format(Locale.ROOT, "%.3f", ms), fmt(n / ms * 1e3), fmt(gflops),
                        Double.isNaN(anchors.peak) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * gflops / (anchors.peak * threads)),
                        seed == null ? "-" : String.format(Locale.ROOT, "%.3f", seed), ratio(seed, ms),
                        scalar == null ? "-" : String.format(Locale.ROOT, "%.2f", scalar.micros() / 1e3));
            }
        }
        return "One training step (forward, backward, SGD update). GFLOP/s counts 4·N·D·H + 6·N·H·C, the anchor's own "
                + "count; `of peak` is against the FMA peak times the threads. The seed's figure is its best step, "
                + "Lanes' is the JMH mean.\n\n" + t;
    }

    /**
     * Every step timed on both sides: Lanes in JMH's sample mode, the seed by jmh/seed_steps.py, each speedup
     * taken statistic against the same statistic.
     */
    private String mlpSteps() {
        Table t = new Table("batch-input-hidden-classes", "threads", "Lanes best", "median", "mean", "seed best",
                "median", "mean", "speedup best", "median", "mean");
        for (String shape : shapes("MlpBench.trainStep", "mlp-sample-t1")) {
            for (int threads = 1; threads <= 2; threads++) {
                JmhResult r = find("mlp-sample-t" + threads, "MlpBench.trainStep", Map.of("shape", shape));
                double[] seed = anchors.seedSteps.get(threads + ":" + shape);
                if (r == null || r.minMicros() == null) {
                    continue;
                }
                t.row(stepRow(shape, Integer.toString(threads), r, seed));
            }
        }
        return "Milliseconds per step over every step of the runs: Lanes in JMH's sample mode (`mlp-sample-t*`), "
                + "the seed's own `TwoLayerMLP` timed step by step by `jmh/seed_steps.py` (`seed-steps-t*`). "
                + "Each speedup divides the seed's figure by Lanes' same statistic.\n\n" + t;
    }

    /** The alternating runs at 256-784-512-10: Lanes then the seed, round after round. */
    private String mlpPairs() {
        Table t = new Table("round", "threads", "Lanes best", "median", "mean", "seed best", "median", "mean",
                "speedup best", "median", "mean");
        for (int threads = 1; threads <= 2; threads++) {
            for (int round = 1; ; round++) {
                JmhResult r = find("mlp-pair-t" + threads + "-r" + round, "MlpBench.trainStep", Map.of());
                if (r == null || r.minMicros() == null) {
                    break;
                }
                t.row(stepRow(Integer.toString(round), Integer.toString(threads), r,
                        anchors.seedPairs.get(threads + ":" + round)));
            }
        }
        return "Milliseconds per step at 256-784-512-10, Lanes (`mlp-pair-t*-r*`) and the seed (`seed-pair-t*-r*`) "
                + "run one after the other, round after round.\n\n" + t;
    }

    /** Best, median and mean of both sides and the seed's over Lanes' for each, from a sample-mode run. */
    private static String[] stepRow(String first, String threads, JmhResult lanes, double[] seed) {
        double[] ms = {lanes.minMicros() / 1e3, lanes.medianMicros() / 1e3, lanes.micros() / 1e3};
        String[] row = new String[11];
        row[0] = first;
        row[1] = threads;
        for (int i = 0; i < 3; i++) {
            row[2 + i] = String.format(Locale.ROOT, "%.3f", ms[i]);
            row[5 + i] = seed == null ? "-" : String.format(Locale.ROOT, "%.3f", seed[i]);
            row[8 + i] = seed == null ? "-" : ratio(seed[i], ms[i]);
        }
        return row;
    }

    private String mlpPlot() throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        series.put("Lanes, 1 thread", batches("mlp-t1"));
        series.put("Lanes, 2 threads", batches("mlp-t2"));
        series.put("Lanes scalar path, 1 thread", batches("mlp-scalar"));
        List<double[]> seed = new ArrayList<>();
        Double seedMs = anchors.seedStepMillis.get("1:256-784-512-10");
        if (seedMs != null) {
            seed.add(new double[] {256, 256 / seedMs * 1e3});
        }
        series.put("seed NumPy, 1 thread", seed);
        Charts.line(images.resolve("mlp.png"), "MLP training, 784-512-10", "batch size", "samples/s", series);
        return "![MLP samples/s against batch size](" + imageLink + "/mlp.png)";
    }

    private String allocation() {
        Table t = new Table("run", "benchmark", "parameters", "B/op");
        for (JmhResult r : runs) {
            if (r.bytesPerOp() != null) {
                t.row(r.file(), "`" + r.benchmark() + "`", r.params().toString(), fmt(r.bytesPerOp()));
            }
        }
        return "`gc.alloc.rate.norm` from `-prof gc`: bytes allocated per call, averaged over the measurement "
                + "(JMH's own harness contributes a few bytes per call at these call rates).\n\n" + t;
    }

    private String commands() {
        List<String> lines = lines("commands.txt");
        return lines.isEmpty() ? "(no commands.txt in the results)" : "```\n" + String.join("\n", lines) + "\n```";
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private interface Plot {
        String draw() throws IOException;
    }

    private String plot(Plot p) {
        try {
            return p.draw();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> lines(String name) {
        Path f = results.resolve(name);
        try {
            return Files.isRegularFile(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<JmhResult> select(String file, String benchmarkPrefix) {
        List<JmhResult> out = new ArrayList<>();
        for (JmhResult r : runs) {
            if (r.file().equals(file) && r.benchmark().startsWith(benchmarkPrefix)) {
                out.add(r);
            }
        }
        return out;
    }

    private Set<String> shapes(String benchmark, String file) {
        Set<String> out = new LinkedHashSet<>();
        for (JmhResult r : select(file, benchmark)) {
            out.add(r.param("shape"));
        }
        return out;
    }

    private JmhResult find(String file, String benchmark, Map<String, String> params) {
        for (JmhResult r : select(file, benchmark)) {
            if (r.benchmark().equals(benchmark) && r.params().entrySet().containsAll(params.entrySet())) {
                return r;
            }
        }
        return null;
    }

    private Double gflops(String file, String benchmark, String shape) {
        JmhResult r = find(file, benchmark, Map.of("shape", shape));
        if (r == null) {
            return null;
        }
        String[] f = shape.split(":");
        return 2.0 * Double.parseDouble(f[1]) * Double.parseDouble(f[2]) * Double.parseDouble(f[3]) / (r.micros() * 1e3);
    }

    private List<double[]> squares(String file, String benchmark) {
        List<double[]> points = new ArrayList<>();
        for (String shape : shapes(benchmark, file)) {
            String[] f = shape.split(":");
            if (f[0].equals("NN") && f[1].equals(f[2]) && f[2].equals(f[3])) {
                points.add(new double[] {Double.parseDouble(f[1]), gflops(file, benchmark, shape)});
            }
        }
        points.sort((a, b) -> Double.compare(a[0], b[0]));
        return points;
    }

    private List<double[]> batches(String file) {
        List<double[]> points = new ArrayList<>();
        for (JmhResult r : select(file, "MlpBench.trainStep")) {
            String[] f = r.param("shape").split("-");
            if (f[1].equals("784") && f[2].equals("512") && f[3].equals("10")) {
                double batch = Double.parseDouble(f[0]);
                points.add(new double[] {batch, batch / r.micros() * 1e6});
            }
        }
        points.sort((a, b) -> Double.compare(a[0], b[0]));
        return points;
    }

    static String describe(String shape) {
        String[] f = shape.split(":");
        return String.format(Locale.ROOT, "%s %s×%s·%s×%s", f[0], f[1], f[3], f[3], f[2]);
    }

    static String fmt(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String num(Double v) {
        return v == null ? "-" : fmt(v);
    }

    /** a / b with two decimals and an "×", or "-" when either is missing. */
    static String ratio(Double a, Double b) {
        return a == null || b == null ? "-" : String.format(Locale.ROOT, "%.2f×", a / b);
    }

    /** A markdown table. */
    static final class Table {
        private final StringBuilder s = new StringBuilder();

        Table(String... header) {
            s.append("| ").append(String.join(" | ", header)).append(" |\n|");
            for (int i = 0; i < header.length; i++) {
                s.append(i == 0 ? "---|" : "---:|");
            }
            s.append('\n');
        }

        void row(String... cells) {
            s.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }

        @Override
        public String toString() {
            return s.toString();
        }
    }
}
