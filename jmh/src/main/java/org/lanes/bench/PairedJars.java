package org.lanes.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Two builds of Lanes in one JVM, each in a class loader of its own, multiplying the same matrices in blocks that
 * alternate (which goes first alternates too): the way to tell whether a code change made GEMM faster on a host
 * whose speed drifts from minute to minute. Reported per shape: the median of the per-pair ratios (the first
 * jar's time over the second's, above 1 when the second is faster) and each side's best GFLOP/s.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar org.lanes.bench.PairedJars
 * FIRST.jar SECOND.jar [--threads N] [--rounds 15] [--block-ms 60] [--other-shapes] SHAPE...}; a SHAPE of
 * {@code STEP:256-784-512-10} pairs MLP training steps (batch, then the layer sizes) instead of a GEMM
 * ({@code STEP:256-784-512-10:mnist} on the first MNIST training images and labels, read from
 * {@code -Dlanes.mnist=DIR}, default {@code ../shared/data/mnist}, instead of random inputs), one of
 * {@code NN:256:512:784:0.19} a GEMM whose A keeps that share of nonzero values, and one of
 * {@code KERNEL:sigmoid:256:512} a layer kernel ({@link #kernel}) ({@code jmh/paired-jars.sh} builds a
 * jar of a commit and runs it against the working tree's).
 */
public final class PairedJars {
    private PairedJars() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 3) {
            System.err.println("usage: PairedJars FIRST.jar SECOND.jar [--threads N] [--rounds R] [--block-ms MS] SHAPE...");
            System.exit(2);
        }
        PairedOptions o = PairedOptions.parse(args, 2);
        int threads = o.threads[0];
        int rounds = o.rounds;
        double blockMs = o.blockMs;
        if (o.otherShapes) {
            OtherShapes.run();
            System.out.println("# other vector shapes (64 and 128 bits) ran first");
        }
        MethodHandle first = load(args[0], threads);
        MethodHandle second = load(args[1], threads);
        System.out.printf(Locale.ROOT, "# first: %s%n# second: %s%n# %d threads, %d rounds, blocks of about %.0f ms;"
                + " ratio = first's time / second's time%n", args[0], args[1], threads, rounds, blockMs);
        System.out.println("| shape | median ratio | min..max | first best GFLOP/s | second best GFLOP/s |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (String name : o.shapes) {
            Runnable a;
            Runnable b;
            double flops;
            if (name.startsWith("KERNEL:")) {
                String[] f = name.split(":");
                int rows = Integer.parseInt(f[2]);
                int cols = Integer.parseInt(f[3]);
                a = kernel(args[0], threads, f[1], rows, cols);
                b = kernel(args[1], threads, f[1], rows, cols);
                flops = (double) rows * cols;
            } else if (name.startsWith("STEP:")) {
                String[] f = name.substring(5).split(":");
                int[] sizes = java.util.Arrays.stream(f[0].split("-")).mapToInt(Integer::parseInt).toArray();
                boolean mnist = f.length > 1 && f[1].equals("mnist");
                a = step(args[0], threads, sizes, mnist);
                b = step(args[1], threads, sizes, mnist);
                flops = stepFlops(sizes);
            } else {
                GemmShape s = new GemmShape(name);
                a = call(first, s);
                b = call(second, s);
                flops = 2.0 * s.m * s.n * s.k;
            }
            double[] r = Pairing.pairs(b, a, rounds, blockMs);
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.2f..%.2f | %.1f | %.1f |%n", name, r[0], r[1], r[2],
                    flops / r[4], flops / r[3]);
        }
    }

    /** {@code Gemm.sgemm} of the jar at {@code path}, in a loader of its own, with its pool set to {@code threads}. */
    private static MethodHandle load(String path, int threads) throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[] {Path.of(path).toUri().toURL()},
                PairedJars.class.getClassLoader().getParent());
        loader.loadClass("org.lanes.Lanes").getMethod("setThreads", int.class).invoke(null, threads);
        Class<?> gemm = loader.loadClass("org.lanes.Gemm");
        return MethodHandles.publicLookup().findStatic(gemm, "sgemm", MethodType.methodType(void.class, boolean.class,
                boolean.class, int.class, int.class, int.class, float.class, float[].class, int.class, int.class,
                float[].class, int.class, int.class, float.class, float[].class, int.class, int.class));
    }

    /**
     * One training step of a sigmoid MLP ({@code STEP:batch-in-hidden...-classes}, as MlpBench's shapes), built in
     * the jar's own loader with a fixed seed and fixed data, learning rate 0.01.
     */
    private static Runnable step(String path, int threads, int[] sizes, boolean mnist) throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[] {Path.of(path).toUri().toURL()},
                PairedJars.class.getClassLoader().getParent());
        loader.loadClass("org.lanes.Lanes").getMethod("setThreads", int.class).invoke(null, threads);
        Class<?> mlpClass = loader.loadClass("org.lanes.nn.Mlp");
        Class<?> activation = loader.loadClass("org.lanes.Activation");
        Class<?> init = loader.loadClass("org.lanes.nn.Init");
        Class<?> sgd = loader.loadClass("org.lanes.nn.Sgd");
        int batch = sizes[0];
        int[] layers = java.util.Arrays.copyOfRange(sizes, 1, sizes.length);
        Object mlp = mlpClass.getMethod("create", int[].class, activation, init, long.class).invoke(null, layers,
                activation.getField("SIGMOID").get(null), init.getField("XAVIER").get(null), 1L);
        mlpClass.getMethod("optimizer", sgd).invoke(mlp, sgd.getMethod("of", float.class).invoke(null, 0.01f));
        MethodHandle train = MethodHandles.publicLookup().findVirtual(mlpClass, "trainStep",
                MethodType.methodType(float.class, float[].class, int[].class, int.class)).bindTo(mlp);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        float[] x = new float[batch * layers[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = rnd.nextInt(layers[layers.length - 1]);
        }
        if (mnist) {
            Path dir = Path.of(System.getProperty("lanes.mnist", "../shared/data/mnist"));
            Object data = loader.loadClass("org.lanes.nn.Mnist").getMethod("train", Path.class).invoke(null, dir);
            float[] features = (float[]) data.getClass().getMethod("features").invoke(data);
            int[] labels = (int[]) data.getClass().getMethod("labels").invoke(data);
            if (layers[0] != 784 || layers[layers.length - 1] != 10) {
                throw new IllegalArgumentException("an MNIST step takes 784 inputs and 10 classes, got "
                        + java.util.Arrays.toString(layers));
            }
            System.arraycopy(features, 0, x, 0, x.length);
            System.arraycopy(labels, 0, y, 0, batch);
        }
        return () -> {
            try {
                float loss = (float) train.invokeExact(x, y, batch);
                if (!Float.isFinite(loss)) {
                    throw new IllegalStateException("loss " + loss);
                }
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * A layer kernel of the jar's {@code org.lanes.Kernels} on rows x cols ({@code KERNEL:NAME:rows:cols}, NAME one
     * of sigmoid, relu, tanh, sigmoidBackward, reluBackward, tanhBackward, softmax, logSoftmax); its "GFLOP/s" column
     * then counts elements.
     */
    private static Runnable kernel(String path, int threads, String kernel, int rows, int cols) throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[] {Path.of(path).toUri().toURL()},
                PairedJars.class.getClassLoader().getParent());
        loader.loadClass("org.lanes.Lanes").getMethod("setThreads", int.class).invoke(null, threads);
        Class<?> kernels = loader.loadClass("org.lanes.Kernels");
        Class<?> activation = loader.loadClass("org.lanes.Activation");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 8 - 4);
        }
        float[] g = x.clone();
        float[] y = new float[x.length];
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle h;
        Object[] bound;
        if (kernel.endsWith("Backward")) {
            Object act = activation.getField(kernel.substring(0, kernel.length() - 8).toUpperCase(Locale.ROOT))
                    .get(null);
            h = lookup.findStatic(kernels, "activateBackward", MethodType.methodType(void.class, activation, int.class,
                    int.class, float[].class, int.class, int.class, float[].class, int.class, int.class, float[].class,
                    int.class, int.class));
            bound = new Object[] {act, rows, cols, x, 0, cols, g, 0, cols, y, 0, cols};
        } else if (kernel.equals("softmax") || kernel.equals("logSoftmax")) {
            h = lookup.findStatic(kernels, kernel, MethodType.methodType(void.class, int.class, int.class,
                    float[].class, int.class, int.class, float[].class, int.class, int.class));
            bound = new Object[] {rows, cols, x, 0, cols, y, 0, cols};
        } else {
            Object act = activation.getField(kernel.toUpperCase(Locale.ROOT)).get(null);
            h = lookup.findStatic(kernels, "activate", MethodType.methodType(void.class, activation, int.class,
                    int.class, float[].class, int.class, int.class, float[].class, int.class, int.class));
            bound = new Object[] {act, rows, cols, x, 0, cols, y, 0, cols};
        }
        MethodHandle call = MethodHandles.insertArguments(h, 0, bound);
        return () -> {
            try {
                call.invoke();
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** Multiply-add flops of a step: forward, the weight gradients and the input gradients past the first layer. */
    private static double stepFlops(int[] sizes) {
        double f = 0;
        for (int l = 1; l + 1 < sizes.length; l++) {
            double gemm = 2.0 * sizes[0] * sizes[l] * sizes[l + 1];
            f += l == 1 ? 2 * gemm : 3 * gemm;
        }
        return f;
    }

    private static Runnable call(MethodHandle sgemm, GemmShape s) {
        return () -> {
            try {
                sgemm.invokeExact(s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, 0, s.lda(), s.b, 0, s.ldb(), 0f, s.c, 0,
                        s.n);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
