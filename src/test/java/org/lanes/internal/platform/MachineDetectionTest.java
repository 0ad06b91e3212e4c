package org.lanes.internal.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache detection from recorded machines, one per source: a sysfs cache directory, the size line of
 * {@code /proc/cpuinfo}, the table, and the defaults; each level names where it came from.
 */
class MachineDetectionTest {
    /** This project's Zen 5 host: no sysfs cache directory; cpuinfo names the 1 MiB L2. */
    static final String ZEN5 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n"
            + "model name\t: AMD EPYC\nstepping\t: 1\ncache size\t: 1024 KB\nsiblings\t: 2\ncpu cores\t: 2\n"
            + "flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl\ncache_alignment\t: 64\n\n"
            + "processor\t: 1\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\n";
    /** A Sapphire Rapids guest: cpuinfo names the package's L3, 105 MiB for 112 logical CPUs. */
    static final String SAPPHIRE = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\n"
            + "model name\t: Intel(R) Xeon(R) Platinum 8480+\ncache size\t: 107520 KB\nsiblings\t: 112\ncpu cores\t: 56\n"
            + "flags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw\n\n";
    /** An AMD family no table row knows, with a cache size line. */
    static final String FUTURE_AMD = "vendor_id\t: AuthenticAMD\ncpu family\t: 99\nmodel\t\t: 1\nmodel name\t: AMD Next\n"
            + "cache size\t: 2048 KB\nsiblings\t: 8\ncpu cores\t: 4\nflags\t\t: fpu sse2 avx avx2 fma avx512f\n";
    /** A Neoverse N1 (Graviton 2): cpuinfo has no cache line; the table knows the part. */
    static final String NEOVERSE_N1 = "processor\t: 0\nBogoMIPS\t: 243.75\nFeatures\t: fp asimd evtstrm aes crc32\n"
            + "CPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n\n";
    /** Nothing known: another vendor, no cache line. */
    static final String UNKNOWN = "vendor_id\t: SomeVendor\ncpu family\t: 1\nmodel\t\t: 1\nflags\t\t: fpu sse2\n";

    @AfterEach
    void clearProperties() {
        for (String p : new String[] {"lanes.caches", "lanes.cache.l1", "lanes.cache.l2", "lanes.cache.l3"}) {
            System.clearProperty(p);
        }
    }

    @Test
    void sysfsLevelsAreReadAndNamed(@TempDir Path dir) throws IOException {
        writeIndex(dir, 0, "1", "Data", "48K", "12", "0-1");
        writeIndex(dir, 1, "1", "Instruction", "32K", "8", "0-1");
        writeIndex(dir, 2, "2", "Unified", "2048K", "16", "0-1");
        writeIndex(dir, 3, "3", "Unified", "105M", "15", "0-111");
        List<Cache> sysfs = Machine.readCaches(dir);
        assertEquals(3, sysfs.size(), "the instruction cache is left out: " + sysfs);
        Machine m = Machine.fromCpuinfo("recorded", SAPPHIRE, sysfs, 112);
        assertEquals(48 * 1024, m.cache(1).sizeBytes);
        assertEquals(12, m.cache(1).ways);
        assertEquals(2048 * 1024, m.cache(2).sizeBytes);
        assertEquals(105L * 1024 * 1024, m.cache(3).sizeBytes);
        assertEquals(112, m.cache(3).sharedBy);
        for (Cache c : m.caches) {
            assertEquals(Cache.Source.SYSFS, c.source, "sysfs wins over cpuinfo and the table: " + c);
        }
        assertTrue(m.toString().contains("L1 48 KiB 12-way shared by 2 (sysfs)"), m.toString());
    }

    @Test
    void zen5WithoutSysfsTakesL2FromCpuinfoAndTheRestFromTheTable() {
        Machine m = Machine.fromCpuinfo("recorded", ZEN5, List.of(), 2);
        Cache l1 = m.cache(1);
        Cache l2 = m.cache(2);
        Cache l3 = m.cache(3);
        assertEquals(48 * 1024, l1.sizeBytes);
        assertEquals(12, l1.ways);
        assertEquals(Cache.Source.TABLE, l1.source);
        assertEquals(1024 * 1024, l2.sizeBytes, "cpuinfo's 1024 KB on AMD is the L2");
        assertEquals(16, l2.ways, "its ways from the table");
        assertEquals(1, l2.sharedBy, "siblings 2 / cpu cores 2: one thread per core");
        assertEquals(Cache.Source.CPUINFO, l2.source);
        assertEquals(32L * 1024 * 1024, l3.sizeBytes);
        assertEquals(Cache.Source.TABLE, l3.source);
        String s = m.toString();
        assertTrue(s.contains("L1 48 KiB 12-way (table)") && s.contains("L2 1 MiB 16-way (cpuinfo)"), s);
        assertFalse(s.contains("linux"), s);
        assertTrue(m.isZen5());
        assertFalse(m.isZen4());
        assertEquals(2, m.fmaUnits(), "two 512-bit FMA pipes");
    }

    @Test
    void intelCpuinfoNamesThePackageL3() {
        Machine m = Machine.fromCpuinfo("recorded", SAPPHIRE, List.of(), 112);
        Cache l3 = m.cache(3);
        assertEquals(107520L * 1024, l3.sizeBytes);
        assertEquals(112, l3.sharedBy, "siblings: logical CPUs of the package");
        assertEquals(15, l3.ways, "the ways of the table's Sapphire Rapids L3");
        assertEquals(Cache.Source.CPUINFO, l3.source);
        assertEquals(2048 * 1024, m.cache(2).sizeBytes);
        assertEquals(Cache.Source.TABLE, m.cache(2).source);
        assertEquals(48 * 1024, m.cache(1).sizeBytes);
    }

