/**
 * Lanes: SIMD float kernels (SGEMM, layer kernels) and a thin multi-layer perceptron on the Java Vector API.
 *
 * <p>The API is {@code org.lanes} (GEMM, the layer kernels, the library's settings) and {@code org.lanes.nn} (the
 * network, its training, data and checkpoints). Everything under {@code org.lanes.internal} is implementation and
 * not exported: it changes without notice. On the class path (where Spark, the benchmarks and the launcher run
 * Lanes) this descriptor is ignored and the same classes serve.
 */
module org.lanes {
    exports org.lanes;
    exports org.lanes.nn;

    // The vector kernels are loaded reflectively when this module is present (--add-modules
    // jdk.incubator.vector); without it the scalar kernels serve, so it must not be required.
    requires static jdk.incubator.vector;
    // Reads the JVM's options to tell whether C2, which the Vector API needs, is on.
    requires java.management;
    // The warm-up counts its thread's allocation where the runtime has jdk.management (internal.Warmup).
    requires static jdk.management;

    // The command line (org.lanes.cli) only: optional for applications that use the library.
    requires static info.picocli;
    requires static me.tongfei.progressbar;
    // picocli sets the commands' annotated fields and calls their annotated methods reflectively.
    opens org.lanes.cli to info.picocli;
}
