package org.lanes.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lanes.internal.gemm.BlockSizes;
import org.lanes.internal.platform.Cache;
import org.lanes.internal.platform.Machine;

/** Configuration selection from recorded CPU descriptions, the block model's bounds, overrides and fallbacks. */
class ArchitectureTest {
    static final String XEON = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\n"
            + "model name\t: Intel(R) Xeon(R) Platinum 8481C\nflags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512bw amx_tile\n\n"
            + "processor\t: 1\nvendor_id\t: GenuineIntel\n";
    static final List<Cache> XEON_CACHES = List.of(new Cache(1, 48 * 1024, 12, 64, 1),
            new Cache(2, 2048 * 1024, 16, 64, 1), new Cache(3, 300L * 1024 * 1024, 15, 64, 2));
    static final String ZEN4 = "vendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n"
            + "model name\t: AMD EPYC 9R14\nflags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw\n";
    static final List<Cache> ZEN4_CACHES = List.of(new Cache(1, 32 * 1024, 8, 64, 1),
            new Cache(2, 1024 * 1024, 8, 64, 1), new Cache(3, 32L * 1024 * 1024, 16, 64, 2));
    static final String ZEN3 = "vendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\n"
            + "model name\t: AMD EPYC\nflags\t\t: fpu sse2 avx avx2 fma\n";
    static final String CLIENT = "vendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 158\n"
            + "model name\t: Intel(R) Core(TM) i7-8700\nflags\t\t: fpu sse2 avx avx2 fma\n";
    static final List<Cache> CLIENT_CACHES = List.of(new Cache(1, 32 * 1024, 8, 64, 2),
            new Cache(2, 256 * 1024, 4, 64, 2), new Cache(3, 12L * 1024 * 1024, 16, 64, 12));
    static final String ARM = "processor\t: 0\nBogoMIPS\t: 243.75\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp\n"
            + "CPU implementer\t: 0x41\nCPU architecture: 8\nCPU part\t: 0xd0c\n";
    static final List<Cache> ARM_CACHES = List.of(new Cache(1, 64 * 1024, 4, 64, 1),
            new Cache(2, 1024 * 1024, 8, 64, 1), new Cache(3, 32L * 1024 * 1024, 16, 64, 64));

    @AfterEach
    void clearProperties() {
        for (String p : new String[] {"lanes.arch", "lanes.kc", "lanes.mc", "lanes.nc", "lanes.wisdom"}) {
            System.clearProperty(p);
        }
    }

    @Test
    void recordedMachinesGetTheirFamilies() {
        Machine xeon = Machine.fromCpuinfo("recorded", XEON, XEON_CACHES, 2);
        assertEquals("avx512", Architecture.family(xeon, 512));
        assertEquals("avx2", Architecture.family(xeon, 256), "an Intel AVX-512 part run with -XX:UseAVX=2");
        assertEquals(2, xeon.fmaUnits());
        assertEquals(32, xeon.vectorRegisters());
        Machine zen4 = Machine.fromCpuinfo("recorded", ZEN4, ZEN4_CACHES, 2);
        assertEquals("zen4", Architecture.family(zen4, 512));
        assertEquals(1, zen4.fmaUnits());
        assertEquals("zen", Architecture.family(zen4, 256));
        Machine zen3 = Machine.fromCpuinfo("recorded", ZEN3, ZEN4_CACHES, 2);
        assertEquals("zen", Architecture.family(zen3, 256));
        assertEquals(256, zen3.isaVectorBits());
        Machine client = Machine.fromCpuinfo("recorded", CLIENT, CLIENT_CACHES, 12);
        assertEquals("avx2", Architecture.family(client, 256));
        assertEquals(16, client.vectorRegisters());
        Machine arm = Machine.fromCpuinfo("recorded", ARM, ARM_CACHES, 64);
        assertTrue(arm.isArm());
        assertEquals("vector", Architecture.family(arm, 128));
        assertEquals(32, arm.vectorRegisters());
        for (Machine m : List.of(xeon, zen4, zen3, client, arm)) {
            assertEquals("scalar", Architecture.family(m, 32));
        }
    }

