package org.lanes.internal.platform;

import java.util.Locale;

/**
 * One level of data (or unified) cache as the blocking model sees it: size, associativity, line size, how many
 * logical CPUs share one instance, and where these facts came from ({@link Source}).
 */
public final class Cache {
    /**
     * Where a cache level's facts came from, best first: the kernel's cache directory in sysfs, the size line of
     * {@code /proc/cpuinfo} (ways from the table where it knows the level), the recorded table per CPU model
     * ({@link CacheTable}), the documented defaults ({@link Machine#defaultCaches()}), or a {@code -Dlanes.cache.lN}
     * override.
     */
    public enum Source {
        SYSFS, CPUINFO, TABLE, DEFAULT, OVERRIDE;

        /** The lower-case name {@code describe()} prints: "sysfs", "cpuinfo", "table", "default", "override". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public final int level;
    public final long sizeBytes;
    public final int ways;
    public final int lineBytes;
    public final int sharedBy;
    public final Source source;

    /** A level as read from sysfs (or recorded from a sysfs listing). */
    public Cache(int level, long sizeBytes, int ways, int lineBytes, int sharedBy) {
        this(level, sizeBytes, ways, lineBytes, sharedBy, Source.SYSFS);
    }

    public Cache(int level, long sizeBytes, int ways, int lineBytes, int sharedBy, Source source) {
        if (level < 1 || sizeBytes <= 0 || ways < 1 || lineBytes < 1 || sharedBy < 1 || source == null) {
            throw new IllegalArgumentException("bad cache level " + level + ": " + sizeBytes + " bytes, " + ways
                    + " ways, line " + lineBytes + ", shared by " + sharedBy + ", source " + source);
        }
        this.level = level;
        this.sizeBytes = sizeBytes;
        this.ways = ways;
        this.lineBytes = lineBytes;
        this.sharedBy = sharedBy;
        this.source = source;
    }

    /** The same geometry with another source. */
    public Cache from(Source other) {
        return new Cache(level, sizeBytes, ways, lineBytes, sharedBy, other);
    }

    /** Sets of the cache: size / (ways * line). */
    public long sets() {
        return Math.max(1, sizeBytes / ((long) ways * lineBytes));
    }

    /** Bytes of one way: sets * line. */
    public long wayBytes() {
        return sets() * lineBytes;
    }

    /** The geometry alone, for example "L2 1 MiB 16-way" or "L3 32 MiB 16-way shared by 16" (no source). */
    public String geometry() {
        return "L" + level + " " + human(sizeBytes) + " " + ways + "-way" + (sharedBy > 1 ? " shared by " + sharedBy : "");
    }

    /** The geometry and its source, for example "L1 48 KiB 12-way (table)". */
    @Override
    public String toString() {
        return geometry() + " (" + source.label() + ")";
    }

    static String human(long bytes) {
        if (bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + " MiB";
        }
        return bytes / 1024 + " KiB";
    }
}
