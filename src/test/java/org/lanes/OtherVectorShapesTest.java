package org.lanes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lanes.internal.Providers;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;

/**
 * The vector kernels stay compiled to vector code when other code in the JVM has used other vector shapes first.
 * C2 then sees the JDK's vector methods called with several vector classes, and every Lanes kernel whose vectors
 * it could not type exactly ran boxed: the packed GEMM at 60 % of its speed, a narrow GEMM at a twelfth, each call
 * allocating kilobytes (docs/decisions/exact-vector-types.md). Boxing allocates, so the probe counts the bytes each
 * call allocates on its thread once the kernels are compiled; without the exact-class casts in the kernels every
 * case below allocated 0.5-60 KB per call.
 */
class OtherVectorShapesTest {
    /** Most bytes per call that are not boxing: the count itself and rare JIT or GC noise. */
    private static final long MAX_BYTES_PER_CALL = 64;

    /**
     * Uses 64- and 128-bit vectors (with the argument {@code half}, 256-bit ones only; with {@code clean}, none),
     * then warms each kernel up and prints "case NAME: bytes-per-call".
     */
    public static final class Probe {
        static float sink;

        public static void main(String[] args) {
            if (args.length == 0) {
                useShapes(FloatVector.SPECIES_64, FloatVector.SPECIES_128);
            } else if (args[0].equals("half")) {
                useShapes(FloatVector.SPECIES_256);
            }
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            Map<String, Runnable> cases = cases();
            System.out.println("cases " + cases.size());
            for (Map.Entry<String, Runnable> c : cases.entrySet()) {
                Runnable call = c.getValue();
                for (int i = 0; i < 3000; i++) {
                    call.run();
                }
                long perCall = allocated(threads, call);
                if (perCall > MAX_BYTES_PER_CALL) {
                    // Not yet compiled by C2 (a kernel called a few times per call reaches its thresholds late),
                    // or never: only the second is a failure.
                    for (int i = 0; i < 30_000; i++) {
                        call.run();
                    }
                    perCall = allocated(threads, call);
                }
                System.out.println("case " + c.getKey() + ": " + perCall);
            }
        }

        /** Bytes this thread allocates per call, over 500 calls. */
        private static long allocated(ThreadMXBean threads, Runnable call) {
            int calls = 500;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            return (threads.getCurrentThreadAllocatedBytes() - before) / calls;
        }

        /**
         * What an application's own vector code might do, with shapes other than Lanes' preferred one, taking the
         * given species in turn.
         */
        @SafeVarargs
        static void useShapes(VectorSpecies<Float>... species) {
            float[] x = new float[512];
            float[] y = new float[512];
            for (int i = 0; i < 20_000; i++) {
                sink += shapes(species[i % species.length], x, y);
            }
        }

