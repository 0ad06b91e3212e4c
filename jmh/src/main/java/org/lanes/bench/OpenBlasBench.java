package org.lanes.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The native ceiling: OpenBLAS's {@code cblas_sgemm(CblasRowMajor, ...)} (the library bundled by
 * org.bytedeco:openblas) on the same shapes as {@link GemmBench}. Operands live off-heap so that no array is
 * copied across JNI. OpenBLAS takes its thread count from the OPENBLAS_NUM_THREADS environment variable, which
 * the forked JVM inherits: run it with the same count as -Dlanes.threads.
 */
@State(Scope.Benchmark)
public class OpenBlasBench extends LanesBenchmark {
    @Param({"NN:128:128:128", "NN:512:512:512", "NN:1024:1024:1024", "NN:256:512:784", "TN:784:512:256", "NT:256:784:512"})
    public String shape;

    GemmShape s;
    FloatPointer a;
    FloatPointer b;
    FloatPointer c;

    @Setup(Level.Trial)
    public void setUp() {
        Loader.load(openblas_nolapack.class);
        s = new GemmShape(shape);
        a = new FloatPointer(s.a);
        b = new FloatPointer(s.b);
        c = new FloatPointer(s.c.length);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        c.close();
    }

    @Benchmark
    public FloatPointer sgemm() {
        cblas_sgemm(CblasRowMajor, s.transA ? CblasTrans : CblasNoTrans, s.transB ? CblasTrans : CblasNoTrans,
                s.m, s.n, s.k, 1f, a, s.lda(), b, s.ldb(), 0f, c, s.n);
        return c;
    }
}
