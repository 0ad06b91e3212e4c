package org.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the allocation probes share: a probe is a main class run in a JVM of its own that prints "cases N", then
 * "case NAME: BYTES" per case (bytes allocated per call once the kernels are compiled); and their test data.
 */
final class AllocationProbes {
    private AllocationProbes() {
    }

    /** Runs {@code command}, checks that it ended well and printed every case; the cases over {@code maxBytes}. */
    static List<String> overBound(List<String> command, long maxBytes) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "the probe did not finish");
        assertEquals(0, p.exitValue(), out);
        List<String> results = out.lines().filter(l -> l.startsWith("case ")).toList();
        String count = out.lines().filter(l -> l.startsWith("cases ")).findFirst().orElse("cases ?");
        assertEquals(count, "cases " + results.size(), out);
        List<String> boxed = new ArrayList<>();
        for (String line : results) {
            long bytes = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            if (bytes > maxBytes) {
                boxed.add(line.substring(5) + " B/call");
            }
        }
        return boxed;
    }

    /** n values in [-0.5, 0.5], repeating every 17. */
    static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 17) * 0.0625f - 0.5f;
        }
        return v;
    }
}