    @Test
    void aCpuTheTableDoesNotKnowKeepsCpuinfoAndDefaults() {
        Machine m = Machine.fromCpuinfo("recorded", FUTURE_AMD, List.of(), 8);
        assertEquals(2048 * 1024, m.cache(2).sizeBytes);
        assertEquals(Cache.Source.CPUINFO, m.cache(2).source);
        assertEquals(8, m.cache(2).ways, "no table row: the default L2's ways");
        assertEquals(2, m.cache(2).sharedBy, "siblings 8 / cpu cores 4");
        assertEquals(Cache.Source.DEFAULT, m.cache(1).source);
        assertEquals(Cache.Source.DEFAULT, m.cache(3).source);
    }

    @Test
    void armPartsComeFromTheTable() {
        Machine m = Machine.fromCpuinfo("recorded", NEOVERSE_N1, List.of(), 64);
        assertTrue(m.isArm());
        assertEquals(0xd0c, m.model, "the CPU part is the model on Arm");
        assertEquals(64 * 1024, m.cache(1).sizeBytes);
        assertEquals(4, m.cache(1).ways);
        assertEquals(Cache.Source.TABLE, m.cache(1).source);
        assertEquals(1024 * 1024, m.cache(2).sizeBytes);
        assertNull(m.cache(3), "the table knows the core and lists no L3 in it");
    }

    @Test
    void nothingKnownMeansDefaultsNamedAsSuch() {
        Machine m = Machine.fromCpuinfo("recorded", UNKNOWN, List.of(), 4);
        assertEquals(3, m.caches.size());
        for (Cache c : m.caches) {
            assertEquals(Cache.Source.DEFAULT, c.source, c.toString());
        }
        assertEquals(Machine.defaultCaches().get(0).sizeBytes, m.cache(1).sizeBytes);
        assertTrue(m.toString().contains("(default)") && !m.toString().contains("linux"), m.toString());
    }

    @Test
    void overridesAreNamedAndCanHideEveryDetectedCache() {
        Machine zen5 = Machine.fromCpuinfo("recorded", ZEN5, List.of(), 2);
        System.setProperty("lanes.caches", "default");
        Machine hidden = Machine.applyOverrides(zen5);
        assertEquals(32 * 1024, hidden.cache(1).sizeBytes);
        assertEquals(Cache.Source.DEFAULT, hidden.cache(2).source);
        assertEquals(512 * 1024, hidden.cache(2).sizeBytes);
        System.setProperty("lanes.cache.l2", "2048:16");
        Machine l2 = Machine.applyOverrides(zen5);
        assertEquals(2048 * 1024, l2.cache(2).sizeBytes);
        assertEquals(Cache.Source.OVERRIDE, l2.cache(2).source);
        assertEquals(Cache.Source.DEFAULT, l2.cache(1).source, "the other levels stay hidden");
        System.setProperty("lanes.caches", "none");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Machine.applyOverrides(zen5));
        assertTrue(e.getMessage().contains("lanes.caches=none"), e.getMessage());
        System.clearProperty("lanes.caches");
        System.setProperty("lanes.cache.l2", "big");
        e = assertThrows(IllegalArgumentException.class, () -> Machine.applyOverrides(zen5));
        assertTrue(e.getMessage().contains("lanes.cache.l2=big"), e.getMessage());
    }

    /** Independent checks of the recorded table: sane geometry, and no CPU matched by two rows. */
    @Test
    void tableRowsAreConsistent() {
        List<CacheTable.Entry> rows = CacheTable.rows();
        for (CacheTable.Entry e : rows) {
            Cache l1 = e.cache(1);
            Cache l2 = e.cache(2);
            assertNotNull(l1, e.name);
            assertNotNull(l2, e.name);
            assertTrue(l1.sizeBytes < l2.sizeBytes, e.name);
            assertTrue(l1.sizeBytes % (l1.ways * 64L) == 0 && l2.sizeBytes % (l2.ways * 64L) == 0,
                    e.name + ": whole sets");
            assertTrue(e.firstModel <= e.lastModel, e.name);
            for (Cache c : e.caches) {
                assertEquals(Cache.Source.TABLE, c.source);
            }
            for (CacheTable.Entry f : rows) {
                if (f != e && f.vendor.equals(e.vendor) && f.family == e.family) {
                    assertTrue(f.lastModel < e.firstModel || f.firstModel > e.lastModel, e.name + " overlaps " + f.name);
                }
            }
        }
        assertEquals("Zen 5 (Turin)", CacheTable.lookup("AuthenticAMD", 26, 2).name);
        assertNull(CacheTable.lookup("AuthenticAMD", 26, 0xF0));
        assertNull(CacheTable.lookup("GenuineIntel", 26, 2), "the vendor must match too");
    }

    private static void writeIndex(Path dir, int i, String level, String type, String size, String ways, String shared)
            throws IOException {
        Path index = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(index.resolve("level"), level + "\n");
        Files.writeString(index.resolve("type"), type + "\n");
        Files.writeString(index.resolve("size"), size + "\n");
        Files.writeString(index.resolve("ways_of_associativity"), ways + "\n");
        Files.writeString(index.resolve("coherency_line_size"), "64\n");
        Files.writeString(index.resolve("shared_cpu_list"), shared + "\n");
    }
}
