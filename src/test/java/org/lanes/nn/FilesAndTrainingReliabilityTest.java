package org.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lanes.Activation;

/** Issue items 7 to 15: sizes, divergence, checkpoints, MNIST and CSV files. */
class FilesAndTrainingReliabilityTest {
    @TempDir
    Path dir;

    static void assertMessage(Throwable e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void rowsTimesLayerSizeIsCheckedInLong() {
        Mlp net = Mlp.create(new int[] {2, 70_000, 2}, Activation.RELU, Init.SMALL_GAUSSIAN, 1);
        float[] x = new float[2 * 40_000];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.classify(x, 0, 40_000, new int[40_000], 0));
        assertMessage(e, "rows (40000)", "layer 1 (70000 units)");
        float[] y = new float[2 * 61_360];
        e = assertThrows(IllegalArgumentException.class, () -> net.classify(y, 0, 61_360, new int[61_360], 0));
        assertMessage(e, "rows (61360)");
    }

    @Test
    void divergenceStopsTrainingWithTheEpochAndBatch() throws IOException {
        float[] features = new float[64 * 4];
        int[] labels = new int[64];
        for (int i = 0; i < features.length; i++) {
            features[i] = (i % 7) * 0.3f;
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2;
        }
        Mlp net = Mlp.create(new int[] {4, 8, 2}, Activation.RELU, Init.XAVIER, 1).optimizer(Sgd.of(1e30f));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> net.fit(new Dataset(features, labels, 64, 4, 2), 5, 16, 1, null));
        assertEquals(1, e.epoch());
        assertEquals(2, e.batch(), "the first step's update makes the second batch's loss NaN");
        assertMessage(e, "epoch 1", "batch " + e.batch());
        IOException save = assertThrows(IOException.class, () -> Checkpoint.save(net, dir.resolve("nan.lanes")));
        assertMessage(save, "not saved");
        assertFalse(Files.exists(dir.resolve("nan.lanes")));
    }

    @Test
    void aNanCellMakesTrainingStopNotTheModelNan() {
        float[] features = {0.1f, 0.2f, Float.NaN, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f};
        Mlp net = Mlp.create(new int[] {2, 3, 2}, Activation.SIGMOID, Init.XAVIER, 1);
        assertThrows(TrainingDivergedException.class,
                () -> net.fit(new Dataset(features, new int[] {0, 1, 0, 1}, 4, 2, 2), 1, 4, 1, null));
    }

    @Test
    void emptyDataIsAnError() {
        Mlp net = Mlp.create(new int[] {4, 3, 2}, Activation.SIGMOID, Init.XAVIER, 1);
        Dataset empty = new Dataset(new float[0], new int[0], 0, 4, 2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> net.fit(empty, 1, 8, 1, null)), "no examples");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> net.evaluate(empty)), "no examples");
    }

    /** A 36-byte checkpoint with a valid CRC that declares 2^31-1 units per layer. */
    @Test
    void aCraftedHeaderFailsBeforeAllocating() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(Checkpoint.MAGIC);
        out.writeInt(Checkpoint.VERSION);
        out.writeInt(1);
        out.writeInt(3);
        out.writeInt(Integer.MAX_VALUE);
        out.writeInt(Integer.MAX_VALUE);
        out.writeInt(Integer.MAX_VALUE);
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        Path file = dir.resolve("crafted.lanes");
        Files.write(file, ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array());
        assertEquals(36, Files.size(file));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file));
        assertMessage(e, file.toString(), "hold");
    }

    @Test
    void checkpointMessagesNameTheFileAndTheReason() {
        assertMessage(assertThrows(IOException.class, () -> Checkpoint.load(dir.resolve("missing.lanes"))),
                "missing.lanes", "no such checkpoint file");
        assertMessage(assertThrows(IOException.class, () -> Checkpoint.load(dir)), "is a folder");
    }

    @Test
    void savePathsAreCheckedWithTheirReason() throws IOException {
        Mlp net = Mlp.create(new int[] {3, 2}, Activation.NONE, Init.XAVIER, 1);
        assertMessage(assertThrows(IOException.class, () -> Checkpoint.save(net, Path.of("/"))), "is a folder");
        assertMessage(assertThrows(IOException.class, () -> Checkpoint.save(net, dir)), "is a folder");
        assertMessage(assertThrows(IOException.class, () -> Checkpoint.save(net, dir.resolve("no/such/dir/x.lanes"))),
                "does not exist");
        assertMessage(assertThrows(IOException.class, () -> Checkpoint.checkWritable(Path.of("/dev/null"))),
                "not a regular file");
        // A 240-character name: the temporary name no longer adds to it.
        Path longName = dir.resolve("n".repeat(234) + ".lanes");
        Checkpoint.save(net, longName);
        assertTrue(Files.isRegularFile(longName));
    }

    @Test
    void saveKeepsPermissionsWritesThroughLinksAndCleansTemporaries() throws IOException {
        Mlp net = Mlp.create(new int[] {3, 2}, Activation.NONE, Init.XAVIER, 1);
        Path file = dir.resolve("net.lanes");
        Checkpoint.save(net, file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        Checkpoint.save(net, file);
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Path link = dir.resolve("link.lanes");
        Files.createSymbolicLink(link, file.getFileName());
        Checkpoint.save(net, link);
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals(net.toString(), Checkpoint.load(link).toString());
        // A temporary file left by a killed save of this target is removed by the next save.
        String prefix = ".lanes-" + Integer.toHexString("net.lanes".hashCode()) + "-";
        Path stale = dir.resolve(prefix + "deadbeef.tmp");
        Files.writeString(stale, "partial");
        Checkpoint.save(net, file);
        assertFalse(Files.exists(stale));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

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
        assertMessage(assertThrows(IOException.class, () -> Mnist.load(images, labels)), images.toString(), "corrupt gzip");
        Path plainNamedGz = dir.resolve("plain-img.gz");
        Files.write(plainNamedGz, DataAndCheckpointTest.idxImages(0x803, 1, 2, 2, 4));
        assertMessage(assertThrows(IOException.class, () -> Mnist.load(plainNamedGz, labels)), "not in gzip format");
    }

    @Test
    void declaredSizesBeyondTheFileFailBeforeAllocating() throws IOException {
        DataAndCheckpointTest helper = new DataAndCheckpointTest();
        helper.dir = dir;
        // 100 bytes of payload, a header that declares 20000 x 28 x 28 (15 MB) and 100000 x 100 x 100 (1 GB).
        Path plain = helper.write("big", DataAndCheckpointTest.idxImages(0x803, 100_000, 100, 100, 100), false);
        Path labels = helper.write("lab", DataAndCheckpointTest.idxLabels(0x801, 1, 2), false);
        assertMessage(assertThrows(IOException.class, () -> Mnist.load(plain, labels)), "truncated", "declares");
        Path gz = helper.write("bigz", DataAndCheckpointTest.idxImages(0x803, 100_000, 100, 100, 100), true);
        assertMessage(assertThrows(IOException.class, () -> Mnist.load(gz, labels)), "truncated");
        Path none = helper.write("none", DataAndCheckpointTest.idxImages(0x803, 0, 28, 28, 0), false);
        assertMessage(assertThrows(IOException.class, () -> Mnist.load(none, labels)), "no images");
    }

    @Test
    void csvRowsAreNeverDroppedSilently() throws IOException {
        Path bom = dir.resolve("bom.csv");
        Files.write(bom, "\uFEFF1,0.5,0.25\n0,1,0\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, Csv.read(bom, 2, 1f).size(), "the byte-order mark is stripped, the first row kept");
        for (String first : new String[] {"+1,0.5,0.5", ".5,0.5,0.5", "\"1\",0.5,0.5"}) {
            Path f = dir.resolve("first.csv");
            Files.writeString(f, first + "\n0,1,1\n");
            if (first.startsWith(".")) {
                assertMessage(assertThrows(IOException.class, () -> Csv.read(f, 2, 1f)), "line 1", "not an integer");
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
        assertMessage(assertThrows(IOException.class, () -> Csv.read(named, 2, 1f, Csv.Header.NO, Float.NaN)),
                "line 1", "not an integer");
    }

    @Test
    void csvRejectsNonFiniteCellsAndNamesEncodingErrors() throws IOException {
        for (String cell : new String[] {"NaN", "Infinity", "-Infinity", "1e39"}) {
            Path f = dir.resolve("bad.csv");
            Files.writeString(f, "1,0.5,0.5\n0," + cell + ",1\n");
            assertMessage(assertThrows(IOException.class, () -> Csv.read(f, 2, 1f)), "line 2", "column 2",
                    "not a finite float");
        }
        Path latin = dir.resolve("latin1.csv");
        Files.write(latin, new byte[] {'1', ',', '0', '\n', '0', ',', (byte) 0xE9, '\n'});
        assertMessage(assertThrows(IOException.class, () -> Csv.read(latin, 2, 1f)), "latin1.csv", "not UTF-8");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "label,x\n\n");
        assertMessage(assertThrows(IOException.class, () -> Csv.read(empty, 2, 1f)), "empty.csv", "no examples");
    }
}
