package org.lanes.internal.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where wisdom lives and which file a run uses. {@code lanes tune} and {@code Lanes.tune} write one file per CPU
 * signature ({@link CpuSignature#fileName()}) into a per-user cache folder: {@code -Dlanes.wisdom.dir} when set,
 * else {@code $XDG_CACHE_HOME/lanes}, else {@code ~/.cache/lanes}. At start-up a run reads its signature's file
 * there by itself; {@code -Dlanes.wisdom=FILE} reads that file instead and {@code -Dlanes.wisdom=none} reads
 * none. A file measured on another CPU, vector width, cache geometry, JDK or family is ignored, with the reason
 * logged. Nothing here measures: the library never tunes unasked.
 */
public final class WisdomStore {
    /** {@code -Dlanes.wisdom}: a file, {@code none}, or unset (this signature's file in the cache folder). */
    public static final String PROPERTY = "lanes.wisdom";
    /** {@code -Dlanes.wisdom.dir}: the cache folder (tests and CI point it at a temporary folder). */
    public static final String DIR_PROPERTY = "lanes.wisdom.dir";
    private static final System.Logger LOG = System.getLogger("org.lanes");
    /** At most this many other files are read to say why none applies. */
    private static final int OTHERS_READ = 16;

    private WisdomStore() {
    }

    /** The wisdom a run uses ({@code wisdom}, or null) and a note for the INFO line saying where it came from. */
    public static final class Choice {
        public final Wisdom wisdom;
        public final Path file;
        public final String note;

        Choice(Wisdom wisdom, Path file, String note) {
            this.wisdom = wisdom;
            this.file = file;
            this.note = note;
        }
    }

    /** The per-user cache folder (not created here). */
    public static Path directory() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir.trim());
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "lanes");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "lanes");
    }

    /** The file {@code lanes tune} writes for this signature. */
    public static Path fileFor(CpuSignature signature) {
        return directory().resolve(signature.fileName());
    }

    /** Whether runs look up wisdom by themselves: {@code -Dlanes.wisdom} is unset. */
    public static boolean automatic() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank();
    }

    /** Whether a run here would apply wisdom: a readable file of this signature and family where it would look. */
    public static boolean hasWisdomFor(CpuSignature here, String family) {
        Choice c = choose(here, family, false);
        return c.wisdom != null;
    }

    /** The wisdom for a run on {@code here} with family {@code family}, per {@code -Dlanes.wisdom}; logs why not. */
    public static Choice choose(CpuSignature here, String family) {
        return choose(here, family, true);
    }

    private static Choice choose(CpuSignature here, String family, boolean log) {
        String setting = System.getProperty(PROPERTY);
        if (setting != null && setting.trim().equals("none")) {
            return new Choice(null, null, "wisdom off (-Dlanes.wisdom=none)");
        }
        boolean explicit = setting != null && !setting.isBlank();
        Path file = explicit ? Path.of(setting.trim()) : fileFor(here);
        String origin = explicit ? "-Dlanes.wisdom=" + file : file.toString();
        if (!explicit && !Files.isRegularFile(file)) {
            String note = "no wisdom for this CPU in " + directory() + " (lanes tune writes it)";
            if (log) {
                String others = othersIn(directory(), here, family);
                if (!others.isEmpty()) {
                    LOG.log(System.Logger.Level.INFO, "Lanes wisdom ignored: " + others);
                }
            }
            return new Choice(null, null, note);
        }
        Wisdom w;
        try {
            w = Wisdom.read(file);
        } catch (IllegalArgumentException e) {
            // A broken file costs the tuning, not the kernels: the family's own sizes stay.
            if (log) {
                LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; ignored");
            }
            return new Choice(null, null, "wisdom " + origin + " ignored: unreadable");
        }
        String why = w.mismatch(here, family);
        if (why != null) {
            if (log) {
                LOG.log(System.Logger.Level.WARNING, "Lanes wisdom " + origin + " ignored: " + why);
            }
            return new Choice(null, null, "wisdom " + origin + " ignored: " + why);
        }
        return new Choice(w, file, "tuned: " + origin);
    }

    /** "FILE: reason; FILE: reason" for the wisdom files of other signatures in {@code dir}, or "". */
    private static String othersIn(Path dir, CpuSignature here, String family) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        List<String> reasons = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path f : files) {
                if (reasons.size() == OTHERS_READ) {
                    break;
                }
                try {
                    String why = Wisdom.read(f).mismatch(here, family);
                    reasons.add(f.getFileName() + ": " + (why != null ? why : "another file name"));
                } catch (IllegalArgumentException e) {
                    reasons.add(f.getFileName() + ": unreadable");
                }
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return String.join("; ", reasons);
    }
}
