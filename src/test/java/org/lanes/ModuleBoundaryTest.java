package org.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's module ({@code src/main/java/module-info.java}) exports {@code org.lanes} and {@code org.lanes.nn}
 * only: an application on the module path compiles and runs against the API, cannot compile against
 * {@code org.lanes.internal} and cannot call into it by reflection, and gets the vector kernels when it adds
 * {@code jdk.incubator.vector} and the scalar ones when it does not. On the class path the descriptor is ignored,
 * as Spark, the benchmarks and the launcher rely on. Each case runs a small program in a fresh JVM.
 */
class ModuleBoundaryTest {
    /** The application: a product through the API, then a reflective call into the internals. */
    private static final String PROGRAM = String.join("\n",
            "package probe;",
            "public class Main {",
            "    public static void main(String[] args) throws Exception {",
            "        float[] c = new float[4];",
            "        org.lanes.Gemm.sgemm(2, 2, 2, new float[] {1, 2, 3, 4}, new float[] {1, 0, 0, 1}, c);",
            "        System.out.println(\"sgemm \" + java.util.Arrays.toString(c));",
            "        System.out.println(\"kernels \" + org.lanes.Lanes.describe());",
            "        System.out.println(\"module \" + org.lanes.Gemm.class.getModule().getName());",
            "        try {",
            "            Class.forName(\"org.lanes.internal.Providers\").getMethod(\"active\").invoke(null);",
            "            System.out.println(\"internal accessible\");",
            "        } catch (IllegalAccessException e) {",
            "            System.out.println(\"internal not accessible\");",
            "        }",
            "    }",
            "}");

    @TempDir
    static Path dir;
    private static Path library;
    private static Path program;

    @BeforeAll
    static void compileTheProgram() throws IOException, URISyntaxException {
        library = codeSource(Gemm.class);
        assertTrue(Files.isRegularFile(library.resolve("module-info.class")) || library.toString().endsWith(".jar"),
                "the library is built with its module descriptor: " + library);
        assertEquals("", compile(dir.resolve("program"), "probe.Main", PROGRAM));
        program = dir.resolve("program").resolve("classes");
    }

    @Test
    void onTheModulePathTheApiWorksAndTheInternalsAreClosed() throws Exception {
        List<String> out = run("--module-path", path(library, program), "--add-modules", "jdk.incubator.vector",
                "-m", "probe/probe.Main");
        assertTrue(out.contains("sgemm [1.0, 2.0, 3.0, 4.0]"), out.toString());
        assertTrue(out.contains("module org.lanes"), out.toString());
        assertTrue(out.contains("internal not accessible"), out.toString());
        assertTrue(line(out, "kernels ").startsWith("kernels vector"), "the module added gives the vector kernels: " + out);
    }

    @Test
    void onTheModulePathWithoutTheVectorModuleTheScalarKernelsServe() throws Exception {
        List<String> out = run("--module-path", path(library, program), "-m", "probe/probe.Main");
        assertTrue(out.contains("sgemm [1.0, 2.0, 3.0, 4.0]"), out.toString());
        assertTrue(line(out, "kernels ").startsWith("kernels scalar"), out.toString());
        assertTrue(out.contains("internal not accessible"), out.toString());
    }

    @Test
    void anApplicationOnTheModulePathCannotCompileAgainstTheInternals() throws IOException {
        String errors = compile(dir.resolve("internal-user"), "probe.Internal", String.join("\n",
                "package probe;",
                "public class Internal {",
                "    Object kernels = org.lanes.internal.Providers.active();",
                "}"));
        assertTrue(errors.contains("org.lanes.internal") && errors.contains("does not export"), errors);
    }

    @Test
    void onTheClassPathTheDescriptorIsIgnored() throws Exception {
        String classPath = path(library, program);
        List<String> vector = run("--add-modules", "jdk.incubator.vector", "-cp", classPath, "probe.Main");
        assertTrue(vector.contains("sgemm [1.0, 2.0, 3.0, 4.0]"), vector.toString());
        assertTrue(vector.contains("module null"), "the unnamed module: " + vector);
        assertTrue(vector.contains("internal accessible"), vector.toString());
        assertTrue(line(vector, "kernels ").startsWith("kernels vector"), vector.toString());
        List<String> scalar = run("-cp", classPath, "probe.Main");
        assertTrue(line(scalar, "kernels ").startsWith("kernels scalar"), scalar.toString());
    }

    /** The command line from the module path: picocli reads its commands by reflection (the module opens them). */
    @Test
    void theCommandLineRunsFromTheModulePath() throws Exception {
        String modules = path(library, codeSource(picocli.CommandLine.class),
                codeSource(me.tongfei.progressbar.ProgressBar.class), codeSource(org.jline.terminal.Terminal.class));
        List<String> out = run("--module-path", modules, "--add-modules",
                "info.picocli,me.tongfei.progressbar,jdk.incubator.vector", "-m", "org.lanes/org.lanes.cli.Main", "demo",
                "--train-size", "128", "--test-size", "64", "--epochs", "1", "--hidden", "8", "--threads", "1");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("test accuracy")), out.toString());
    }

    /**
     * Compiles one class of the module {@code probe} (which requires org.lanes); returns "" when it compiles,
     * otherwise the compiler's messages.
     */
    private static String compile(Path out, String className, String source) throws IOException {
        Path src = out.resolve("src");
        Path file = src.resolve("probe").resolve(className.substring("probe.".length()) + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path descriptor = src.resolve("module-info.java");
        Files.writeString(descriptor, "module probe { requires org.lanes; }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JDK");
        StringWriter errors = new StringWriter();
        boolean compiled = javac.getTask(errors, null, null,
                // An empty class path: javac would otherwise take this JVM's, which holds the library's classes.
                List.of("--module-path", library.toString(), "--class-path", src.toString(),
                        "-d", out.resolve("classes").toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file, descriptor))
                .call();
        return compiled ? "" : errors.toString();
    }

    /** Runs a fresh JVM of this JDK with {@code args}; returns its standard output's lines, after exit status 0. */
    private static List<String> run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM finished");
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + "\n" + out);
        return out.lines().collect(Collectors.toList());
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }

    private static Path codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String path(Path... entries) {
        return Stream.of(entries).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
