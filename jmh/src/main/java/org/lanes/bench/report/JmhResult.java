package org.lanes.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a JMH JSON result file: the benchmark ("GemmBench.sgemm"), its parameters, the primary score
 * (microseconds per operation in this suite), its error, and the allocation per operation when the run used
 * {@code -prof gc}, and the fastest and median call when it ran in JMH's sample mode ({@code -bm sample}; null
 * otherwise). {@code file} is the result file's name without ".json", which says under which settings the
 * run was taken (for example "gemm-t2" for two threads).
 */
record JmhResult(String file, String benchmark, Map<String, String> params, double micros, double error,
                 Double bytesPerOp, Double minMicros, Double medianMicros) {

    static List<JmhResult> read(Path file) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        List<JmhResult> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonArray runs = JsonParser.parseReader(in).getAsJsonArray();
            for (JsonElement e : runs) {
                JsonObject run = e.getAsJsonObject();
                String benchmark = run.get("benchmark").getAsString();
                String[] parts = benchmark.split("\\.");
                String shortName = parts[parts.length - 2] + "." + parts[parts.length - 1];
                Map<String, String> params = new LinkedHashMap<>();
                if (run.has("params")) {
                    for (Map.Entry<String, JsonElement> p : run.getAsJsonObject("params").entrySet()) {
                        params.put(p.getKey(), p.getValue().getAsString());
                    }
                }
                JsonObject primary = run.getAsJsonObject("primaryMetric");
                String unit = primary.get("scoreUnit").getAsString();
                if (!unit.equals("us/op")) {
                    throw new IOException(file + ": " + benchmark + " is in " + unit + ", the report expects us/op");
                }
                double error = primary.get("scoreError").isJsonPrimitive()
                        && primary.get("scoreError").getAsJsonPrimitive().isNumber() ? primary.get("scoreError").getAsDouble() : Double.NaN;
                Double alloc = null;
                JsonObject secondary = run.getAsJsonObject("secondaryMetrics");
                // JMH names the metric "gc.alloc.rate.norm" in JSON and "·gc.alloc.rate.norm" in its text output.
                for (String key : new String[] {"gc.alloc.rate.norm", "·gc.alloc.rate.norm"}) {
                    if (secondary != null && secondary.has(key)) {
                        alloc = secondary.getAsJsonObject(key).get("score").getAsDouble();
                    }
                }
                JsonObject percentiles = primary.getAsJsonObject("scorePercentiles");
                Double min = null;
                Double median = null;
                if (run.get("mode").getAsString().equals("sample") && percentiles != null) {
                    min = percentiles.get("0.0").getAsDouble();
                    median = percentiles.get("50.0").getAsDouble();
                }
                out.add(new JmhResult(name, shortName, params, primary.get("score").getAsDouble(), error, alloc,
                        min, median));
            }
        }
        return out;
    }

    String param(String key) {
        return params.getOrDefault(key, "");
    }
}
