package org.lanes.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The converter on a fixture session whose expected figures are worked out by hand below. */
class PerformanceReportTest {
    @TempDir
    Path out;

    Path fixture;
    String report;

    @BeforeEach
    void generate() throws IOException, URISyntaxException {
        fixture = Path.of(getClass().getResource("/report-fixture").toURI());
        Path md = out.resolve("performance.md");
        PerformanceReport.generate(fixture, fixture.resolve("template.md"), md, out.resolve("img"));
        report = Files.readString(md);
    }

    private void assertRow(String... cells) {
        String row = "| " + String.join(" | ", cells) + " |";
        assertTrue(report.contains(row), () -> "missing row\n" + row + "\nin\n" + report);
    }

    @Test
    void sgemmTableHasLanesOpenBlasNumPyScalarAndScaling() {
        // 2*512^3 flops: 2500 us -> 107 GFLOP/s, OpenBLAS 2600 us -> 103, scalar 70000 us -> 3.83,
        // 2 threads 1300 us -> 206 and 1250 us -> 215; NumPy's anchor says 97.2.
        assertRow("NN 512×512·512×512", "107", "103", "1.04×", "97.2", "3.83", "206", "215", "0.96×", "1.92×");
        // TN:784:512:256 matches NumPy's "m=784 k=256 n=512": 2*784*512*256 / 2100 us = 97.9; OpenBLAS 2000 us -> 103
        assertRow("TN 784×256·256×512", "97.9", "103", "0.95×", "102", "-", "-", "-", "-", "-");
    }

    @Test
    void kernelTableHasThroughputSpeedupsAndAllocation() {
        // 256*512 = 131072 elements in 100 us: 1.31 Gelem/s, 8 bytes each: 10.5 GB/s; NumPy 118.7 us
        assertRow("`sigmoid`", "256x512", "100", "1.31", "10.5", "1,000", "10.00×", "119", "1.19×", "0.01");
        // axpy moves 12 bytes per element; no scalar run and no NumPy figure in the fixture
        assertRow("`axpy`", "256x512", "20.0", "6.55", "78.6", "-", "-", "-", "-", "0.00");
    }

    @Test
    void expTableComparesWithLanewiseExp() {
        // 131072 values in 16.384 us: 8,000 Melem/s, twice as fast as lanewise(EXP) at 32.768 us
        assertRow("`polynomialShort`", "16.4", "8,000", "2.00×");
        assertRow("`lanewiseExp`", "32.8", "4,000", "1.00×");
    }

    @Test
    void fusedAndMlpTables() {
        assertRow("`fusedBiasSigmoid`", "2,100", "1.050", "0.60", "-", "-");
        assertRow("`bareGemm`", "2,000", "1.000", "0.50", "105,000", "52.50×");
        // 4*256*784*512 + 6*256*512*10 = 418.9 Mflop: in 4 ms 104.7 GFLOP/s, 89 % of the best zmm peak (117.3);
        // in 2.5 ms on 2 threads 167.6 GFLOP/s, 71 % of 2 x 117.3
        assertRow("256-784-512-10", "1", "4.000", "64,000", "105", "89%", "4.529", "1.13×", "180.00");
        assertRow("256-784-512-10", "2", "2.500", "102,400", "168", "71%", "2.770", "1.11×", "-");
        assertTrue(report.contains("FMA peak of one core (`../shared/anchors/peak.c`, zmm): 117.3 GFLOP/s"), report);
    }

    @Test
    void plotsArePngFilesLinkedFromTheReport() throws IOException {
        for (String name : new String[] {"sgemm.png", "mlp.png"}) {
            Path png = out.resolve("img").resolve(name);
            assertTrue(Files.size(png) > 1000, name);
            byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, name);
            assertTrue(report.contains("](img/" + name + ")"), report);
        }
    }

    @Test
    void everyPlaceholderIsReplaced() {
        assertFalse(report.contains("{{"), report);
        assertTrue(report.contains("jmh/run-session.sh quick"), report);
        assertTrue(report.contains("`MlpBench.trainStep`"), "allocation table: " + report);
    }

    @Test
    void unknownPlaceholderIsRejected() throws IOException {
        Path template = out.resolve("bad.md");
        Files.writeString(template, "{{sgemm}} {{nonsense}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PerformanceReport.generate(fixture, template, out.resolve("x.md"), out.resolve("img")));
        assertTrue(e.getMessage().contains("{{nonsense}}"), e.getMessage());
        assertEquals(false, Files.exists(out.resolve("x.md")));
    }
}
