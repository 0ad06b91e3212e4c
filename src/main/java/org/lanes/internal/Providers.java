package org.lanes.internal;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import org.lanes.internal.gemm.PanelWidths;
import org.lanes.internal.kernel.KernelProvider;
import org.lanes.internal.scalar.ScalarProvider;

/**
 * Chooses the kernel implementation once. The vector implementation is loaded reflectively so that no
 * class outside its package links against {@code jdk.incubator.vector}: without the module the library
 * still loads and runs on the scalar implementation, after one warning that says why.
 */
public final class Providers {
    private static final String VECTOR_CLASS = "org.lanes.internal.vector.VectorProvider";
    private static final System.Logger LOG = System.getLogger("org.lanes");

    private Providers() {
    }

    /** A malformed {@code -Dlanes.*} setting, kept so that every later call reports it (see {@link #active}). */
    private static volatile IllegalArgumentException badSetting;

    private static final class Holder {
        static final KernelProvider ACTIVE = chooseAndAnnounce();
    }

    private static KernelProvider chooseAndAnnounce() {
        try {
            return announce(choose());
        } catch (RuntimeException | ExceptionInInitializerError e) {
            IllegalArgumentException bad = settingError(e);
            if (bad == null) {
                throw e;
            }
            badSetting = bad;
            throw bad;
        }
    }

    /**
     * The IllegalArgumentException of a malformed {@code -Dlanes.*} setting behind {@code t}, through the wrappers
     * that reflection and class initialisation put around it; null when {@code t} is something else.
     */
    private static IllegalArgumentException settingError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IllegalArgumentException) {
                return (IllegalArgumentException) c;
            }
            if (!(c instanceof InvocationTargetException || c instanceof ExceptionInInitializerError)) {
                return null;
            }
        }
        return null;
    }

    /** The one INFO line at start-up: which kernels, which architecture configuration, on which machine. */
    private static KernelProvider announce(KernelProvider p) {
        LOG.log(System.Logger.Level.INFO, () -> "Lanes kernels: " + p.name() + ", " + p.vectorBitSize() + "-bit; arch "
                + p.architecture() + "; " + org.lanes.internal.platform.Machine.current());
        PanelWidths.use(p.blockSizes().mr, p.blockSizes().nr);
        Warmup.atStartUp(p);
        return p;
    }

    /**
     * The implementation every public API call uses.
     *
     * @throws IllegalArgumentException naming the property, on every call, when a {@code -Dlanes.*} setting is
     *     malformed: a typo there fails loudly rather than running on other kernels than the ones asked for
     */
    public static KernelProvider active() {
        try {
            return Holder.ACTIVE;
        } catch (LinkageError e) {
            IllegalArgumentException bad = badSetting;
            if (bad == null) {
                throw e;
            }
            throw new IllegalArgumentException(bad.getMessage(), bad);
        }
    }

    /** The plain-Java implementation, always available. */
    public static KernelProvider scalar() {
        return ScalarProvider.INSTANCE;
    }

    /** The vector implementation, or null where it cannot be used here (for tests and benchmarks). */
    public static KernelProvider vectorOrNull() {
        try {
            return whyNotVector() == null ? loadVector() : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static KernelProvider choose() {
        String reason = whyNotVector();
        if (reason == null) {
            try {
                return loadVector();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                IllegalArgumentException bad = settingError(e);
                if (bad != null) {
                    // A malformed -Dlanes.* setting, not a vector problem: report it instead of falling back.
                    throw bad;
                }
                reason = "the vector kernels failed to load (" + (e instanceof InvocationTargetException
                        ? e.getCause() : e) + ")";
            }
        }
        LOG.log(System.Logger.Level.WARNING, "Lanes uses its scalar kernels: " + reason
                + ". For SIMD speed run on a JDK with C2 and pass --add-modules jdk.incubator.vector"
                + " (and leave -Dlanes.vector unset).");
        return ScalarProvider.INSTANCE;
    }

    private static KernelProvider loadVector() throws ReflectiveOperationException {
        return (KernelProvider) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
    }

    /** Null when the vector implementation can be used, otherwise why not. */
    private static String whyNotVector() {
        if ("false".equalsIgnoreCase(System.getProperty("lanes.vector", "true").trim())) {
            return "-Dlanes.vector=false was given";
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "the module jdk.incubator.vector is not in the boot layer";
        }
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted mode")) {
            return "the JVM runs in interpreted mode (-Xint), where vector code is far slower than scalar";
        }
        try {
            List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
            for (String arg : args) {
                if (arg.startsWith("-XX:TieredStopAtLevel=") && !arg.endsWith("=4")) {
                    return "C2 is disabled (" + arg + "), and the Vector API needs it to emit SIMD code";
                }
            }
        } catch (RuntimeException | LinkageError ignored) {
            // java.management is absent (a jlink image without it): assume the default compilers.
        }
        return null;
    }
}
