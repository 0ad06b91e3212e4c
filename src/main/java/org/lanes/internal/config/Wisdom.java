package org.lanes.internal.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What {@code lanes tune} measured on one machine (FFTW's wisdom), kept in a small properties file: the signature
 * it was measured on ({@link CpuSignature}), the family it was measured for, and the choices. Every choice keeps
 * the results' bits (the rounding rule does not depend on block sizes, thresholds or thread counts); only the
 * speed changes.
 *
 * <pre>
 * cpu=AuthenticAMD family 26 model 2
 * vector=512
 * caches=L1 48 KiB 12-way, L2 1 MiB 16-way, L3 32 MiB 16-way shared by 16
 * jdk=17
 * arch=zen5
 * kc=1024
 * mc=256
 * nc=1024
 * direct=2197000
 * minwork=262144
 * units=4
 * split=columns
 * </pre>
 *
 * {@code direct} (optional) is the direct path's threshold in multiply-adds ({@code BlockSizes.smallProblem});
 * {@code minwork} (optional) the multiply-adds each thread gets at least ({@code BlockSizes.minWorkPerThread});
 * {@code units} (optional) the units of work per part of a call on several threads ({@code BlockSizes.unitsPerPart});
 * {@code split} (optional) how such a call is cut when its rows fit one A block: {@code columns} or {@code rows}
 * ({@code BlockSizes.columnUnits}).
 */
public final class Wisdom {
    public final CpuSignature signature;
    public final String arch;
    public final int kc;
    public final int mc;
    public final int nc;
    /** The direct path's threshold in multiply-adds, or -1 to keep the family's. */
    public final long direct;
    /** The least multiply-adds per thread, or -1 to keep the family's. */
    public final long minWork;

    /** The micro-tile height the tuner kept, or -1 to keep the family's. */
    public final int mr;
    /** The units per part of a call on several threads, or -1 to keep the family's. */
    public final int units;
    /** Whether a call on several threads with m at most MC is cut into column units; null keeps the family's. */
    public final Boolean columnUnits;

    public Wisdom(CpuSignature signature, String arch, int kc, int mc, int nc, long direct, long minWork) {
        this(signature, arch, -1, kc, mc, nc, direct, minWork);
    }

    public Wisdom(CpuSignature signature, String arch, int mr, int kc, int mc, int nc, long direct, long minWork) {
        this(signature, arch, mr, kc, mc, nc, direct, minWork, -1);
    }

    public Wisdom(CpuSignature signature, String arch, int mr, int kc, int mc, int nc, long direct, long minWork,
                  int units) {
        this(signature, arch, mr, kc, mc, nc, direct, minWork, units, null);
    }

    public Wisdom(CpuSignature signature, String arch, int mr, int kc, int mc, int nc, long direct, long minWork,
                  int units, Boolean columnUnits) {
        if (units == 0 || units < -1) {
            throw new IllegalArgumentException("units must be a positive number of units per part (or -1), got "
                    + units);
        }
        if (mr == 0 || mr < -1) {
            throw new IllegalArgumentException("mr must be a positive tile height (or -1), got " + mr);
        }
        if (signature == null || arch == null || arch.isBlank()) {
            throw new IllegalArgumentException("wisdom needs a signature and a family: " + signature + ", " + arch);
        }
        if (kc < 1 || mc < 1 || nc < 1) {
            throw new IllegalArgumentException("block sizes must be positive: KC=" + kc + " MC=" + mc + " NC=" + nc);
        }
        if (direct < -1) {
            throw new IllegalArgumentException("direct must be a number of multiply-adds (or -1), got " + direct);
        }
        if (minWork < -1 || minWork == 0) {
            throw new IllegalArgumentException("minwork must be a positive number of multiply-adds (or -1), got "
                    + minWork);
        }
        this.signature = signature;
        this.arch = arch.trim();
        this.mr = mr;
        this.kc = kc;
        this.mc = mc;
        this.nc = nc;
        this.direct = direct;
        this.minWork = minWork;
        this.units = units;
        this.columnUnits = columnUnits;
    }

    /** Reads a wisdom file; an unreadable file or a missing or malformed entry is an error that names the file. */
    public static Wisdom read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("lanes.wisdom: cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            CpuSignature sig = new CpuSignature(required(p, "cpu", file), number(p, "vector", file),
                    required(p, "caches", file), number(p, "jdk", file));
            long mr = optional(p, "mr", file);
            long units = optional(p, "units", file);
            return new Wisdom(sig, required(p, "arch", file), mr > Integer.MAX_VALUE ? 0 : (int) mr,
                    number(p, "kc", file), number(p, "mc", file), number(p, "nc", file), optional(p, "direct", file),
                    optional(p, "minwork", file), units > Integer.MAX_VALUE ? 0 : (int) units, split(p, file));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("lanes.wisdom") ? e
                    : new IllegalArgumentException("lanes.wisdom: " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes this wisdom to {@code file} with a comment line (how it was measured), creating its folder: first to a
     * temporary file beside it, then moved over it, so a reader never sees half a file.
     */
    public void write(Path file, String comment) {
        Properties p = new Properties();
        p.setProperty("cpu", signature.cpu);
        p.setProperty("vector", Integer.toString(signature.vectorBits));
        p.setProperty("caches", signature.caches);
        p.setProperty("jdk", Integer.toString(signature.jdk));
        p.setProperty("arch", arch);
        if (mr > 0) {
            p.setProperty("mr", Integer.toString(mr));
        }
        p.setProperty("kc", Integer.toString(kc));
        p.setProperty("mc", Integer.toString(mc));
        p.setProperty("nc", Integer.toString(nc));
        if (direct >= 0) {
            p.setProperty("direct", Long.toString(direct));
        }
        if (minWork > 0) {
            p.setProperty("minwork", Long.toString(minWork));
        }
        if (units > 0) {
            p.setProperty("units", Integer.toString(units));
        }
        if (columnUnits != null) {
            p.setProperty("split", columnUnits ? "columns" : "rows");
        }
        try {
            StringWriter text = new StringWriter();
            p.store(text, comment);
            Path target = file.toAbsolutePath();
            Path dir = target.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, ".wisdom", ".tmp");
            try {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    w.write(text.toString());
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Null when this wisdom applies to a run on {@code here} that uses family {@code family}; otherwise why not
     * (another CPU, vector width, cache geometry, JDK or family).
     */
    public String mismatch(CpuSignature here, String family) {
        String why = signature.mismatch(here);
        if (why == null && !arch.equals(family)) {
            why = "measured for the " + arch + " family, this run uses " + family;
        }
        return why;
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("lanes.wisdom: " + file + " has no '" + key + "' entry");
        }
        return v.trim();
    }

    private static int number(Properties p, String key, Path file) {
        long v = count(p, key, file);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("lanes.wisdom: " + file + ": '" + key + "' is too large: " + v);
        }
        return (int) v;
    }

    /** The optional {@code split} entry: null when absent, else columns (true) or rows (false). */
    private static Boolean split(Properties p, Path file) {
        String v = p.getProperty("split");
        if (v == null) {
            return null;
        }
        switch (v.trim()) {
            case "columns":
                return Boolean.TRUE;
            case "rows":
                return Boolean.FALSE;
            default:
                throw new IllegalArgumentException("lanes.wisdom: " + file + ": 'split' must be columns or rows, not "
                        + v.trim());
        }
    }

    private static long optional(Properties p, String key, Path file) {
        return p.getProperty(key) == null ? -1 : count(p, key, file);
    }

    private static long count(Properties p, String key, Path file) {
        String v = required(p, key, file);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lanes.wisdom: " + file + ": '" + key + "' is not an integer: " + v, e);
        }
    }
}
