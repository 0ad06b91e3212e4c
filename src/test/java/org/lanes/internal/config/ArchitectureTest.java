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
import org.lanes.internal.config.BlockSizes;
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
    /** This project's Zen 5 host: no sysfs cache directory; cpuinfo names the 1 MiB L2. */
    static final String ZEN5 = "vendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC\n"
            + "cache size\t: 1024 KB\nsiblings\t: 2\ncpu cores\t: 2\nflags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw\n";
    /**
     * Zen 5's blocks by measurement (docs/decisions/self-tuning.md), not the model's: on L1 48 KiB 12-way the model
     * gives A floor(11 / 5) = 2 ways of 4 KiB, KC = 8192 / 32 = 256, and on the 1 MiB 16-way L2 MC = 512.
     */
    static final int ZEN5_KC = 1024;
    static final int ZEN5_MC = 256;
    static final int ZEN5_NC = 1024;
    static final int ZEN5_MODEL_KC = 256;
    static final int ZEN5_MODEL_MC = 512;
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
        for (String p : new String[] {"lanes.arch", "lanes.kc", "lanes.mc", "lanes.nc"}) {
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
        // From the ISA alone the same rule: the 8-row tile copies from one tile where the core has two FMA units
        // (every 512-bit core but Zen 4), from five where it has one.
        assertEquals(1, Architecture.build("generic", xeon, 512).gemm.directBlockTiles);
        assertEquals(5, Architecture.build("generic", Machine.fromCpuinfo("recorded", ZEN4, ZEN4_CACHES, 2), 512)
                .gemm.directBlockTiles);
        // The tile from the registers the JVM's vector code has: an AVX-512 core running 256-bit vectors
        // (-XX:UseAVX=2) has 16, so the 6-row tile; its 8-row one spilled there (43 against 96 GFLOP/s at 512^3).
        assertEquals(8, Architecture.build("generic", xeon, 512).gemm.mr);
        assertEquals(6, Architecture.build("generic", xeon, 256).gemm.mr);
        assertEquals(16, xeon.vectorRegisters(256));
        assertEquals(32, xeon.vectorRegisters(512));
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

    /**
     * Zen 5 gets its own family, with the tile for two 512-bit FMA pipes and blocks from its own caches; an unknown
     * CPU runs the ISA's family on the best facts there are (here its sysfs caches), and "generic" is the ISA alone.
     */
    @Test
    void zen5AndUnknownCpus() {
        Machine zen5 = Machine.fromCpuinfo("recorded", ZEN5, List.of(), 2);
        assertEquals("zen5", Architecture.family(zen5, 512));
        assertEquals("zen", Architecture.family(zen5, 256), "Zen 5 under -XX:UseAVX=2");
        BlockSizes z = Architecture.build("zen5", zen5, 512).gemm;
        assertEquals(8, z.mr);
        assertEquals(32, z.nr);
        assertEquals(ZEN5_KC, z.kc);
        assertEquals(ZEN5_MC, z.mc);
        assertEquals(ZEN5_NC, z.nc);
        BlockSizes model = Architecture.model(zen5, z);
        assertEquals(ZEN5_MODEL_KC, model.kc, "the model fed with Zen 5's caches (table and cpuinfo)");
        assertEquals(ZEN5_MODEL_MC, model.mc);
        checkFits(model, zen5.caches);
        Machine unknown = Machine.fromCpuinfo("recorded", ZEN5.replace("cpu family\t: 26", "cpu family\t: 99"),
                XEON_CACHES, 2);
        assertEquals("avx512", Architecture.family(unknown, 512));
        assertEquals(Architecture.build("avx512", Machine.fromCpuinfo("recorded", XEON, XEON_CACHES, 2), 512).gemm.kc,
                Architecture.build("avx512", unknown, 512).gemm.kc, "the model fed with its own caches");
        BlockSizes g = Architecture.build("generic", zen5, 512).gemm;
        assertEquals(8, g.mr);
        assertEquals(32, g.nr);
        assertEquals(Architecture.model(zen5, g).kc, g.kc);
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
        // A client core the table does not know (model 200), without sysfs caches or a cache size line.
        Machine m = Machine.fromCpuinfo("recorded", CLIENT.replace("158", "200"), List.of(), 4);
        assertEquals(Cache.Source.DEFAULT, m.cache(1).source);
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
}
