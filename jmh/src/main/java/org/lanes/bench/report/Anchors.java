package org.lanes.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reference figures printed by the scripts in ../shared/anchors, parsed from their saved output. */
final class Anchors {
    private static final Pattern NUMPY_GEMM = Pattern.compile("NN m=(\\d+) k=(\\d+) n=(\\d+):\\s*([\\d.]+) GFLOP/s");
    private static final Pattern SEED_MLP = Pattern.compile("N=(\\d+) D=(\\d+) H=(\\d+) C=(\\d+):\\s*([\\d.]+) ms/step");
    private static final Pattern SEED_STEPS = Pattern.compile(
            "N=(\\d+) D=(\\d+) H=(\\d+) C=(\\d+): steps (\\d+) best ([\\d.]+) median ([\\d.]+) mean ([\\d.]+) ms/step");
    private static final Pattern ELEMENTWISE = Pattern.compile("(\\w+)\\s+(\\d+x\\d+):\\s*([\\d.]+) us");
    private static final Pattern PEAK = Pattern.compile("zmm ([\\d.]+) GFLOP/s\\s+ymm ([\\d.]+) GFLOP/s");

    /** NumPy SGEMM GFLOP/s by "threads:m:n:k" (NumPy computes every shape as A @ B). */
    final Map<String, Double> numpyGemm = new LinkedHashMap<>();
    /** The seed's NumPy MLP step in milliseconds by "threads:batch-input-hidden-classes". */
    final Map<String, Double> seedStepMillis = new LinkedHashMap<>();
    /**
     * The seed's step-time distribution from jmh/seed_steps.py, milliseconds {best, median, mean}, by
     * "threads:batch-input-hidden-classes".
     */
    final Map<String, double[]> seedSteps = new LinkedHashMap<>();
    /** The same for the alternating runs at 256-784-512-10 ("seed-pair-t1-r2.txt"), by "threads:round". */
    final Map<String, double[]> seedPairs = new LinkedHashMap<>();
    /** NumPy element-wise kernels in microseconds by "kernel:rowsxcols" (sigmoid, softmax, bias_add, col_sum). */
    final Map<String, Double> numpyMicros = new LinkedHashMap<>();
    /** The best zmm FMA peak of one core from peak.c, GFLOP/s; NaN when not measured. */
    double peak = Double.NaN;

    static Anchors read(Path dir) throws IOException {
        Anchors a = new Anchors();
        for (int t = 1; t <= 2; t++) {
            for (Matcher m : matches(dir.resolve("openblas-t" + t + ".txt"), NUMPY_GEMM)) {
                a.numpyGemm.put(t + ":" + m.group(1) + ":" + m.group(3) + ":" + m.group(2), Double.parseDouble(m.group(4)));
            }
            for (Matcher m : matches(dir.resolve("seed-mlp-t" + t + ".txt"), SEED_MLP)) {
                a.seedStepMillis.put(t + ":" + m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "-" + m.group(4),
                        Double.parseDouble(m.group(5)));
            }
            for (Matcher m : matches(dir.resolve("seed-steps-t" + t + ".txt"), SEED_STEPS)) {
                a.seedSteps.put(t + ":" + m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "-" + m.group(4),
                        bestMedianMean(m));
            }
        }
        for (int t = 1; t <= 2; t++) {
            for (int r = 1; Files.isRegularFile(dir.resolve("seed-pair-t" + t + "-r" + r + ".txt")); r++) {
                for (Matcher m : matches(dir.resolve("seed-pair-t" + t + "-r" + r + ".txt"), SEED_STEPS)) {
                    a.seedPairs.put(t + ":" + r, bestMedianMean(m));
                }
            }
        }
        for (Matcher m : matches(dir.resolve("numpy-elementwise.txt"), ELEMENTWISE)) {
            a.numpyMicros.put(m.group(1) + ":" + m.group(2), Double.parseDouble(m.group(3)));
        }
        for (Matcher m : matches(dir.resolve("peak.txt"), PEAK)) {
            double zmm = Double.parseDouble(m.group(1));
            a.peak = Double.isNaN(a.peak) ? zmm : Math.max(a.peak, zmm);
        }
        return a;
    }

    private static double[] bestMedianMean(Matcher seedSteps) {
        return new double[] {Double.parseDouble(seedSteps.group(6)), Double.parseDouble(seedSteps.group(7)),
            Double.parseDouble(seedSteps.group(8))};
    }

    private static Iterable<Matcher> matches(Path file, Pattern pattern) throws IOException {
        java.util.List<Matcher> out = new java.util.ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                out.add(m);
            }
        }
        return out;
    }
}
