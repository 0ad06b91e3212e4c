package org.lanes.internal.gemm;

/**
 * The panel widths of the kernels this JVM runs (MR and NR of the chosen provider), handed over once by whoever
 * chooses them, before the first product. {@link Packing} reads them into constants when it is first used: C2
 * removes a loop's array bounds checks (and then unrolls it) only when each index is the loop counter times a
 * constant plus an invariant, so its gathering loops of whole panels are written with these strides built in
 * (docs/decisions/packing-gathers.md). Panels of other widths, and every panel when nothing was handed over,
 * take the general loops, which give the same packed values.
 */
public final class PanelWidths {
    private static volatile int tall;
    private static volatile int wide;

    private PanelWidths() {
    }

    /**
     * Sets the widths {@link Packing} builds into its gathering loops; effective only before its first use.
     *
     * @param tall the micro-tile's rows (MR)
     * @param wide the micro-tile's columns (NR)
     * @throws IllegalArgumentException naming the argument when it is not positive
     */
    public static void use(int tall, int wide) {
        if (tall < 1) {
            throw new IllegalArgumentException("tall must be positive: " + tall);
        }
        if (wide < 1) {
            throw new IllegalArgumentException("wide must be positive: " + wide);
        }
        PanelWidths.tall = tall;
        PanelWidths.wide = wide;
    }

    static int tall() {
        return tall;
    }

    static int wide() {
        return wide;
    }
}
