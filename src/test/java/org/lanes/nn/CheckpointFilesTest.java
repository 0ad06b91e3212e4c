package org.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lanes.Activation;

/** Checkpoint files on disk: crafted headers, missing files and folders, permissions, links, temporaries. */
class CheckpointFilesTest {
    @TempDir
    Path dir;

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
        Messages.assertContains(e, file.toString(), "hold");
    }

    @Test
    void checkpointMessagesNameTheFileAndTheReason() {
        Messages.assertContains(assertThrows(IOException.class, () -> Checkpoint.load(dir.resolve("missing.lanes"))),
                "missing.lanes", "no such checkpoint file");
        Messages.assertContains(assertThrows(IOException.class, () -> Checkpoint.load(dir)), "is a folder");
    }

    @Test
    void savePathsAreCheckedWithTheirReason() throws IOException {
        Mlp net = Mlp.create(new int[] {3, 2}, Activation.NONE, Init.XAVIER, 1);
        Messages.assertContains(assertThrows(IOException.class, () -> Checkpoint.save(net, Path.of("/"))), "is a folder");
        Messages.assertContains(assertThrows(IOException.class, () -> Checkpoint.save(net, dir)), "is a folder");
        Messages.assertContains(assertThrows(IOException.class, () -> Checkpoint.save(net, dir.resolve("no/such/dir/x.lanes"))),
                "does not exist");
        Messages.assertContains(assertThrows(IOException.class, () -> Checkpoint.checkWritable(Path.of("/dev/null"))),
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
}
