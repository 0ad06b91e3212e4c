package org.lanes.internal.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Collectors;
import org.lanes.internal.platform.Machine;

/**
 * Block sizes measured on one machine by {@code lanes tune}, kept in a small properties file that later runs read
 * with {@code -Dlanes.wisdom=FILE} (FFTW's wisdom). The file names the machine and the family it was measured
 * for; a run on another machine or family ignores it with a warning, so a file copied to the wrong host costs
 * nothing but the tuning.
 *
 * <pre>
 * machine=AuthenticAMD family 25 model 17, 512-bit vectors, L1 32 KiB 8-way, L2 1 MiB 8-way, L3 32 MiB 16-way
 * arch=zen4
 * kc=1024
 * mc=112
 * nc=1024
 * direct=2197000
 * </pre>
 *
 * {@code direct} (optional) is the direct path's threshold in multiply-adds ({@code BlockSizes.smallProblem}).
 */
public final class Wisdom {
    public final String machine;
    public final String arch;
    public final int kc;
    public final int mc;
    public final int nc;
    /** The direct path's threshold in multiply-adds, or -1 to keep the family's. */
    public final long direct;

    public Wisdom(String machine, String arch, int kc, int mc, int nc, long direct) {
        if (kc < 1 || mc < 1 || nc < 1) {
            throw new IllegalArgumentException("block sizes must be positive: KC=" + kc + " MC=" + mc + " NC=" + nc);
        }
        if (direct < -1) {
            throw new IllegalArgumentException("direct must be a number of multiply-adds (or -1), got " + direct);
        }
        this.direct = direct;
        this.machine = machine;
        this.arch = arch;
        this.kc = kc;
        this.mc = mc;
        this.nc = nc;
    }

    /** What a wisdom file must name to apply here: the CPU, the vector width in use and every cache level. */
    public static String signature(Machine m, int vectorBits) {
        return m.vendor + " family " + m.family + " model " + m.model + ", " + vectorBits + "-bit vectors, "
                + m.caches.stream().map(Object::toString).collect(Collectors.joining(", "));
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
            String direct = p.getProperty("direct");
            return new Wisdom(required(p, "machine", file), required(p, "arch", file), number(p, "kc", file),
                    number(p, "mc", file), number(p, "nc", file), direct == null ? -1 : count(p, "direct", file));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("lanes.wisdom") ? e
                    : new IllegalArgumentException("lanes.wisdom: " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this wisdom to {@code file} (replacing it) with a comment line, for example how it was measured. */
    public void write(Path file, String comment) {
        Properties p = new Properties();
        p.setProperty("machine", machine);
        p.setProperty("arch", arch);
        p.setProperty("kc", Integer.toString(kc));
        p.setProperty("mc", Integer.toString(mc));
        p.setProperty("nc", Integer.toString(nc));
        if (direct >= 0) {
            p.setProperty("direct", Long.toString(direct));
        }
        try {
            StringWriter text = new StringWriter();
            p.store(text, comment);
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write(text.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Whether this wisdom was measured for this machine signature and family. */
    public boolean appliesTo(String signature, String family) {
        return machine.equals(signature) && arch.equals(family);
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

    private static long count(Properties p, String key, Path file) {
        String v = required(p, key, file);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lanes.wisdom: " + file + ": '" + key + "' is not an integer: " + v, e);
        }
    }
}
