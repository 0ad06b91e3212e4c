package org.lanes.internal.platform;

import java.util.List;

/**
 * Data caches per CPU model, recorded from the vendors' optimization manuals and technical reference manuals, for
 * hosts whose sysfs has no cache directory (many virtual machines). One core's view: L1d and L2 are per core;
 * L3 is the instance one core shares (a Zen CCX or CCD and the logical CPUs on it) or, for Intel parts whose L3
 * grows with the core count, one core's slice shared by its two hardware threads. Where a manual does not give
 * the L3's associativity the row says 16; the block model reads only the L3's size per sharing CPU.
 *
 * <p>A row matches a vendor ({@code vendor_id}, or "ARM" for Arm's implementer 0x41), a family ({@code cpu
 * family}; 0 on Arm) and a range of models ({@code model}; on Arm the {@code CPU part}). To add a CPU, add a row
 * with its manual as the comment, and a recorded {@code /proc/cpuinfo} in {@code MachineDetectionTest}
 * (docs/gemm.md, "Adding a CPU to the table").
 */
public final class CacheTable {
    /** One row: the CPU models it covers and their caches (level 3 may be absent). */
    public static final class Entry {
        public final String vendor;
        public final int family;
        public final int firstModel;
        public final int lastModel;
        public final String name;
        public final List<Cache> caches;

        Entry(String vendor, int family, int firstModel, int lastModel, String name, List<Cache> caches) {
            this.vendor = vendor;
            this.family = family;
            this.firstModel = firstModel;
            this.lastModel = lastModel;
            this.name = name;
            this.caches = caches;
        }

        public boolean matches(String vendor, int family, int model) {
            return this.vendor.equals(vendor) && this.family == family && model >= firstModel && model <= lastModel;
        }

        /** The level's cache in this row, or null. */
        public Cache cache(int level) {
            for (Cache c : caches) {
                if (c.level == level) {
                    return c;
                }
            }
            return null;
        }
    }

    private static final String AMD = "AuthenticAMD";
    private static final String INTEL = "GenuineIntel";
    private static final String ARM = "ARM";

