package org.lanes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.lanes.internal.Providers;
import org.lanes.internal.kernel.PeakProbe;
import org.lanes.internal.tune.TuneRun;
import org.lanes.internal.tune.Tuner;

/**
 * The tuning entry point for tools such as the command line's {@code tune} and {@code bench}: measuring and
 * storing wisdom (the block sizes, thresholds and per-thread work that suit this CPU and JDK, found at later starts
 * by themselves; docs/gemm.md) and a probe of the core's arithmetic peak. An application needs none of it:
 * {@link Lanes#tune(Duration)} is the one-call form.
 */
public final class Tuning {
    /** The budget of a thorough tune ({@code lanes tune}). */
    public static final Duration DEFAULT_BUDGET = Tuner.DEFAULT_BUDGET;
    /** The budget of a quick tune ({@code lanes tune --quick}, and the one a first run does). */
    public static final Duration QUICK_BUDGET = Tuner.QUICK_BUDGET;

    private Tuning() {
    }

    /**
     * Measures the sizes as {@link Lanes#tune(Duration)} does and writes them as wisdom; budgets under 20 s take
     * the quick search (smaller products, fewer candidates).
     *
     * @param budget the time to spend measuring, positive and at most an hour
     * @param out the file to write, or null for this CPU signature's file in the per-user cache, where later
     *     starts look by themselves (elsewhere, {@code -Dlanes.wisdom=FILE} applies it)
     * @param progress receives one line per measurement and the result
     * @return the file written
     * @throws IllegalArgumentException naming {@code budget} when it is out of range, or {@code progress} when null
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public static Path tune(Duration budget, Path out, Consumer<String> progress) {
        if (progress == null) {
            throw new IllegalArgumentException("progress must not be null");
        }
        return TuneRun.tuneAndStore(budget, out, progress);
    }

    /**
     * Where a first tune on this CPU would write its wisdom, if one is due: wisdom is looked up by itself
     * ({@code -Dlanes.wisdom} unset), a fresh start would run the vector kernels (the scalar ones have fixed
     * sizes), and this CPU signature has no wisdom for its family yet.
     *
     * @return the per-user wisdom file a tune would write, or empty when no tune is due
     */
    public static Optional<Path> untunedWisdomFile() {
        return Optional.ofNullable(TuneRun.untunedWisdomFile());
    }

    /**
     * Runs twelve independent chains of fused multiply-adds on full vector registers with the kernels this JVM
     * uses: a probe of one core's FMA peak, {@link #fmaProbeFlops(int)} floating-point operations per call.
     *
     * @param iterations the steps of each chain, at least 1
     * @return a sum of the chains, to be consumed so that the work cannot be removed
     * @throws IllegalArgumentException naming {@code iterations} when it is below 1
     */
    public static float fmaProbe(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1: " + iterations);
        }
        return ((PeakProbe) Providers.active()).fmaChains(iterations, 0.9999f);
    }

    /**
     * The floating-point operations of one {@link #fmaProbe(int)} call with the kernels this JVM uses.
     *
     * @param iterations the steps of each chain, at least 1
     * @return 24 operations per lane per iteration
     * @throws IllegalArgumentException naming {@code iterations} when it is below 1
     */
    public static double fmaProbeFlops(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1: " + iterations);
        }
        return 24.0 * (Providers.active().vectorBitSize() / 32) * iterations;
    }
}
