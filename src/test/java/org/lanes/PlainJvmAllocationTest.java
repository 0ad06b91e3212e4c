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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lanes.internal.Providers;
import org.lanes.nn.Init;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;

/**
 * Every kernel reaches vector code that allocates nothing, in a JVM started the way an application starts one:
 * {@code --add-modules jdk.incubator.vector} and nothing else (no {@code CompileCommand}, no {@code -Xbatch},
 * default tiers), whatever ran first. Each call order runs in a fresh JVM: one group of calls warms up alone, then
 * every case runs in turn, then each case's bytes per call are counted over all threads. A kernel that C2 compiles
 * with some Vector API calls left as calls on boxed vectors allocates on every call, for the rest of the run
 * (docs/decisions/plain-jvm-compilation.md): on a Zen 5 the fused-B-packing kernel did so in the MLP-first order,
 * 8.3 MB per training step.
 */
class PlainJvmAllocationTest {
    /** Most bytes per call that are not boxing: the counters themselves and rare JIT or GC noise. */
    static final long MAX_BYTES_PER_CALL = 256;

    /** The call orders: which group runs alone first. */
    enum Order {
        /** The seed network's training step (784-512-10 and 784-128-10) first, as a training application does. */
        MLP,
        /** GEMM calls first, large to small, as a GEMM benchmark does. */
        GEMM,
        /** The layer kernels first. */
        KERNELS,
        /** The small products before the large ones. */
        SMALL,
        /** An application's own 256-bit vector code before any Lanes call. */
        SHAPE256
    }

    /** Runs in the fresh JVM: {@code Probe ORDER}; prints "case NAME: BYTES" per case and "cases N". */
    public static final class Probe {
        static volatile float sink;

        public static void main(String[] args) {
            Order order = Order.valueOf(args[0]);
            Cases cases = new Cases();
            if (order == Order.SHAPE256) {
                useShapes(FloatVector.SPECIES_256);
            }
            Map<String, Runnable> first = switch (order) {
                case MLP -> cases.mlp;
                case GEMM, SHAPE256 -> cases.gemmLargeFirst();
                case KERNELS -> cases.kernels;
                case SMALL -> cases.gemmSmallFirst();
            };
            runFor(first, 4_000);
            Map<String, Runnable> all = cases.all();
            runFor(all, 6_000);
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            System.out.println("cases " + all.size());
            for (Map.Entry<String, Runnable> c : all.entrySet()) {
                long perCall = allocated(threads, c.getValue());
                // A kernel called a few times per case may reach C2 late, later still on a loaded host (a CI pass
                // beside other builds failed at 10 s); give it up to 30 s before counting it as boxed for good.
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (perCall > MAX_BYTES_PER_CALL && System.nanoTime() < deadline) {
                    runFor(Map.of(c.getKey(), c.getValue()), 1_000);
                    perCall = allocated(threads, c.getValue());
                }
                System.out.println("case " + c.getKey() + ": " + perCall);
            }
        }

        /** Each case in turn, round after round, for about {@code millis}. */
        static void runFor(Map<String, Runnable> cases, long millis) {
            long end = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < end) {
                for (Runnable r : cases.values()) {
                    r.run();
                }
            }
        }

