package org.lanes.internal.tune;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.lanes.internal.Providers;
import org.lanes.internal.Warmup;
import org.lanes.internal.config.Architecture;
import org.lanes.internal.config.CpuSignature;
import org.lanes.internal.config.Wisdom;
import org.lanes.internal.config.WisdomStore;
import org.lanes.internal.kernel.KernelProvider;
import org.lanes.internal.platform.Machine;

/**
 * One tuning as {@code lanes tune} and {@code Lanes.tune} run it: from the configuration this JVM starts with, on
 * the kernels it would use, within a budget; the result written as wisdom for this CPU signature.
 */
public final class TuneRun {
    /** The longest wait for the warm-up before tuning. */
    private static final long WARM_UP_WAIT_MILLIS = 30_000;

    /** Budgets below this run the quick search (smaller products, fewer candidates). */
    static final Duration QUICK_BELOW = Duration.ofSeconds(20);
    /** The longest budget a caller may ask for. */
    public static final Duration MAX_BUDGET = Duration.ofHours(1);

    private TuneRun() {
    }

    /** The kernels a fresh start would use: the vector kernels where they can run, else the scalar ones. */
    public static KernelProvider freshProvider() {
        KernelProvider p = Providers.vectorOrNull();
        return p != null ? p : Providers.scalar();
    }

    /** This CPU's signature with the kernels a fresh start would use. */
    public static CpuSignature signature(KernelProvider p) {
        return CpuSignature.of(Machine.current(), p.vectorBitSize());
    }

    /**
     * Tunes within {@code budget} and writes the wisdom to {@code out}, or to this CPU signature's file in the
     * per-user cache when {@code out} is null; returns the file written. Each measurement goes to {@code log}.
     *
     * @throws IllegalArgumentException naming the budget when it is not positive or longer than an hour
     */
    public static Path tuneAndStore(Duration budget, Path out, Consumer<String> log) {
        if (budget == null || budget.isNegative() || budget.isZero() || budget.compareTo(MAX_BUDGET) > 0) {
            throw new IllegalArgumentException("budget must be positive and at most " + MAX_BUDGET + ", got " + budget);
        }
        // The kernels' warm-up (Warmup) compiles the kernel classes the tuner times; let it finish first, so that
        // it neither competes for a core nor leaves a kernel uncompiled while a candidate is measured.
        Providers.active();
        try {
            Warmup.await(WARM_UP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KernelProvider p = freshProvider();
        Architecture start = p.architecture();
        CpuSignature signature = signature(p);
        Path file = out != null ? out : WisdomStore.fileFor(signature);
        log.accept("tuning " + start + " on " + signature + ", about " + budget.toSeconds() + " s");
        Tuner.Result r = new Tuner(p, Machine.current(), log).tune(start, budget, budget.compareTo(QUICK_BELOW) < 0);
        new Wisdom(signature, start.name, r.sizes.mr, r.sizes.kc, r.sizes.mc, r.sizes.nc, r.sizes.smallProblem,
                r.sizes.minWorkPerThread, r.sizes.unitsPerPart, r.sizes.columnUnits).write(file, "lanes tune " + LocalDate.now() + ", " + budget.toSeconds()
                        + " s from " + start.origin + ": " + r.summary);
        log.accept("kept " + r.summary);
        return file;
    }

    /**
     * Where a first tune on this CPU would write its wisdom, or null when there is nothing to tune: wisdom is not
     * looked up by itself ({@code -Dlanes.wisdom} set), a fresh start would run the scalar kernels (whose sizes are
     * fixed), or this CPU signature already has wisdom for its family.
     */
    public static Path untunedWisdomFile() {
        if (!WisdomStore.automatic()) {
            return null;
        }
        KernelProvider p = freshProvider();
        if (p.name().equals("scalar")) {
            return null;
        }
        CpuSignature signature = signature(p);
        return WisdomStore.hasWisdomFor(signature, p.architecture().name) ? null : WisdomStore.fileFor(signature);
    }
}