    @Test
    void modelledBlocksFitTheirCaches() {
        Machine xeon = Machine.fromCpuinfo("recorded", XEON, XEON_CACHES, 2);
        BlockSizes s = Architecture.build("avx512", xeon, 512).gemm;
        // L1 48 KiB 12-way, 8 x 32 tile: A gets floor(11 / 5) = 2 ways of 4 KiB, KC = 2 * 4096 / 32 = 256.
        assertEquals(256, s.kc);
        checkFits(s, XEON_CACHES);
        Machine client = Machine.fromCpuinfo("recorded", CLIENT, CLIENT_CACHES, 12);
        BlockSizes c = Architecture.build("avx2", client, 256).gemm;
        // L1 32 KiB 8-way, 6 x 16 tile: 1 way for A, KC = 4096 / 24 = 170, rounded down to 168.
        assertEquals(168, c.kc);
        assertEquals(6, c.mr);
        assertEquals(16, c.nr);
        checkFits(c, CLIENT_CACHES);
        Machine arm = Machine.fromCpuinfo("recorded", ARM, ARM_CACHES, 64);
        BlockSizes a = Architecture.build("vector", arm, 128).gemm;
        assertEquals(8, a.mr);
        assertEquals(8, a.nr);
        checkFits(a, ARM_CACHES);
        // Zen 4 keeps its measured policy, not the model.
        BlockSizes z = Architecture.build("zen4", Machine.fromCpuinfo("recorded", ZEN4, ZEN4_CACHES, 2), 512).gemm;
        assertEquals(1024, z.kc);
        assertEquals(8, z.mr);
        // The direct path's row block: from five column tiles for the 8-row tile on Zen 4, from one on two FMA
        // ports and for the 6-row tile (docs/decisions/direct-path.md).
        assertEquals(5, z.directBlockTiles);
        assertEquals(1, s.directBlockTiles);
        assertEquals(1, c.directBlockTiles);
        assertEquals(5, Architecture.build("scalar", xeon, 32).gemm.directBlockTiles);
    }

    private static void checkFits(BlockSizes s, List<Cache> caches) {
        Cache l1 = caches.get(0);
        Cache l2 = caches.get(1);
        assertTrue((long) s.kc * s.nr * 4 < l1.sizeBytes, "B micro-panel in L1: " + s);
        assertTrue((long) s.kc * s.mc * 4 <= l2.sizeBytes / 2, "A block in half of L2: " + s);
        assertEquals(0, s.mc % s.transposedAPanel, s.toString());
        assertEquals(0, s.nc % s.nr, s.toString());
        assertEquals(0, s.kc % 8, s.toString());
    }

