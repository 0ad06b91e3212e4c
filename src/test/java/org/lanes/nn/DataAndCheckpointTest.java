package org.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lanes.Activation;

class DataAndCheckpointTest {
    @TempDir
    Path dir;

    static byte[] idxImages(int magic, int count, int rows, int cols, int payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < payload; i++) {
            out.writeByte(i * 7);
        }
        return bytes.toByteArray();
    }

    static byte[] idxLabels(int magic, int... labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(labels.length);
        for (int l : labels) {
            out.writeByte(l);
        }
        return bytes.toByteArray();
    }

    Path write(String name, byte[] data, boolean gzip) throws IOException {
        Path p = dir.resolve(gzip ? name + ".gz" : name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(data);
        }
        return p;
    }

    @Test
    void readsIdxFilesGzippedOrRawWithPixelScaling() throws IOException {
        for (boolean gzip : new boolean[] {true, false}) {
            Path images = write("img" + gzip, idxImages(0x803, 3, 2, 2, 12), gzip);
            Path labels = write("lab" + gzip, idxLabels(0x801, 4, 0, 9), gzip);
            Dataset d = Mnist.load(images, labels);
            assertEquals(3, d.size());
            assertEquals(4, d.dimension());
            assertArrayEquals(new int[] {4, 0, 9}, d.labels());
            assertEquals(7 / 255f, d.features()[1]);
            assertEquals((11 * 7 & 0xFF) / 255f, d.features()[11]);
        }
    }

    @Test
    void malformedIdxFilesNameTheFileAndTheProblem() throws IOException {
        Path labels = write("labels", idxLabels(0x801, 1, 2, 3), false);
        Path badMagic = write("badmagic", idxImages(0x802, 3, 2, 2, 12), false);
        assertMessage(() -> Mnist.load(badMagic, labels), "badmagic", "bad magic");
        Path truncated = write("trunc", idxImages(0x803, 3, 2, 2, 11), true);
        assertMessage(() -> Mnist.load(truncated, labels), "trunc", "truncated");
        Path images = write("images", idxImages(0x803, 3, 2, 2, 12), false);
        Path fewer = write("fewer", idxLabels(0x801, 1, 2), false);
        assertMessage(() -> Mnist.load(images, fewer), "fewer", "2 labels but");
        Path outOfRange = write("range", idxLabels(0x801, 1, 12, 3), false);
        assertMessage(() -> Mnist.load(images, outOfRange), "range", "label 12 of example 1");
        Path badLabelMagic = write("labmagic", idxLabels(0x803, 1, 2, 3), false);
        assertMessage(() -> Mnist.load(images, badLabelMagic), "labmagic", "bad magic");
        assertMessage(() -> Mnist.train(dir), "train-images-idx3-ubyte", "missing");
    }

    @Test
    void readsCsvAndRejectsMalformedLines() throws IOException {
        Path ok = dir.resolve("ok.csv");
        Files.writeString(ok, "label,a,b,c\n1,0,255,51\n\n0,255,0,0\n");
        Dataset d = Csv.read(ok, 10, 1 / 255f);
        assertEquals(2, d.size());
        assertEquals(3, d.dimension());
        assertArrayEquals(new int[] {1, 0}, d.labels());
        assertEquals(1f, d.features()[1]);
        assertEquals(0.2f, d.features()[2], 1e-7f);
        Path columns = dir.resolve("columns.csv");
        Files.writeString(columns, "1,0,255\n0,1\n");
        assertMessage(() -> Csv.read(columns, 10, 1f), "columns.csv", "line 2 has 1 features, expected 2");
        Path label = dir.resolve("label.csv");
        Files.writeString(label, "1,0\n10,1\n");
        assertMessage(() -> Csv.read(label, 10, 1f), "label.csv", "label 10");
        Path number = dir.resolve("number.csv");
        Files.writeString(number, "1,0\n1,x\n");
        assertMessage(() -> Csv.read(number, 10, 1f), "number.csv", "line 2, column 2: 'x' is not a number");
    }

    @Test
    void checkpointRoundTripsExactlyAndReplacesAtomically() throws IOException {
        Mlp net = Mlp.create(new int[] {7, 5, 4, 3}, Activation.TANH, Init.XAVIER, 5);
        net.biases(1)[2] = 0.25f;
        Path file = dir.resolve("net.lanes");
        Checkpoint.save(net, file);
        Checkpoint.save(net, file);
        Mlp back = Checkpoint.load(file);
        assertArrayEquals(net.sizes(), back.sizes());
        assertEquals(Activation.TANH, back.hiddenActivation());
        for (int l = 0; l < net.layers(); l++) {
            assertArrayEquals(net.weights(l), back.weights(l));
            assertArrayEquals(net.biases(l), back.biases(l));
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void corruptTruncatedOrWrongVersionCheckpointsFailClearly() throws IOException {
        Mlp net = Mlp.create(new int[] {4, 3, 2}, Activation.RELU, Init.HE, 5);
        Path file = dir.resolve("net.lanes");
        Checkpoint.save(net, file);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[30] ^= 1;
        Files.write(file, flipped);
        assertMessage(() -> Checkpoint.load(file), "net.lanes", "CRC32");

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 5));
        assertMessage(() -> Checkpoint.load(file), "net.lanes", "CRC32");

        byte[] version = good.clone();
        version[7] = 9;
        Files.write(file, version);
        assertMessage(() -> Checkpoint.load(file), "net.lanes", "version 9");

        byte[] magic = good.clone();
        magic[0] = 0;
        Files.write(file, magic);
        assertMessage(() -> Checkpoint.load(file), "net.lanes", "bad magic");

        Files.write(file, new byte[10]);
        assertMessage(() -> Checkpoint.load(file), "net.lanes", "truncated");
    }

    interface IoCall {
        Object call() throws IOException;
    }

    static void assertMessage(IoCall call, String... fragments) {
        IOException e = assertThrows(IOException.class, call::call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should contain '" + f + "'");
        }
    }
}