        private static float shapes(VectorSpecies<Float> s, float[] x, float[] y) {
            FloatVector acc = FloatVector.zero(s);
            for (int i = 0; i + s.length() <= x.length; i += s.length()) {
                FloatVector v = FloatVector.fromArray(s, x, i);
                acc = v.fma(FloatVector.fromArray(s, y, i), acc).max(v).add(v.mul(v));
                acc = acc.blend(v.neg(), v.compare(VectorOperators.LT, 0f));
                acc.intoArray(y, i);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }

        static Map<String, Runnable> cases() {
            Map<String, Runnable> cases = new LinkedHashMap<>();
            gemm(cases, false, false, 64, 64, 64);
            gemm(cases, false, false, 200, 96, 300);
            gemm(cases, true, false, 200, 96, 300);
            gemm(cases, false, true, 200, 96, 300);
            gemm(cases, false, false, 100, 10, 200);
            gemm(cases, true, false, 100, 10, 200);
            gemm(cases, false, false, 100, 3, 200);
            gemm(cases, false, true, 100, 1, 200);
            gemm(cases, false, false, 37, 48, 29);
            int rows = 33;
            int cols = 70;
            float[] x = AllocationProbes.ramp(rows * cols);
            float[] y = new float[rows * cols];
            float[] d = new float[rows * cols];
            float[] bias = AllocationProbes.ramp(cols);
            float[] db = new float[cols];
            int[] labels = new int[rows];
            for (Activation act : Activation.values()) {
                cases.put("activate " + act, () -> Kernels.activate(act, rows, cols, x, 0, cols, y, 0, cols));
                cases.put("activateBackward " + act,
                        () -> Kernels.activateBackward(act, rows, cols, y, 0, cols, x, 0, cols, d, 0, cols));
            }
            cases.put("addBias", () -> Kernels.addBias(rows, cols, x, 0, cols, bias, 0, y, 0, cols));
            cases.put("columnSums", () -> Kernels.columnSums(rows, cols, 1f, x, 0, cols, db, 0));
            cases.put("softmax", () -> Kernels.softmax(rows, cols, x, 0, cols, y, 0, cols));
            cases.put("logSoftmax", () -> Kernels.logSoftmax(rows, cols, x, 0, cols, y, 0, cols));
            cases.put("softmaxCrossEntropyGradient",
                    () -> sink += Kernels.softmaxCrossEntropyGradient(rows, cols, x, 0, cols, labels, 0, d, 0, cols));
            cases.put("crossEntropy", () -> sink += Kernels.crossEntropy(rows, cols, x, 0, cols, labels, 0));
            int[] picked = new int[rows];
            cases.put("argmax", () -> Kernels.argmax(rows, cols, x, 0, cols, picked, 0));
            cases.put("accuracy", () -> sink += (float) Kernels.accuracy(rows, cols, x, 0, cols, labels, 0));
            cases.put("axpy", () -> Kernels.axpy(x.length, 0.5f, x, 0, y, 0));
            cases.put("scale", () -> Kernels.scale(y.length, 0.5f, y, 0));
            Mlp mlp = Mlp.create(new int[] {50, 40, 10}, Activation.SIGMOID, Init.XAVIER, 1L);
            float[] batch = AllocationProbes.ramp(16 * 50);
            int[] classes = new int[16];
            cases.put("Mlp.trainStep", () -> sink += mlp.trainStep(batch, classes, 16));
            float[] probs = new float[16 * 10];
            cases.put("Mlp.predict", () -> mlp.predict(batch, 0, 16, probs, 0));
            return cases;
        }

        private static void gemm(Map<String, Runnable> cases, boolean transA, boolean transB, int m, int n, int k) {
            float[] a = AllocationProbes.ramp(m * k);
            float[] b = AllocationProbes.ramp(k * n);
            float[] c = new float[m * n];
            float[] bias = AllocationProbes.ramp(n);
            int lda = transA ? m : k;
            int ldb = transB ? k : n;
            String name = (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m + "x" + n + "x" + k;
            cases.put("sgemm " + name,
                    () -> Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, c, 0, n));
            cases.put("sgemm+bias+sigmoid " + name, () -> Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0,
                    ldb, 0f, c, 0, n, bias, 0, Activation.SIGMOID));
        }

    }

    @Test
    void kernelsAllocateNothingAfterOtherVectorShapes() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Providers.vectorOrNull() != null, "the scalar fallback has no vectors to box");
        List<String> boxed = probe(null);
        assertTrue(boxed.isEmpty(), "kernels that allocate after 64- and 128-bit vector code ran: " + boxed);
    }

    /**
     * One other shape only (256-bit vectors beside Lanes' 512-bit ones) leaves two classes in the profiles, which
     * C2 inlines both and merges. One case is known to box there and is the open part of
     * docs/decisions/exact-vector-types.md; every other case must not.
     */
    @Test
    void kernelsAllocateNothingAfterOneOtherShapeBarOneKnownCase() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Providers.vectorOrNull() != null, "the scalar fallback has no vectors to box");
        Assumptions.assumeTrue(FloatVector.SPECIES_PREFERRED.vectorBitSize() == 512,
                "256-bit vectors are this JVM's own shape");
        List<String> boxed = probe("half");
        boxed.removeIf(c -> c.startsWith("sgemm NN 37x48x29:"));
        assertTrue(boxed.isEmpty(), "kernels that allocate after 256-bit vector code ran: " + boxed);
    }

    /** Runs the probe in a JVM of its own with {@code mode} (null: 64- and 128-bit code first); the boxed cases. */
    private static List<String> probe(String mode) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The test JVM's own flags (the vector module, -XX:UseAVX=2 on that pass), one thread, compiled in order.
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(f -> !f.startsWith("-Xmx") && !f.startsWith("-javaagent")).toList());
        command.add("-Dlanes.threads=1");
        // Never the developer's wisdom (the test JVM's own -Dlanes.wisdom=none comes from Surefire, not its flags).
        command.add("-Dlanes.wisdom=none");
        command.add("-Xbatch");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        if (mode != null) {
            command.add(mode);
        }
        return AllocationProbes.overBound(command, MAX_BYTES_PER_CALL);
    }
}
