package org.lanes.internal.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Each cache level from the best source that knows it: sysfs, then the size line of {@code /proc/cpuinfo}, then
 * the recorded table ({@link CacheTable}), then the defaults ({@link Machine#defaultCaches()}). Every level carries
 * its source, so {@code Lanes.describe()} never presents an assumption as a fact read from the system.
 */
final class CacheFacts {
    private CacheFacts() {
    }

    /**
     * Levels 1 to 3 (and any deeper level sysfs lists) for this CPU; no L3 where sysfs or the table knows the CPU
     * and lists none. {@code sysfs} holds the levels read from the
     * cache directory (empty where it is absent), {@code cpuinfo} the text of {@code /proc/cpuinfo} or null.
     */
    static List<Cache> resolve(List<Cache> sysfs, String cpuinfo, String vendor, int family, int model) {
        CacheTable.Entry row = CacheTable.lookup(vendor, family, model);
        Cache fromCpuinfo = cpuinfo == null ? null : cpuinfoCache(cpuinfo, vendor, row);
        List<Cache> defaults = Machine.defaultCaches();
        List<Cache> out = new ArrayList<>();
        for (int level = 1; level <= 3; level++) {
            Cache c = find(sysfs, level);
            if (c == null && fromCpuinfo != null && fromCpuinfo.level == level) {
                c = fromCpuinfo;
            }
            if (c == null && row != null) {
                c = row.cache(level);
            }
            if (c == null && (level < 3 || (sysfs.isEmpty() && row == null))) {
                // A CPU that sysfs or the table describes without an L3 has none (the model then uses L2).
                c = defaults.get(level - 1);
            }
            if (c != null) {
                out.add(c);
            }
        }
        for (Cache c : sysfs) {
            if (c.level > 3) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The one cache {@code /proc/cpuinfo} names in its {@code cache size} line: Linux fills it from CPUID with the
     * L2 per core on AMD (and Hygon) and with the last level, the L3 of the package, on Intel. Its ways come from
     * the table where the table knows that level, otherwise from the defaults; its sharing from {@code siblings}
     * (logical CPUs per package) and {@code cpu cores}. Null where the line is absent or the vendor unknown.
     */
    static Cache cpuinfoCache(String cpuinfo, String vendor, CacheTable.Entry row) {
        long kib = -1;
        int siblings = -1;
        int cores = -1;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank() && kib >= 0) {
                    break; // the first processor is enough
                }
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("cache size")) {
                kib = kib(value);
            } else if (key.equals("siblings")) {
                siblings = intOr(value, -1);
            } else if (key.equals("cpu cores")) {
                cores = intOr(value, -1);
            }
        }
        if (kib <= 0) {
            return null;
        }
        int level;
        int sharedBy;
        if (vendor.equals("AuthenticAMD") || vendor.equals("HygonGenuine")) {
            level = 2;
            sharedBy = siblings > 0 && cores > 0 ? Math.max(1, siblings / cores) : 1;
        } else if (vendor.equals("GenuineIntel")) {
            level = 3;
            sharedBy = Math.max(1, siblings);
        } else {
            return null;
        }
        Cache known = row != null ? row.cache(level) : null;
        int ways = known != null ? known.ways : Machine.defaultCaches().get(level - 1).ways;
        return new Cache(level, kib * 1024, ways, 64, sharedBy, Cache.Source.CPUINFO);
    }

    /** "1024 KB", "36864 KB" or "2 MB" in KiB; -1 when it is not a size. */
    private static long kib(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("KB")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("MB")) {
            v = v.substring(0, v.length() - 2);
            unit = 1024;
        }
        try {
            return Long.parseLong(v.trim()) * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int intOr(String v, int fallback) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Cache find(List<Cache> caches, int level) {
        for (Cache c : caches) {
            if (c.level == level) {
                return c;
            }
        }
        return null;
    }
}