        /**
         * Bytes allocated by all threads but the warm-up's (which allocates until it has compiled the kernels, on
         * small arrays of its own) per call, over at least 20 calls and 100 ms.
         */
        static long allocated(ThreadMXBean threads, Runnable call) {
            call.run();
            long[] ids = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !t.getName().equals("lanes-warmup")).mapToLong(Thread::getId).toArray();
            long before = sum(threads.getThreadAllocatedBytes(ids));
            long start = System.nanoTime();
            int calls = 0;
            while (calls < 20 || System.nanoTime() - start < 100_000_000L) {
                call.run();
                calls++;
            }
            long after = sum(threads.getThreadAllocatedBytes(ids));
            return (after - before) / calls;
        }

        private static long sum(long[] bytes) {
            long s = 0;
            for (long b : bytes) {
                s += Math.max(0, b);
            }
            return s;
        }

        /** What an application's own vector code might do with another shape. */
        static void useShapes(VectorSpecies<Float> s) {
            float[] x = new float[512];
            float[] y = new float[512];
            for (int i = 0; i < 20_000; i++) {
                FloatVector acc = FloatVector.zero(s);
                for (int j = 0; j + s.length() <= x.length; j += s.length()) {
                    FloatVector v = FloatVector.fromArray(s, x, j);
                    acc = v.fma(FloatVector.fromArray(s, y, j), acc).max(v);
                    acc.intoArray(y, j);
                }
                sink += acc.reduceLanes(VectorOperators.ADD);
            }
        }
    }

    /** The calls measured: every GEMM path, every layer kernel, and the MLP's step. */
    static final class Cases {
        final Map<String, Runnable> gemm = new LinkedHashMap<>();
        final Map<String, Runnable> kernels = new LinkedHashMap<>();
        final Map<String, Runnable> mlp = new LinkedHashMap<>();

        Cases() {
            // Packed, with B packed in the micro-kernel (NN, TN) or by the packing pass (NT); beta 0 and not.
            gemm(false, false, 256, 512, 784, 0f);
            gemm(true, false, 784, 512, 256, 0f);
            gemm(false, true, 256, 784, 512, 0f);
            gemm(false, false, 300, 200, 256, 0.5f);
            gemm(true, false, 200, 300, 96, 0.5f);
            // Direct (unpacked) small products, each form.
            gemm(false, false, 64, 64, 64, 0f);
            // The wide direct tiles: 62 rows as nine of six and two of four, strips of four and two vectors, with
            // beta; strips of four and three.
            gemm(false, false, 62, 160, 40, 0.5f);
            gemm(false, false, 30, 112, 20, 0f);
            gemm(false, false, 37, 48, 29, 0.5f);
            gemm(true, false, 64, 48, 64, 0f);
            gemm(false, true, 48, 64, 64, 0.5f);
            // Narrow C, A transposed; the split-depth rule (A as stored, n <= 10, deep).
            gemm(true, false, 512, 10, 256, 0f);
            gemm(true, false, 512, 3, 128, 0.5f);
            gemm(false, false, 256, 10, 512, 0f);
            gemm(false, true, 100, 1, 200, 0.5f);
            gemm(false, false, 64, 4, 256, 0f);
            // Sparse A (nine values in ten zero, as in a batch of images): the sparse-A path, as stored and transposed.
            sparse(false, 64, 512, 784);
            sparse(true, 784, 512, 64);
            layerKernels();
            step(784, 512, 10, 256);
            step(784, 512, 10, 64);
            step(784, 128, 10, 64);
        }

        Map<String, Runnable> all() {
            Map<String, Runnable> all = new LinkedHashMap<>(gemm);
            all.putAll(kernels);
            all.putAll(mlp);
            return all;
        }

        Map<String, Runnable> gemmLargeFirst() {
            return gemm;
        }

        Map<String, Runnable> gemmSmallFirst() {
            List<String> names = new ArrayList<>(gemm.keySet());
            java.util.Collections.reverse(names);
            Map<String, Runnable> reversed = new LinkedHashMap<>();
            for (String n : names) {
                reversed.put(n, gemm.get(n));
            }
            return reversed;
        }

        private void sparse(boolean transA, int m, int n, int k) {
            float[] a = AllocationProbes.ramp(m * k);
            for (int i = 0; i < a.length; i++) {
                a[i] = i % 10 == 0 ? a[i] + 1f : 0f;
            }
            float[] b = AllocationProbes.ramp(k * n);
            float[] c = new float[m * n];
            int lda = transA ? m : k;
            gemm.put("sgemm sparse A " + (transA ? "TN " : "NN ") + m + "x" + n + "x" + k,
                    () -> Gemm.sgemm(transA, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, c, 0, n));
        }

        private void gemm(boolean transA, boolean transB, int m, int n, int k, float beta) {
            float[] a = AllocationProbes.ramp(m * k);
            float[] b = AllocationProbes.ramp(k * n);
            float[] c = new float[m * n];
            float[] bias = AllocationProbes.ramp(n);
            int lda = transA ? m : k;
            int ldb = transB ? k : n;
            String name = (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m + "x" + n + "x" + k;
            gemm.put("sgemm " + name + " beta " + beta,
                    () -> Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, beta, c, 0, n));
            gemm.put("sgemm+bias+sigmoid " + name, () -> Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0,
                    ldb, 0f, c, 0, n, bias, 0, Activation.SIGMOID));
        }

        private void layerKernels() {
            int rows = 64;
            int cols = 130;
            float[] x = AllocationProbes.ramp(rows * cols);
            float[] y = new float[rows * cols];
            float[] d = new float[rows * cols];
            float[] bias = AllocationProbes.ramp(cols);
            float[] db = new float[cols];
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = i % cols;
            }
            int[] picked = new int[rows];
            for (Activation act : Activation.values()) {
                kernels.put("activate " + act, () -> Kernels.activate(act, rows, cols, x, 0, cols, y, 0, cols));
                kernels.put("activateBackward " + act,
                        () -> Kernels.activateBackward(act, rows, cols, y, 0, cols, x, 0, cols, d, 0, cols));
            }
            kernels.put("addBias", () -> Kernels.addBias(rows, cols, x, 0, cols, bias, 0, y, 0, cols));
            kernels.put("columnSums", () -> Kernels.columnSums(rows, cols, 1f, x, 0, cols, db, 0));
            kernels.put("softmax", () -> Kernels.softmax(rows, cols, x, 0, cols, y, 0, cols));
            kernels.put("logSoftmax", () -> Kernels.logSoftmax(rows, cols, x, 0, cols, y, 0, cols));
            kernels.put("crossEntropy", () -> Probe.sink += Kernels.crossEntropy(rows, cols, x, 0, cols, labels, 0));
            kernels.put("softmaxCrossEntropyGradient", () -> Probe.sink +=
                    Kernels.softmaxCrossEntropyGradient(rows, cols, x, 0, cols, labels, 0, d, 0, cols));
            kernels.put("argmax", () -> Kernels.argmax(rows, cols, x, 0, cols, picked, 0));
            kernels.put("accuracy", () -> Probe.sink += (float) Kernels.accuracy(rows, cols, x, 0, cols, labels, 0));
            // Rows shorter than a vector (the output layer's ten classes) take their own path.
            int classes = 10;
            int[] some = new int[256];
            for (int i = 0; i < some.length; i++) {
                some[i] = i % classes;
            }
            float[] z = AllocationProbes.ramp(256 * classes);
            float[] dz = new float[256 * classes];
            kernels.put("softmaxCrossEntropyGradient 256x10", () -> Probe.sink +=
                    Kernels.softmaxCrossEntropyGradient(256, classes, z, 0, classes, some, 0, dz, 0, classes));
            kernels.put("crossEntropy 256x10", () -> Probe.sink +=
                    Kernels.crossEntropy(256, classes, z, 0, classes, some, 0));
            kernels.put("softmax 256x10", () -> Kernels.softmax(256, classes, z, 0, classes, dz, 0, classes));
            kernels.put("axpy", () -> Kernels.axpy(x.length, 0.5f, x, 0, y, 0));
            kernels.put("scale", () -> Kernels.scale(y.length, 0.5f, y, 0));
        }

        private void step(int inputs, int hidden, int classes, int batch) {
            Mlp net = Mlp.create(new int[] {inputs, hidden, classes}, Activation.SIGMOID, Init.XAVIER, 7L)
                    .optimizer(Sgd.of(0.01f));
            float[] x = AllocationProbes.ramp(batch * inputs);
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = i % classes;
            }
            mlp.put("Mlp.trainStep " + inputs + "-" + hidden + "-" + classes + " batch " + batch,
                    () -> Probe.sink += net.trainStep(x, labels, batch));
        }

    }

    /**
     * ORDER:THREADS:WARMUP. The kernels are checked whatever the application calls first, without the warm-up (off by
     * default), and once with it started at first use ({@code -Dlanes.warmup=true}), which compiles the kernels in an
     * order of its own.
     */
    @ParameterizedTest
    @ValueSource(strings = {"MLP:1:off", "MLP:2:off", "GEMM:1:off", "KERNELS:1:off", "SMALL:2:off", "SHAPE256:1:off",
        "MLP:1:on"})
    void everyKernelAllocatesNothingInAPlainJvm(String setting) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Providers.vectorOrNull() != null, "the scalar fallback has no vectors to box");
        String[] parts = setting.split(":");
        Order order = Order.valueOf(parts[0]);
        Assumptions.assumeTrue(order != Order.SHAPE256 || FloatVector.SPECIES_PREFERRED.vectorBitSize() > 256,
                "256-bit vectors are this JVM's own shape");
        List<String> boxed = probe(order, Integer.parseInt(parts[1]), parts[2].equals("on"));
        assertTrue(boxed.isEmpty(), "calls that allocate after warm-up, " + setting + ": " + boxed);
    }

    /** Runs the probe in a fresh JVM with the test JVM's ISA flags only; the cases over the bound. */
    private static List<String> probe(Order order, int threads, boolean warmup)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The flags an application would pass: the vector module (and -XX:UseAVX=2 on that CI pass), nothing else.
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(f -> f.startsWith("--add-modules") || f.equals("jdk.incubator.vector")
                        || f.startsWith("-XX:UseAVX")).toList());
        command.add("-Dlanes.threads=" + threads);
        command.add("-Dlanes.warmup=" + warmup);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        command.add(order.name());
        return AllocationProbes.overBound(command, MAX_BYTES_PER_CALL);
    }
}
