package org.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST IDX files: the two ways of reading the pixels; damaged files: a corrupt gzip trailer, declared sizes beyond the file. */
class MnistFilesTest {
    @TempDir
    Path dir;

    @Test
    void corruptGzipIsDetected() throws IOException {
        DataAndCheckpointTest helper = new DataAndCheckpointTest();
        helper.dir = dir;
        Path images = helper.write("img", DataAndCheckpointTest.idxImages(0x803, 40, 4, 4, 640), true);
        Path labels = helper.write("lab", DataAndCheckpointTest.idxLabels(0x801, new int[40]), true);
        Mnist.load(images, labels);
        byte[] gz = Files.readAllBytes(images);
        // A bit in the CRC32 of the trailer: the data inflate fine, only the trailer can tell.
        gz[gz.length - 6] ^= 0x10;
        Files.write(images, gz);
        Messages.assertContains(assertThrows(IOException.class, () -> Mnist.load(images, labels)), images.toString(), "corrupt gzip");
        Path plainNamedGz = dir.resolve("plain-img.gz");
        Files.write(plainNamedGz, DataAndCheckpointTest.idxImages(0x803, 1, 2, 2, 4));
        Messages.assertContains(assertThrows(IOException.class, () -> Mnist.load(plainNamedGz, labels)), "not in gzip format");
    }

    /**
     * Pixels are converted as they are read where their length is known before (a plain file, a gzip member whose
     * trailer states it) and read in chunks first otherwise (here two gzip members, whose trailer states only the
     * second's length): the same floats, each one rounding of value / 255, over more than one read buffer.
     */
    @Test
    void bothReadingPathsGiveEachPixelOverTwoHundredFiftyFive() throws IOException {
        DataAndCheckpointTest helper = new DataAndCheckpointTest();
        helper.dir = dir;
        int count = 101;
        byte[] file = DataAndCheckpointTest.idxImages(0x803, count, 28, 28, count * 784);
        int[] y = new int[count];
        Arrays.setAll(y, i -> i % 10);
        Path labels = helper.write("lab", DataAndCheckpointTest.idxLabels(0x801, y), true);
        Path twoMembers = dir.resolve("two.gz");
        try (OutputStream out = Files.newOutputStream(twoMembers)) {
            out.write(gzip(Arrays.copyOfRange(file, 0, 40_000)));
            out.write(gzip(Arrays.copyOfRange(file, 40_000, file.length)));
        }
        float[] expected = new float[count * 784];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (float) ((file[16 + i] & 0xFF) / 255.0);
        }
        for (Path images : new Path[] {helper.write("img", file, true), helper.write("raw", file, false), twoMembers}) {
            Dataset d = Mnist.load(images, labels);
            assertEquals(count, d.size());
            assertArrayEquals(expected, d.features(), images.toString());
            assertArrayEquals(y, d.labels());
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void declaredSizesBeyondTheFileFailBeforeAllocating() throws IOException {
        DataAndCheckpointTest helper = new DataAndCheckpointTest();
        helper.dir = dir;
        // 100 bytes of payload, a header that declares 20000 x 28 x 28 (15 MB) and 100000 x 100 x 100 (1 GB).
        Path plain = helper.write("big", DataAndCheckpointTest.idxImages(0x803, 100_000, 100, 100, 100), false);
        Path labels = helper.write("lab", DataAndCheckpointTest.idxLabels(0x801, 1, 2), false);
        Messages.assertContains(assertThrows(IOException.class, () -> Mnist.load(plain, labels)), "truncated", "declares");
        Path gz = helper.write("bigz", DataAndCheckpointTest.idxImages(0x803, 100_000, 100, 100, 100), true);
        Messages.assertContains(assertThrows(IOException.class, () -> Mnist.load(gz, labels)), "truncated");
        Path none = helper.write("none", DataAndCheckpointTest.idxImages(0x803, 0, 28, 28, 0), false);
        Messages.assertContains(assertThrows(IOException.class, () -> Mnist.load(none, labels)), "no images");
    }
}
