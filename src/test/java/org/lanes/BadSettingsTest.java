package org.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lanes.internal.Providers;

/**
 * A malformed {@code -Dlanes.*} setting makes every call throw an {@link IllegalArgumentException} that names the
 * property: not a silent fall-back to other kernels, and not a {@code NoClassDefFoundError} from a failed class
 * initialisation on the second call. Each setting runs in a JVM of its own ({@link Probe}), since the choice of
 * kernels is made once per JVM.
 */
class BadSettingsTest {
    /** Calls the library twice and prints what each call threw. */
    public static final class Probe {
        public static void main(String[] args) {
            for (int call = 0; call < 2; call++) {
                try {
                    Gemm.sgemm(false, false, 1, 1, 1, 1f, new float[1], 0, 1, new float[1], 0, 1, 0f, new float[1], 0, 1);
                    System.out.println("no exception");
                } catch (Throwable t) {
                    System.out.println(t.getClass().getName() + ": " + t.getMessage());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lanes.arch=foo", "lanes.kc=-1", "lanes.cpu.family=x", "lanes.cache.l1=48K,12",
        "lanes.warmup=maybe", "lanes.warmup.seconds=-3",
        "lanes.caches=none"})
    void everyCallNamesTheMalformedSetting(String setting) throws IOException, InterruptedException {
        boolean vector = Providers.vectorOrNull() != null;
        // The family and block settings configure the vector kernels; the scalar fallback has fixed ones.
        Assumptions.assumeTrue(vector || setting.startsWith("lanes.cpu") || setting.startsWith("lanes.cache"),
                "-D" + setting + " does not apply to the scalar fallback");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vector) {
            command.add("--add-modules");
            command.add("jdk.incubator.vector");
        }
        command.add("-D" + setting);
        // Never the developer's wisdom (the test JVM's own -Dlanes.wisdom=none comes from Surefire, not its flags).
        command.add("-Dlanes.wisdom=none");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not finish");
        String property = setting.substring(0, setting.indexOf('='));
        List<String> calls = out.lines().filter(l -> l.startsWith("java.") || l.equals("no exception")).toList();
        assertEquals(2, calls.size(), out);
        for (String line : calls) {
            assertTrue(line.startsWith("java.lang.IllegalArgumentException: -D" + property + "="), out);
        }
    }
}
