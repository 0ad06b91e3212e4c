package org.lanes.internal.platform;

/**
 * One level of data (or unified) cache as the blocking model sees it: size, associativity, line size and how many
 * logical CPUs share one instance.
 */
public final class Cache {
    public final int level;
    public final long sizeBytes;
    public final int ways;
    public final int lineBytes;
    public final int sharedBy;

    public Cache(int level, long sizeBytes, int ways, int lineBytes, int sharedBy) {
        if (level < 1 || sizeBytes <= 0 || ways < 1 || lineBytes < 1 || sharedBy < 1) {
            throw new IllegalArgumentException("bad cache level " + level + ": " + sizeBytes + " bytes, " + ways
                    + " ways, line " + lineBytes + ", shared by " + sharedBy);
        }
        this.level = level;
        this.sizeBytes = sizeBytes;
        this.ways = ways;
        this.lineBytes = lineBytes;
        this.sharedBy = sharedBy;
    }

    /** Sets of the cache: size / (ways * line). */
    public long sets() {
        return Math.max(1, sizeBytes / ((long) ways * lineBytes));
    }

    /** Bytes of one way: sets * line. */
    public long wayBytes() {
        return sets() * lineBytes;
    }

    @Override
    public String toString() {
        return "L" + level + " " + human(sizeBytes) + " " + ways + "-way" + (sharedBy > 1 ? " shared by " + sharedBy : "");
    }

    static String human(long bytes) {
        if (bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + " MiB";
        }
        return bytes / 1024 + " KiB";
    }
}
