package org.lanes.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lanes.Lanes;
import org.lanes.internal.config.BlockSizes;
import org.lanes.internal.platform.Machine;

/**
 * The wisdom file: its format, where runs look for it, which file applies (this CPU, vector width, caches, JDK
 * and family), which is ignored and why, the fallback to the family's own sizes, and {@code -Dlanes.wisdom=none}.
 * Every test points the cache folder at a temporary one: none reads or writes the developer's.
 */
class WisdomStoreTest {
    @TempDir
    Path dir;

    private final Machine xeon = Machine.fromCpuinfo("recorded", ArchitectureTest.XEON, ArchitectureTest.XEON_CACHES, 2);
    private final Machine zen4 = Machine.fromCpuinfo("recorded", ArchitectureTest.ZEN4, ArchitectureTest.ZEN4_CACHES, 2);
    private String wisdomBefore;
    private String dirBefore;

    @BeforeEach
    void useTemporaryCache() {
        wisdomBefore = System.getProperty(WisdomStore.PROPERTY);
        dirBefore = System.getProperty(WisdomStore.DIR_PROPERTY);
        System.clearProperty(WisdomStore.PROPERTY);
        System.setProperty(WisdomStore.DIR_PROPERTY, dir.toString());
    }

    @AfterEach
    void restore() {
        restore(WisdomStore.PROPERTY, wisdomBefore);
        restore(WisdomStore.DIR_PROPERTY, dirBefore);
        System.clearProperty("lanes.kc");
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static Wisdom wisdom(CpuSignature s, String arch) {
        return new Wisdom(s, arch, 384, 96, 2048, 100_000, 500_000);
    }

    @Test
    void formatRoundTrips() throws IOException {
        CpuSignature s = CpuSignature.of(xeon, 512, 21);
        Path file = dir.resolve("sub/w.properties");
        wisdom(s, "avx512").write(file, "measured for a test");
        String text = Files.readString(file);
        assertTrue(text.contains("#measured for a test"), text);
        assertTrue(text.contains("cpu=GenuineIntel family 6 model 143") && text.contains("jdk=21")
                && text.contains("vector=512") && text.contains("caches=L1 48 KiB 12-way, L2 2 MiB 16-way"), text);
        Wisdom w = Wisdom.read(file);
        assertEquals(s, w.signature);
        assertEquals("avx512", w.arch);
        assertEquals(384, w.kc);
        assertEquals(96, w.mc);
        assertEquals(2048, w.nc);
        assertEquals(100_000, w.direct);
        assertEquals(500_000, w.minWork);
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left beside it");
        }
        new Wisdom(s, "avx512", 384, 96, 2048, -1, -1).write(file, "without the optional entries");
        Wisdom bare = Wisdom.read(file);
        assertEquals(-1, bare.direct);
        assertEquals(-1, bare.minWork);
        assertEquals(-1, bare.mr, "no tile height: the family's");
        assertEquals(-1, bare.units, "no units per part: the family's");
        new Wisdom(s, "avx512", 12, 384, 96, 2048, -1, -1, 8).write(file, "with units per part");
        assertTrue(Files.readString(file).contains("units=8"));
        assertEquals(8, Wisdom.read(file).units);
        Architecture zen5 = Architecture.build("zen5", Machine.current(), 512);
        assertEquals(8, Architecture.withWisdom(zen5, Wisdom.read(file), "test").gemm.unitsPerPart);
        assertEquals(BlockSizes.DEFAULT_UNITS_PER_PART, zen5.gemm.unitsPerPart);
        assertThrows(IllegalArgumentException.class, () -> new Wisdom(s, "avx512", 12, 384, 96, 2048, -1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Wisdom(s, "avx512", 12, 384, 96, 2048, -1, -1, -2));
        assertThrows(IllegalArgumentException.class, () -> zen5.gemm.withUnitsPerPart(0));
        new Wisdom(s, "avx512", 12, 384, 96, 2048, -1, -1).write(file, "with a tile height");
        assertTrue(Files.readString(file).contains("mr=12"));
        assertEquals(12, Wisdom.read(file).mr);
        assertThrows(IllegalArgumentException.class, () -> new Wisdom(s, "avx512", 0, 384, 96, 2048, -1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Wisdom(s, "avx512", -2, 384, 96, 2048, -1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Wisdom(s, "avx512", 0, 96, 2048, -1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Wisdom(s, "avx512", 384, 96, 2048, -2, -1));
        assertThrows(IllegalArgumentException.class, () -> new Wisdom(s, "avx512", 384, 96, 2048, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Wisdom(s, " ", 384, 96, 2048, -1, -1));
        assertThrows(IllegalArgumentException.class, () -> new CpuSignature("x", 512, "L1", 0));
    }

    /** The optional split entry: written and read back, applied over the family's default, absent keeps it. */
    @Test
    void theSplitOfTwoThreadCallsRoundTrips() throws IOException {
        CpuSignature s = CpuSignature.of(xeon, 512, 21);
        Path file = dir.resolve("split.properties");
        Architecture zen5 = Architecture.build("zen5", Machine.current(), 512);
        assertTrue(zen5.gemm.columnUnits, "column units unless wisdom says otherwise");
        new Wisdom(s, "zen5", -1, 384, 96, 2048, -1, -1, -1, false).write(file, "row chunks");
        assertTrue(Files.readString(file).contains("split=rows"));
        assertEquals(Boolean.FALSE, Wisdom.read(file).columnUnits);
        assertFalse(Architecture.withWisdom(zen5, Wisdom.read(file), "test").gemm.columnUnits);
        new Wisdom(s, "zen5", -1, 384, 96, 2048, -1, -1, -1, true).write(file, "column units");
        assertTrue(Files.readString(file).contains("split=columns"));
        assertTrue(Architecture.withWisdom(zen5.withSizes(zen5.gemm.withColumnUnits(false), "test"), Wisdom.read(file),
                "test").gemm.columnUnits);
        wisdom(s, "zen5").write(file, "no split entry");
        assertFalse(Files.readString(file).contains("split="));
        assertNull(Wisdom.read(file).columnUnits);
        Files.writeString(file, Files.readString(file) + "split=diagonal\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wisdom.read(file));
        assertTrue(e.getMessage().contains("split") && e.getMessage().contains("diagonal")
                && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void oneFileNamePerSignature() {
        CpuSignature a = CpuSignature.of(xeon, 512, 17);
        assertEquals(a.fileName(), CpuSignature.of(xeon, 512, 17).fileName());
        assertTrue(a.fileName().startsWith("GenuineIntel-6-143-512bit-jdk17-") && a.fileName().endsWith(".properties"),
                a.fileName());
        assertNotEquals(a.fileName(), CpuSignature.of(xeon, 512, 25).fileName(), "another JDK");
        assertNotEquals(a.fileName(), CpuSignature.of(xeon, 256, 17).fileName(), "another vector width");
        Machine otherCaches = Machine.fromCpuinfo("recorded", ArchitectureTest.XEON, ArchitectureTest.ZEN4_CACHES, 2);
        assertNotEquals(a.fileName(), CpuSignature.of(otherCaches, 512, 17).fileName(), "other caches");
        assertEquals(dir.resolve(a.fileName()), WisdomStore.fileFor(a));
    }

    @Test
    void theCacheFolderFollowsXdgThenHome() {
        System.clearProperty(WisdomStore.DIR_PROPERTY);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path expected = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg, "lanes")
                : Path.of(System.getProperty("user.home"), ".cache", "lanes");
        assertEquals(expected, WisdomStore.directory());
    }

    /** A run looks up its signature's file by itself and applies it after the family's sizes, before -D overrides. */
    @Test
    void aMatchingFileIsFoundAndApplied() {
        CpuSignature here = CpuSignature.of(xeon, 512);
        Path file = WisdomStore.fileFor(here);
        wisdom(here, "avx512").write(file, "test");
        Architecture a = Architecture.select(xeon, 512);
        assertEquals(384, a.gemm.kc);
        assertEquals(96, a.gemm.mc);
        assertEquals(2048, a.gemm.nc);
        assertEquals(100_000, a.gemm.smallProblem);
        assertEquals(500_000, a.gemm.minWorkPerThread);
        assertEquals("tuned: " + file, a.origin);
        assertTrue(a.toString().contains("tuned: " + file), "the INFO line names the file: " + a);
        assertTrue(WisdomStore.hasWisdomFor(here, "avx512"));
        System.setProperty("lanes.kc", "512");
        assertEquals(512, Architecture.select(xeon, 512).gemm.kc, "-Dlanes.kc is applied after the wisdom");
        System.clearProperty("lanes.kc");
        new Wisdom(here, "avx512", 12, 384, 100, 2048, -1, -1).write(file, "test, a taller tile");
        Architecture tall = Architecture.select(xeon, 512);
        assertEquals(12, tall.gemm.mr);
        assertEquals(12, tall.gemm.transposedAPanel);
        assertEquals(96, tall.gemm.mc, "MC in whole panels of the taller tile");
        assertEquals(384, tall.gemm.kc);
    }

    /** A file for another CPU, JDK or family is ignored, and the note says why. */
    @Test
    void otherCpusJdksAndFamiliesAreRejectedWithTheReason() {
        CpuSignature here = CpuSignature.of(xeon, 512);
        Path file = WisdomStore.fileFor(here);
        BlockSizes own = Architecture.build("avx512", xeon, 512).gemm;

        wisdom(CpuSignature.of(xeon, 512, Runtime.version().feature() + 1), "avx512").write(file, "another JDK");
        Architecture a = Architecture.select(xeon, 512);
        assertEquals(own.kc, a.gemm.kc);
        assertTrue(a.wisdomNote.contains("measured on JDK " + (Runtime.version().feature() + 1)), a.wisdomNote);
        assertFalse(WisdomStore.hasWisdomFor(here, "avx512"));

        wisdom(CpuSignature.of(zen4, 512), "avx512").write(file, "another CPU");
        a = Architecture.select(xeon, 512);
        assertEquals(own.kc, a.gemm.kc);
        assertTrue(a.wisdomNote.contains("measured on AuthenticAMD family 25 model 17, this is GenuineIntel family 6"),
                a.wisdomNote);

        wisdom(here, "zen4").write(file, "another family");
        a = Architecture.select(xeon, 512);
        assertEquals(own.kc, a.gemm.kc);
        assertTrue(a.wisdomNote.contains("measured for the zen4 family, this run uses avx512"), a.wisdomNote);

        // Explicitly named: the same rule, the note names the property.
        Path elsewhere = dir.resolve("zen4.properties");
        wisdom(CpuSignature.of(zen4, 512), "zen4").write(elsewhere, "zen4");
        System.setProperty(WisdomStore.PROPERTY, elsewhere.toString());
        a = Architecture.select(xeon, 512);
        assertEquals(own.kc, a.gemm.kc);
        assertTrue(a.wisdomNote.startsWith("wisdom -Dlanes.wisdom=" + elsewhere + " ignored: measured on"), a.wisdomNote);
        assertEquals(384, Architecture.select(zen4, 512).gemm.kc, "it applies on the CPU it names");
    }

    @Test
    void withoutAFileTheFamilysSizesStay() throws IOException {
        Architecture a = Architecture.select(xeon, 512);
        BlockSizes own = Architecture.build("avx512", xeon, 512).gemm;
        assertEquals(own.kc, a.gemm.kc);
        assertEquals(own.mc, a.gemm.mc);
        assertEquals(own.smallProblem, a.gemm.smallProblem);
        assertEquals("no wisdom for this CPU in " + dir + " (lanes tune writes it)", a.wisdomNote);
        assertFalse(a.origin.startsWith("tuned"));

        Path file = WisdomStore.fileFor(CpuSignature.of(xeon, 512));
        Files.writeString(file, "cpu=GenuineIntel family 6 model 143\nvector=512\nkc=many\n");
        a = Architecture.select(xeon, 512);
        assertEquals(own.kc, a.gemm.kc, "a broken file is ignored");
        assertTrue(a.wisdomNote.endsWith("ignored: unreadable"), a.wisdomNote);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wisdom.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

        System.setProperty(WisdomStore.PROPERTY, dir.resolve("absent.properties").toString());
        a = Architecture.select(xeon, 512);
        assertEquals(own.kc, a.gemm.kc, "a missing named file is ignored");
        assertTrue(a.wisdomNote.contains("absent.properties") && a.wisdomNote.endsWith("unreadable"), a.wisdomNote);
    }

    @Test
    void noneReadsNothing() {
        CpuSignature here = CpuSignature.of(xeon, 512);
        wisdom(here, "avx512").write(WisdomStore.fileFor(here), "test");
        System.setProperty(WisdomStore.PROPERTY, "none");
        Architecture a = Architecture.select(xeon, 512);
        assertEquals(Architecture.build("avx512", xeon, 512).gemm.kc, a.gemm.kc);
        assertEquals("wisdom off (-Dlanes.wisdom=none)", a.wisdomNote);
        assertFalse(WisdomStore.automatic());
        assertFalse(WisdomStore.hasWisdomFor(here, "avx512"));
        System.clearProperty(WisdomStore.PROPERTY);
        assertTrue(WisdomStore.automatic());
        assertTrue(WisdomStore.hasWisdomFor(here, "avx512"));
    }

    /** {@code Lanes.tune} writes this CPU signature's file into the cache folder, where a fresh start finds it. */
    @Test
    void tuneWritesThisSignaturesFileIntoTheCache() {
        org.lanes.internal.kernel.KernelProvider p = org.lanes.internal.tune.TuneRun.freshProvider();
        CpuSignature here = org.lanes.internal.tune.TuneRun.signature(p);
        Path file = Lanes.tune(Duration.ofSeconds(1));
        assertEquals(WisdomStore.fileFor(here), file);
        Wisdom w = Wisdom.read(file);
        assertNull(w.mismatch(here, p.architecture().name));
        assertTrue(WisdomStore.hasWisdomFor(here, p.architecture().name));
        int mr = Architecture.withWisdom(p.architecture(), w, "t").gemm.mr;
        assertTrue(java.util.Arrays.stream(p.tileHeights()).anyMatch(h -> h == mr),
                "the tile kept is one the provider has a kernel for: " + mr);
    }

    @Test
    void tuneRejectsBadBudgets() {
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofHours(2)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lanes.tune(bad));
            assertTrue(e.getMessage().contains("budget"), e.getMessage());
        }
        assertNull(dir.toFile().list().length == 0 ? null : List.of(dir.toFile().list()), "nothing written");
    }
}