    @Test
    void overridesByProperty() {
        Machine xeon = Machine.fromCpuinfo("recorded", XEON, XEON_CACHES, 2);
        System.setProperty("lanes.arch", "zen4");
        assertEquals("zen4", Architecture.select(xeon, 512).name);
        System.setProperty("lanes.arch", "avx2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.select(xeon, 512));
        assertTrue(e.getMessage().contains("256-bit"), e.getMessage());
        System.setProperty("lanes.arch", "sparc");
        e = assertThrows(IllegalArgumentException.class, () -> Architecture.select(xeon, 512));
        assertTrue(e.getMessage().contains("lanes.arch=sparc"), e.getMessage());
        System.clearProperty("lanes.arch");
        System.setProperty("lanes.kc", "100");
        System.setProperty("lanes.mc", "50");
        Architecture a = Architecture.select(xeon, 512);
        assertEquals(100, a.gemm.kc);
        assertEquals(48, a.gemm.mc, "rounded down to the 16-row transposed A panel");
        assertEquals("overridden", a.origin);
        System.setProperty("lanes.kc", "-3");
        e = assertThrows(IllegalArgumentException.class, () -> Architecture.select(xeon, 512));
        assertTrue(e.getMessage().contains("lanes.kc"), e.getMessage());
    }

    @Test
    void unreadableCachesFallBackToDocumentedDefaults() {
        Machine m = Machine.fromCpuinfo("recorded", CLIENT, List.of(), 4);
        assertEquals(Machine.defaultCaches().size(), m.caches.size());
        assertEquals(32 * 1024, m.cache(1).sizeBytes);
        BlockSizes s = Architecture.build("avx2", m, 256).gemm;
        assertTrue(s.kc > 0 && s.mc > 0 && s.nc > 0);
        assertTrue(Machine.readCaches(Path.of("/nonexistent/lanes/cache")).isEmpty());
    }

    @Test
    void thisMachineIsDescribed() {
        Machine m = Machine.current();
        assertFalse(m.toString().isEmpty());
        assertTrue(m.cache(1) != null && m.cache(2) != null, m.toString());
    }
    /**
     * A wisdom file applies on the machine and family it names, after the family's own sizes and before the
     * -D block overrides; on another machine or family it is ignored; a broken file is an error naming it, which
     * {@code select} reports as a warning and ignores (the family's own sizes stay).
     */
    @Test
    void wisdomAppliesOnlyWhereItWasMeasured(@TempDir Path dir) throws IOException {
        Machine xeon = Machine.fromCpuinfo("recorded", XEON, XEON_CACHES, 2);
        Machine zen4 = Machine.fromCpuinfo("recorded", ZEN4, ZEN4_CACHES, 2);
        Path file = dir.resolve("wisdom.properties");
        new Wisdom(Wisdom.signature(xeon, 512), "avx512", 384, 96, 2048, 100_000).write(file, "test");
        Wisdom read = Wisdom.read(file);
        assertEquals(Wisdom.signature(xeon, 512), read.machine);
        assertEquals(384, read.kc);
        assertEquals(100_000, read.direct);

        System.setProperty("lanes.wisdom", file.toString());
        Architecture a = Architecture.select(xeon, 512);
        assertEquals("avx512", a.name);
        assertEquals(384, a.gemm.kc);
        assertEquals(96, a.gemm.mc);
        assertEquals(2048, a.gemm.nc);
        assertEquals(100_000, a.gemm.smallProblem);
        assertTrue(a.origin.startsWith("tuned: "), a.origin);
        System.setProperty("lanes.kc", "512");
        assertEquals(512, Architecture.select(xeon, 512).gemm.kc, "-Dlanes.kc is applied after the wisdom");
        System.clearProperty("lanes.kc");

        Architecture other = Architecture.select(zen4, 512);
        assertEquals(Architecture.build("zen4", zen4, 512).gemm.kc, other.gemm.kc, "another machine ignores it");
        assertFalse(other.origin.startsWith("tuned"));
        assertEquals(Architecture.build("avx2", xeon, 256).gemm.kc, Architecture.select(xeon, 256).gemm.kc,
                "another vector width (another family) ignores it");

        new Wisdom(Wisdom.signature(xeon, 512), "avx512", 384, 96, 2048, -1).write(file, "no direct entry");
        assertEquals(Architecture.build("avx512", xeon, 512).gemm.smallProblem,
                Architecture.select(xeon, 512).gemm.smallProblem, "without a direct entry the family's threshold stays");
        int modelKc = Architecture.build("avx512", xeon, 512).gemm.kc;
        Files.writeString(file, "machine=x\narch=avx512\nkc=many\nmc=1\nnc=1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wisdom.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("kc"), e.getMessage());
        assertEquals(modelKc, Architecture.select(xeon, 512).gemm.kc, "a broken file is ignored");
        Files.writeString(file, "machine=x\narch=avx512\nkc=1\n");
        e = assertThrows(IllegalArgumentException.class, () -> Wisdom.read(file));
        assertTrue(e.getMessage().contains("'mc'"), e.getMessage());
        Path absent = dir.resolve("absent.properties");
        e = assertThrows(IllegalArgumentException.class, () -> Wisdom.read(absent));
        assertTrue(e.getMessage().contains("absent.properties"), e.getMessage());
        System.setProperty("lanes.wisdom", absent.toString());
        assertEquals(modelKc, Architecture.select(xeon, 512).gemm.kc, "a missing file is ignored");
    }
}