    private static final List<Entry> ROWS = List.of(
            // AMD Software Optimization Guides for families 17h, 19h and 1Ah.
            row(AMD, 0x17, 0x00, 0x2F, "Zen, Zen+", 32, 8, 512, 8, 8 * 1024, 16, 8),
            row(AMD, 0x17, 0x30, 0x3F, "Zen 2 (Rome)", 32, 8, 512, 8, 16 * 1024, 16, 8),
            row(AMD, 0x17, 0x60, 0x6F, "Zen 2 (Renoir)", 32, 8, 512, 8, 4 * 1024, 16, 8),
            row(AMD, 0x17, 0x70, 0x7F, "Zen 2 (Matisse)", 32, 8, 512, 8, 16 * 1024, 16, 8),
            row(AMD, 0x19, 0x00, 0x0F, "Zen 3 (Milan)", 32, 8, 512, 8, 32 * 1024, 16, 16),
            row(AMD, 0x19, 0x10, 0x1F, "Zen 4 (Genoa)", 32, 8, 1024, 8, 32 * 1024, 16, 16),
            row(AMD, 0x19, 0x20, 0x2F, "Zen 3 (Vermeer)", 32, 8, 512, 8, 32 * 1024, 16, 16),
            row(AMD, 0x19, 0x40, 0x5F, "Zen 3 (Rembrandt, Cezanne)", 32, 8, 512, 8, 16 * 1024, 16, 16),
            row(AMD, 0x19, 0x60, 0x6F, "Zen 4 (Raphael)", 32, 8, 1024, 8, 32 * 1024, 16, 16),
            row(AMD, 0x19, 0x70, 0x7F, "Zen 4 (Phoenix)", 32, 8, 1024, 8, 16 * 1024, 16, 16),
            row(AMD, 0x19, 0xA0, 0xAF, "Zen 4c (Bergamo, Siena)", 32, 8, 1024, 8, 16 * 1024, 16, 16),
            row(AMD, 0x1A, 0x00, 0x0F, "Zen 5 (Turin)", 48, 12, 1024, 16, 32 * 1024, 16, 16),
            row(AMD, 0x1A, 0x10, 0x1F, "Zen 5c (Turin dense)", 48, 12, 1024, 16, 32 * 1024, 16, 32),
            row(AMD, 0x1A, 0x20, 0x2F, "Zen 5 (Strix Point)", 48, 12, 1024, 16, 16 * 1024, 16, 8),
            row(AMD, 0x1A, 0x40, 0x4F, "Zen 5 (Granite Ridge)", 48, 12, 1024, 16, 32 * 1024, 16, 16),
            row(AMD, 0x1A, 0x60, 0x6F, "Zen 5 (Krackan Point)", 48, 12, 1024, 16, 16 * 1024, 16, 8),
            row(AMD, 0x1A, 0x70, 0x7F, "Zen 5 (Strix Halo)", 48, 12, 1024, 16, 32 * 1024, 16, 16),
            // Intel 64 and IA-32 Architectures Optimization Reference Manual; server L3 as one core's slice.
            row(INTEL, 6, 0x55, 0x55, "Skylake-SP, Cascade Lake, Cooper Lake", 32, 8, 1024, 16, 1408, 11, 2),
            row(INTEL, 6, 0x6A, 0x6A, "Ice Lake-SP", 48, 12, 1280, 20, 1536, 12, 2),
            row(INTEL, 6, 0x6C, 0x6C, "Ice Lake-D", 48, 12, 1280, 20, 1536, 12, 2),
            row(INTEL, 6, 0x8F, 0x8F, "Sapphire Rapids", 48, 12, 2048, 16, 1920, 15, 2),
            row(INTEL, 6, 0xCF, 0xCF, "Emerald Rapids", 48, 12, 2048, 16, 5 * 1024, 16, 2),
            row(INTEL, 6, 0xAD, 0xAE, "Granite Rapids", 48, 12, 2048, 16, 4032, 16, 2),
            row(INTEL, 6, 0x4E, 0x4E, "Skylake (client)", 32, 8, 256, 4, 2048, 16, 2),
            row(INTEL, 6, 0x5E, 0x5E, "Skylake (client)", 32, 8, 256, 4, 2048, 16, 2),
            row(INTEL, 6, 0x8E, 0x8E, "Kaby Lake, Coffee Lake, Whiskey Lake (mobile)", 32, 8, 256, 4, 2048, 16, 2),
            row(INTEL, 6, 0x9E, 0x9E, "Kaby Lake, Coffee Lake (desktop)", 32, 8, 256, 4, 2048, 16, 2),
            row(INTEL, 6, 0xA5, 0xA6, "Comet Lake", 32, 8, 256, 4, 2048, 16, 2),
            row(INTEL, 6, 0x7D, 0x7E, "Ice Lake (client)", 48, 12, 512, 8, 2048, 16, 2),
            row(INTEL, 6, 0xA7, 0xA7, "Rocket Lake", 48, 12, 512, 8, 2048, 16, 2),
            row(INTEL, 6, 0x8C, 0x8D, "Tiger Lake", 48, 12, 1280, 20, 3 * 1024, 12, 2),
            row(INTEL, 6, 0x97, 0x97, "Alder Lake (P-core)", 48, 12, 1280, 10, 3 * 1024, 12, 2),
            row(INTEL, 6, 0x9A, 0x9A, "Alder Lake (P-core)", 48, 12, 1280, 10, 3 * 1024, 12, 2),
            row(INTEL, 6, 0xB7, 0xB7, "Raptor Lake (P-core)", 48, 12, 2048, 16, 3 * 1024, 12, 2),
            row(INTEL, 6, 0xBA, 0xBA, "Raptor Lake (P-core)", 48, 12, 2048, 16, 3 * 1024, 12, 2),
            row(INTEL, 6, 0xBF, 0xBF, "Raptor Lake (P-core)", 48, 12, 2048, 16, 3 * 1024, 12, 2),
            row(INTEL, 6, 0xAA, 0xAA, "Meteor Lake (P-core)", 48, 12, 2048, 16, 3 * 1024, 12, 2),
            row(INTEL, 6, 0xAC, 0xAC, "Meteor Lake (P-core)", 48, 12, 2048, 16, 3 * 1024, 12, 2),
            row(INTEL, 6, 0xBD, 0xBD, "Lunar Lake (P-core)", 48, 12, 2560, 10, 3 * 1024, 12, 1),
            row(INTEL, 6, 0xC5, 0xC6, "Arrow Lake (P-core)", 48, 12, 3 * 1024, 12, 3 * 1024, 12, 1),
            // Arm Neoverse technical reference manuals (the L2 as the cloud parts configure it); no L3 in the core.
            row(ARM, 0, 0xD0C, 0xD0C, "Neoverse N1", 64, 4, 1024, 8, 0, 0, 0),
            row(ARM, 0, 0xD40, 0xD40, "Neoverse V1", 64, 4, 1024, 8, 0, 0, 0),
            row(ARM, 0, 0xD49, 0xD49, "Neoverse N2", 64, 4, 1024, 8, 0, 0, 0),
            row(ARM, 0, 0xD4F, 0xD4F, "Neoverse V2", 64, 4, 2048, 8, 0, 0, 0));

    private CacheTable() {
    }

    /** The row for this CPU, or null when the table does not know it. */
    public static Entry lookup(String vendor, int family, int model) {
        for (Entry e : ROWS) {
            if (e.matches(vendor, family, model)) {
                return e;
            }
        }
        return null;
    }

    /** Every row, for tests. */
    static List<Entry> rows() {
        return ROWS;
    }

    private static Entry row(String vendor, int family, int first, int last, String name, int l1Kib, int l1Ways,
                             int l2Kib, int l2Ways, int l3Kib, int l3Ways, int l3SharedBy) {
        Cache l1 = new Cache(1, l1Kib * 1024L, l1Ways, 64, 1, Cache.Source.TABLE);
        Cache l2 = new Cache(2, l2Kib * 1024L, l2Ways, 64, 1, Cache.Source.TABLE);
        List<Cache> caches = l3Kib == 0 ? List.of(l1, l2)
                : List.of(l1, l2, new Cache(3, l3Kib * 1024L, l3Ways, 64, l3SharedBy, Cache.Source.TABLE));
        return new Entry(vendor, family, first, last, name, caches);
    }
}
