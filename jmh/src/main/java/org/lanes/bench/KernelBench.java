package org.lanes.bench;

import java.util.SplittableRandom;
import org.lanes.Activation;
import org.lanes.internal.Providers;
import org.lanes.internal.RowKernels;
import org.lanes.internal.kernel.KernelProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Layer kernels on rows x cols matrices, the vector implementation beside the scalar one ({@code impl}).
 * Elements/s = rows*cols / time.
 */
@State(Scope.Benchmark)
public class KernelBench extends LanesBenchmark {
    @Param({"256x512", "256x10", "1024x1024", "4096x4096"})
    public String shape;

    @Param({"vector", "scalar"})
    public String impl;

    int rows;
    int cols;
    float[] x;
    float[] y;
    float[] z;
    float[] bias;
    float[] sums;
    int[] labels;
    RowKernels k;

    @Setup(Level.Trial)
    public void setUp() {
        String[] f = shape.split("x");
        rows = Integer.parseInt(f[0]);
        cols = Integer.parseInt(f[1]);
        SplittableRandom rnd = new SplittableRandom(1);
        x = random(rnd, rows * cols);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 8;
        }
        y = random(rnd, rows * cols);
        z = new float[rows * cols];
        bias = random(rnd, cols);
        sums = new float[cols];
        labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = rnd.nextInt(cols);
        }
        KernelProvider p = impl.equals("vector") ? Providers.vectorOrNull() : Providers.scalar();
        if (p == null) {
            throw new IllegalStateException("vector kernels unavailable: run with --add-modules jdk.incubator.vector");
        }
        k = new RowKernels(p);
    }

    @Benchmark
    public float[] sigmoid() {
        k.activate(Activation.SIGMOID, rows, cols, x, 0, cols, y, 0, cols);
        return y;
    }

    @Benchmark
    public float[] tanh() {
        k.activate(Activation.TANH, rows, cols, x, 0, cols, y, 0, cols);
        return y;
    }

    @Benchmark
    public float[] relu() {
        k.activate(Activation.RELU, rows, cols, x, 0, cols, y, 0, cols);
        return y;
    }

    /** dZ = dA * A * (1 - A), with A = x and dA = y, written over y's copy z. */
    @Benchmark
    public float[] sigmoidBackward() {
        k.activateBackward(Activation.SIGMOID, rows, cols, x, 0, cols, y, 0, cols, z, 0, cols);
        return z;
    }

    @Benchmark
    public float[] softmax() {
        k.softmax(rows, cols, x, 0, cols, y, 0, cols);
        return y;
    }

    @Benchmark
    public float[] logSoftmax() {
        k.logSoftmax(rows, cols, x, 0, cols, y, 0, cols);
        return y;
    }

    @Benchmark
    public float crossEntropy() {
        return k.softmaxCrossEntropy(rows, cols, x, 0, cols, labels, 0, null, 0, 0);
    }

    /** The SGD update w -= lr * g over rows*cols weights. */
    @Benchmark
    public float[] axpy() {
        k.provider().axpy(rows * cols, -1e-3f, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] biasAdd() {
        k.addBias(rows, cols, x, 0, cols, bias, 0, y, 0, cols);
        return y;
    }

    @Benchmark
    public float[] columnSums() {
        k.columnSums(rows, cols, 1f / rows, x, 0, cols, sums, 0);
        return sums;
    }

    @Benchmark
    public float softmaxCrossEntropyGradient() {
        return k.softmaxCrossEntropy(rows, cols, x, 0, cols, labels, 0, y, 0, cols);
    }
}
