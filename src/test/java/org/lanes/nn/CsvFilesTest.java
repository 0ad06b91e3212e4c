package org.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files: no row is dropped silently; non-finite cells and encoding errors are named. */
class CsvFilesTest {
    @TempDir
    Path dir;

    @Test
    void csvRowsAreNeverDroppedSilently() throws IOException {
        Path bom = dir.resolve("bom.csv");
        Files.write(bom, "\uFEFF1,0.5,0.25\n0,1,0\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, Csv.read(bom, 2, 1f).size(), "the byte-order mark is stripped, the first row kept");
        for (String first : new String[] {"+1,0.5,0.5", ".5,0.5,0.5", "\"1\",0.5,0.5"}) {
            Path f = dir.resolve("first.csv");
            Files.writeString(f, first + "\n0,1,1\n");
            if (first.startsWith(".")) {
                Messages.assertContains(assertThrows(IOException.class, () -> Csv.read(f, 2, 1f)), "line 1", "not an integer");
            } else {
                assertEquals(2, Csv.read(f, 2, 1f).size(), first);
            }
        }
        Path numericHeader = dir.resolve("numeric-header.csv");
        Files.writeString(numericHeader, "0,1,2\n1,0.5,0.5\n");
        assertEquals(2, Csv.read(numericHeader, 2, 1f).size(), "auto: a numeric first line is data");
        assertEquals(1, Csv.read(numericHeader, 2, 1f, Csv.Header.YES, Float.NaN).size(), "yes: it is a header");
        Path named = dir.resolve("named.csv");
        Files.writeString(named, "label,a,b\n1,0.5,0.5\n");
        assertEquals(1, Csv.read(named, 2, 1f).size());
        Messages.assertContains(assertThrows(IOException.class, () -> Csv.read(named, 2, 1f, Csv.Header.NO, Float.NaN)),
                "line 1", "not an integer");
    }

    @Test
    void csvRejectsNonFiniteCellsAndNamesEncodingErrors() throws IOException {
        for (String cell : new String[] {"NaN", "Infinity", "-Infinity", "1e39"}) {
            Path f = dir.resolve("bad.csv");
            Files.writeString(f, "1,0.5,0.5\n0," + cell + ",1\n");
            Messages.assertContains(assertThrows(IOException.class, () -> Csv.read(f, 2, 1f)), "line 2", "column 2",
                    "not a finite float");
        }
        Path latin = dir.resolve("latin1.csv");
        Files.write(latin, new byte[] {'1', ',', '0', '\n', '0', ',', (byte) 0xE9, '\n'});
        Messages.assertContains(assertThrows(IOException.class, () -> Csv.read(latin, 2, 1f)), "latin1.csv", "not UTF-8");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "label,x\n\n");
        Messages.assertContains(assertThrows(IOException.class, () -> Csv.read(empty, 2, 1f)), "empty.csv", "no examples");
    }
}
