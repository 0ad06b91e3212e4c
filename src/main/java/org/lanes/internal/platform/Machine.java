package org.lanes.internal.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What machine this is, read once: CPU vendor, family, model and flags, the widest float vector the ISA offers
 * and its register count, the FMA units per core, and every data cache level. The CPU comes from
 * {@code /proc/cpuinfo} (elsewhere from {@code os.arch} alone); each cache level from the best source that knows
 * it, which it names ({@link Cache.Source}): {@code /sys/devices/system/cpu/cpu0/cache/index*}, the size line of
 * {@code /proc/cpuinfo}, the recorded table per CPU model ({@link CacheTable}), then documented defaults
 * ({@link #defaultCaches()}). System properties override single facts for experiments:
 * {@code -Dlanes.cpu.vendor}, {@code -Dlanes.cpu.family}, {@code -Dlanes.cpu.model}, {@code -Dlanes.cpu.flags}
 * (space-separated), {@code -Dlanes.caches=default} (hide every detected cache: the defaults serve),
 * {@code -Dlanes.cache.l1}, {@code -Dlanes.cache.l2}, {@code -Dlanes.cache.l3} (each {@code SIZE_KIB:WAYS}, for
 * example {@code 48:12}).
 *
 * <p>Nothing here decides what to run: {@link org.lanes.internal.config.Architecture} does, from these facts.
 */
public final class Machine {
    /**
     * Where the CPU's identity came from: "cpuinfo", "os.arch" (no {@code /proc/cpuinfo}) or "recorded" (tests);
     * with "+overrides" when a {@code -Dlanes.cpu.*} or cache property changed a fact. Each cache level names its
     * own source.
     */
    public final String source;
    public final String vendor;
    public final String modelName;
    public final int family;
    public final int model;
    public final Set<String> flags;
    public final List<Cache> caches;
    public final int processors;

    public Machine(String source, String vendor, String modelName, int family, int model, Set<String> flags,
                   List<Cache> caches, int processors) {
        this.source = source;
        this.vendor = vendor;
        this.modelName = modelName;
        this.family = family;
        this.model = model;
        this.flags = Collections.unmodifiableSet(new HashSet<>(flags));
        this.caches = List.copyOf(caches);
        this.processors = processors;
    }

    /** A malformed override, kept so that every later call reports it, not the failed class initialisation. */
    private static volatile IllegalArgumentException badOverride;

    private static final class Holder {
        static final Machine THIS = detectWithOverrides();
    }

    private static Machine detectWithOverrides() {
        try {
            return applyOverrides(detect());
        } catch (IllegalArgumentException e) {
            badOverride = e;
            throw e;
        }
    }

    /**
     * The machine the JVM runs on, with any system-property overrides applied.
     *
     * @throws IllegalArgumentException naming the property, on every call, when an override is malformed
     */
    public static Machine current() {
        try {
            return Holder.THIS;
        } catch (LinkageError e) {
            IllegalArgumentException bad = badOverride;
            if (bad == null) {
                throw e;
            }
            throw new IllegalArgumentException(bad.getMessage(), bad);
        }
    }

    public boolean isAmd() {
        return vendor.equals("AuthenticAMD");
    }

    public boolean isArm() {
        return vendor.equals("ARM") || flags.contains("asimd");
    }

    /** The widest float vector the ISA offers, in bits (the JVM may use less, for example with -XX:UseAVX=2). */
    public int isaVectorBits() {
        if (flags.contains("avx512f")) {
            return 512;
        }
        if (flags.contains("avx2") || flags.contains("avx")) {
            return 256;
        }
        if (flags.contains("sse2") || flags.contains("asimd")) {
            return 128;
        }
        return 32;
    }

    /** Vector registers of the widest ISA: 32 with AVX-512 or on ARM (NEON, SVE), 16 with AVX/AVX2/SSE. */
    public int vectorRegisters() {
        return flags.contains("avx512f") || isArm() ? 32 : 16;
    }

    /**
     * Vector registers that the JVM's vector code of {@code vectorBits} has: on x86 the upper 16 need AVX-512's
     * encoding, which HotSpot is sure to use only with 512-bit vectors; with 256-bit ones the JVM may run AVX2
     * code (-XX:UseAVX=2 on an AVX-512 core) and has 16. An 8 x 2V tile counted on 32 there spilled
     * (docs/decisions/self-tuning.md). ARM's 32 are always there.
     */
    public int vectorRegisters(int vectorBits) {
        return isArm() || vectorBits >= 512 ? vectorRegisters() : Math.min(16, vectorRegisters());
    }

    /**
     * Full-width FMA results per cycle and core, as published for each family: two on Intel cores with
     * AVX-512 server parts (ports 0+1 fused and port 5) and on every AVX2 core since Haswell and Zen 1; one
     * 512-bit FMA per cycle on Zen 4 (each runs as two 256-bit halves, so zmm and ymm peaks are equal); two full
     * 512-bit FMA pipes on Zen 5 (of its four FP pipes); two on ARM Neoverse-class cores (a guess for others, documented as such).
     */
    public int fmaUnits() {
        if (isAmd() && family == 25 && flags.contains("avx512f")) {
            return 1;
        }
        return 2;
    }

    /** The data or unified cache of {@code level}, or null. */
    public Cache cache(int level) {
        for (Cache c : caches) {
            if (c.level == level) {
                return c;
            }
        }
        return null;
    }

    /** Zen 5 is AMD family 26 (0x1A); every Zen 5 part has AVX-512. */
    public boolean isZen5() {
        return isAmd() && family == 26 && flags.contains("avx512f");
    }

    /** Zen 4 is AMD family 25 (0x19) with AVX-512. */
    public boolean isZen4() {
        return isAmd() && family == 25 && flags.contains("avx512f");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(modelName.isEmpty() ? vendor : modelName)
                .append(" (").append(vendor).append(" family ").append(family).append(" model ").append(model)
                .append(", ").append(processors).append(" CPUs, ")
                .append(isaVectorBits()).append("-bit ISA vectors, ").append(vectorRegisters()).append(" registers, ")
                .append(fmaUnits()).append(" FMA/cycle");
        for (Cache c : caches) {
            sb.append(", ").append(c);
        }
        return sb.append("; CPU from ").append(source).append(')').toString();
    }

    // ---- detection ----

    /**
     * The machine as detected, without the {@code -Dlanes.cpu.*} and cache overrides: for a check that hides the
     * caches from the configuration and still needs to know what the best-informed one would be.
     */
    public static Machine detectedWithoutOverrides() {
        return detect();
    }

    static Machine detect() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String cpuinfo = read(Path.of("/proc/cpuinfo"));
        List<Cache> sysfs = readCaches(Path.of("/sys/devices/system/cpu/cpu0/cache"));
        if (cpuinfo == null) {
            String arch = System.getProperty("os.arch", "");
            Set<String> flags = new HashSet<>();
            if (arch.equals("aarch64")) {
                flags.add("asimd");
            } else if (arch.equals("amd64") || arch.equals("x86_64")) {
                flags.add("sse2");
            }
            String vendor = arch.equals("aarch64") ? "ARM" : "unknown";
            return new Machine("os.arch", vendor, "", 0, 0, flags, CacheFacts.resolve(sysfs, null, vendor, 0, 0), cpus);
        }
        return fromCpuinfo("cpuinfo", cpuinfo, sysfs, cpus);
    }

    /**
     * The facts of a recorded {@code /proc/cpuinfo} text (its first processor) and the cache levels its sysfs
     * listed ({@code sysfs}, empty where the directory is absent); the levels sysfs lacks come from the cpuinfo
     * text's size line, the table and the defaults ({@link CacheFacts}). On Arm the {@code CPU part} is the model.
     */
    public static Machine fromCpuinfo(String source, String cpuinfo, List<Cache> sysfs, int processors) {
        String vendor = "unknown";
        String name = "";
        int family = 0;
        int model = 0;
        Set<String> flags = new HashSet<>();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank() && !flags.isEmpty()) {
                    break; // the first processor is enough
                }
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id":
                    vendor = value;
                    break;
                case "CPU implementer":
                    vendor = "ARM";
                    break;
                case "CPU part":
                    model = parseInt(value);
                    break;
                case "model name":
                    name = value;
                    break;
                case "cpu family":
                    family = parseInt(value);
                    break;
                case "model":
                    model = parseInt(value);
                    break;
                case "flags":
                case "Features":
                    Collections.addAll(flags, value.toLowerCase(Locale.ROOT).split("\\s+"));
                    break;
                default:
                    break;
            }
        }
        return new Machine(source, vendor, name, family, model, flags,
                CacheFacts.resolve(sysfs, cpuinfo, vendor, family, model), processors);
    }

    /**
     * Caches assumed where none can be read: 32 KiB 8-way L1, 512 KiB 8-way L2, 8 MiB 16-way L3 shared by all
     * CPUs, 64-byte lines. Small enough for any current desktop or server core, so blocks never overflow.
     */
    public static List<Cache> defaultCaches() {
        return List.of(new Cache(1, 32 * 1024, 8, 64, 1, Cache.Source.DEFAULT),
                new Cache(2, 512 * 1024, 8, 64, 1, Cache.Source.DEFAULT),
                new Cache(3, 8L * 1024 * 1024, 16, 64, Math.max(1, Runtime.getRuntime().availableProcessors()),
                        Cache.Source.DEFAULT));
    }

    /** Data and unified caches from a Linux {@code cache} directory, by level; empty when unreadable. */
    public static List<Cache> readCaches(Path dir) {
        List<Cache> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            String type = readTrim(index.resolve("type"));
            if (type == null) {
                break;
            }
            if (type.equals("Instruction")) {
                continue;
            }
            try {
                int level = Integer.parseInt(readTrim(index.resolve("level")));
                long size = parseSize(readTrim(index.resolve("size")));
                int ways = Integer.parseInt(readTrim(index.resolve("ways_of_associativity")));
                int line = Integer.parseInt(readTrim(index.resolve("coherency_line_size")));
                int shared = countCpus(readTrim(index.resolve("shared_cpu_list")));
                if (ways <= 0) {
                    // Fully associative or unknown: treat as 16-way, which the model handles conservatively.
                    ways = 16;
                }
                out.add(new Cache(level, size, ways, line, shared));
            } catch (RuntimeException e) {
                return List.of();
            }
        }
        out.sort((x, y) -> Integer.compare(x.level, y.level));
        return out;
    }

    /** "48K", "2048K", "300M" or plain bytes. */
    static long parseSize(String s) {
        s = s.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("K")) {
            unit = 1024;
        } else if (s.endsWith("M")) {
            unit = 1024L * 1024;
        } else if (s.endsWith("G")) {
            unit = 1024L * 1024 * 1024;
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        return Long.parseLong(digits.trim()) * unit;
    }

    /** Number of CPUs in a list such as "0-3,8,10-11". */
    static int countCpus(String list) {
        if (list == null || list.isBlank()) {
            return 1;
        }
        int count = 0;
        for (String part : list.trim().split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                count++;
            } else {
                count += Integer.parseInt(part.substring(dash + 1).trim()) - Integer.parseInt(part.substring(0, dash).trim()) + 1;
            }
        }
        return Math.max(1, count);
    }

    static Machine applyOverrides(Machine m) {
        String vendor = System.getProperty("lanes.cpu.vendor", m.vendor);
        int family = intProperty("lanes.cpu.family", m.family);
        int model = intProperty("lanes.cpu.model", m.model);
        Set<String> flags = m.flags;
        String f = System.getProperty("lanes.cpu.flags");
        if (f != null) {
            flags = new HashSet<>();
            Collections.addAll(flags, f.trim().toLowerCase(Locale.ROOT).split("\\s+"));
        }
        List<Cache> caches = new ArrayList<>(m.caches);
        boolean changed = !vendor.equals(m.vendor) || family != m.family || model != m.model || f != null;
        String hide = System.getProperty("lanes.caches");
        if (hide != null && !hide.isBlank()) {
            if (!hide.trim().equals("default")) {
                throw new IllegalArgumentException("-Dlanes.caches=" + hide + " is not 'default' (the only value: "
                        + "hide every detected cache and use the documented defaults)");
            }
            caches = new ArrayList<>(defaultCaches());
            changed = true;
        }
        for (int level = 1; level <= 3; level++) {
            String spec = System.getProperty("lanes.cache.l" + level);
            if (spec == null) {
                continue;
            }
            String[] parts = spec.trim().split(":");
            try {
                long size = Long.parseLong(parts[0].trim()) * 1024;
                int ways = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 8;
                final int lv = level;
                Cache old = null;
                for (Cache c : caches) {
                    old = c.level == lv ? c : old;
                }
                caches.removeIf(c -> c.level == lv);
                caches.add(new Cache(level, size, ways, old == null ? 64 : old.lineBytes, old == null ? 1 : old.sharedBy,
                        Cache.Source.OVERRIDE));
                changed = true;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("-Dlanes.cache.l" + level + "=" + spec
                        + " is not SIZE_KIB:WAYS (for example 48:12)", e);
            }
        }
        if (!changed) {
            return m;
        }
        caches.sort((x, y) -> Integer.compare(x.level, y.level));
        return new Machine(m.source + "+overrides", vendor, m.modelName, family, model, flags, caches, m.processors);
    }

    private static int intProperty(String name, int fallback) {
        String v = System.getProperty(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + v + " is not an integer", e);
        }
    }

    private static int parseInt(String v) {
        try {
            return v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String readTrim(Path p) {
        String s = read(p);
        return s == null ? null : s.trim();
    }
}
