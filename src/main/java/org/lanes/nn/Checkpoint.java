package org.lanes.nn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.zip.CRC32;
import org.lanes.Activation;

/**
 * Saves and loads networks in a small binary format (big-endian):
 * <pre>
 *   int    magic 0x4C4E4D50 ("LNMP")
 *   int    version (1)
 *   int    hidden activation ordinal (NONE=0, SIGMOID=1, RELU=2, TANH=3)
 *   int    L+1, the number of layer sizes, then L+1 ints: the sizes
 *   per layer l: sizes[l]*sizes[l+1] floats of weights (row-major), then sizes[l+1] floats of biases
 *   long   CRC32 of every byte before it
 * </pre>
 * Saving writes a temporary file beside the target and renames it over the target, so a crash leaves the
 * previous checkpoint intact ({@link #save} has the details). Loading verifies the header against the file's size
 * before allocating anything, and the CRC and every size before building the network.
 */
public final class Checkpoint {
    static final int MAGIC = 0x4C4E4D50;
    static final int VERSION = 1;

    private Checkpoint() {
    }

    /**
     * Writes {@code net} to {@code file} atomically: the bytes go to a short temporary name in the same folder
     * ({@code .lanes-<hash>-<random>.tmp}), which is then renamed over the target, so a reader sees the old file or
     * the new one, never half of one, and a crash leaves at most a temporary file, which the next save of the same
     * target removes. A symbolic link is written through (its target is replaced, the link stays). An existing
     * file keeps its permissions; a new one gets the defaults of the umask. Saving the same target from two
     * processes at the same moment is not supported.
     *
     * @param net the network to write
     * @param file the checkpoint file
     * @throws IOException naming the file and the reason when it cannot be written (see {@link #checkWritable}),
     *     or when the network's weights are not finite (a diverged training run)
     */
    public static void save(Mlp net, Path file) throws IOException {
        Path target = checkWritable(file);
        byte[] encoded = toBytes(net, file.toString());
        Path dir = target.getParent();
        String prefix = ".lanes-" + Integer.toHexString(target.getFileName().toString().hashCode()) + "-";
        removeStaleTemporaries(dir, prefix);
        Path tmp = dir.resolve(prefix + Long.toHexString(RANDOM.nextLong() & 0xFFFFFFFFL) + ".tmp");
        try {
            // CREATE_NEW with default attributes: the umask decides a new file's mode.
            Files.write(tmp, encoded, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            keepPermissions(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException(file + ": cannot write the checkpoint (" + reason(e) + ")", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The checkpoint bytes of {@code net} (the format above, CRC included), for storage that is not a local file
     * (a Hadoop file system, a database). {@code name} names the destination in error messages.
     *
     * @param net the network to encode
     * @param name the destination's name, for error messages
     * @return the checkpoint's bytes
     * @throws IOException when the network's weights are not finite (a diverged training run)
     */
    public static byte[] toBytes(Mlp net, String name) throws IOException {
        for (int l = 0; l < net.layers(); l++) {
            requireFinite(name, net.weights(l), "weights", l);
            requireFinite(name, net.biases(l), "biases", l);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(net.hiddenActivation().ordinal());
            int[] sizes = net.sizes();
            out.writeInt(sizes.length);
            for (int sz : sizes) {
                out.writeInt(sz);
            }
            for (int l = 0; l < net.layers(); l++) {
                for (float w : net.weights(l)) {
                    out.writeFloat(w);
                }
                for (float b : net.biases(l)) {
                    out.writeFloat(b);
                }
            }
        }
        CRC32 crc = new CRC32();
        byte[] body = bytes.toByteArray();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Checks that a checkpoint can be written to {@code file}, before any work is done for it, and returns the
     * path the bytes will go to (a symbolic link's target). Rejected, with the reason in the message: a folder, a
     * path whose folder does not exist or cannot be written, a target that exists but is not a regular file (a
     * device, a pipe) or cannot be written. The temporary name is short whatever the target's, so any name the
     * file system takes works.
     *
     * @param file the checkpoint file to be written
     * @return the path the bytes will go to: {@code file}, or a symbolic link's target, absolute
     * @throws IOException naming the file and the reason it cannot be written
     * @throws IllegalArgumentException when {@code file} is null
     */
    public static Path checkWritable(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        Path target = file.toAbsolutePath().normalize();
        for (int hops = 0; Files.isSymbolicLink(target); hops++) {
            if (hops > 40) {
                throw new IOException(file + ": too many levels of symbolic links");
            }
            target = target.resolveSibling(Files.readSymbolicLink(target)).toAbsolutePath().normalize();
        }
        if (target.getFileName() == null || Files.isDirectory(target)) {
            throw new IOException(file + ": is a folder; give a file name for the checkpoint");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new IOException(file + ": exists and is not a regular file (a device or a pipe); refusing to replace it");
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(file + ": the folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(file + ": the folder " + dir + " is not writable");
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new IOException(file + ": the file exists and is not writable");
        }
        return target;
    }

    private static void requireFinite(String file, float[] values, String what, int layer) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IOException(file + ": not saved: layer " + layer + " " + what + "[" + i + "] is " + values[i]
                        + " (did training diverge?)");
            }
        }
    }

    private static void keepPermissions(Path target, Path tmp) throws IOException {
        if (Files.exists(target) && Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        }
    }

    private static void removeStaleTemporaries(Path dir, String prefix) {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, prefix + "*.tmp")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // Best effort: a temporary file that cannot be removed does not stop the save.
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Reads a network from a checkpoint file; nothing is half-loaded.
     *
     * @param file the checkpoint file
     * @return the network, with the default optimizer (set another with {@link Mlp#optimizer(Sgd)})
     * @throws IOException naming the file and the problem: missing, a folder, unreadable, over 2 GiB, corrupt,
     *     truncated or of another format version
     */
    public static Mlp load(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a folder, not a checkpoint file");
        }
        if (!Files.exists(file)) {
            throw new IOException(file + ": no such checkpoint file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file + ": the checkpoint file is not readable (permission denied)");
        }
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": " + size + " bytes is too large for a checkpoint (at most 2 GiB)");
        }
        return fromBytes(Files.readAllBytes(file), file.toString());
    }

    /**
     * A network from checkpoint bytes (the format above), verified as {@link #load} verifies a file: header
     * against length before any allocation, then the CRC and every size. {@code file} names the source in error
     * messages.
     *
     * @param all the checkpoint's bytes
     * @param file the source's name, for error messages
     * @return the network
     * @throws IOException when the bytes are not a valid checkpoint
     * @throws IllegalArgumentException when {@code all} is null
     */
    public static Mlp fromBytes(byte[] all, String file) throws IOException {
        if (all == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        long size = all.length;
        if (all.length < 24) {
            throw new IOException(file + ": truncated checkpoint (" + all.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(all);
        if (in.getInt() != MAGIC) {
            throw new IOException(file + ": not a Lanes checkpoint (bad magic)");
        }
        int version = in.getInt();
        if (version != VERSION) {
            throw new IOException(file + ": checkpoint version " + version + " is not supported (expected " + VERSION + ")");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        if (crc.getValue() != ByteBuffer.wrap(all, all.length - 8, 8).getLong()) {
            throw new IOException(file + ": checkpoint is corrupt or truncated (CRC32 mismatch)");
        }
        try {
            int actIndex = in.getInt();
            Activation[] acts = Activation.values();
            if (actIndex < 0 || actIndex >= acts.length) {
                throw new IOException(file + ": unknown activation " + actIndex);
            }
            int count = in.getInt();
            if (count < 2 || count > 1000) {
                throw new IOException(file + ": bad layer count " + count);
            }
            int[] sizes = new int[count];
            long floats = 0;
            // Every layer against what the file holds, in long arithmetic, before anything is allocated.
            long available = (in.remaining() - 8L - 4L * count) / 4;
            for (int i = 0; i < count; i++) {
                sizes[i] = in.getInt();
                if (sizes[i] <= 0) {
                    throw new IOException(file + ": bad layer size " + sizes[i]);
                }
                if (i > 0) {
                    long layer = (long) sizes[i - 1] * sizes[i] + sizes[i];
                    if (layer > available - floats || layer > Integer.MAX_VALUE - 8) {
                        throw new IOException(file + ": layer sizes " + sizes[i - 1] + " x " + sizes[i]
                                + " need more parameters than the file's " + size + " bytes hold");
                    }
                    floats += layer;
                }
            }
            if (floats * 4 != in.remaining() - 8) {
                throw new IOException(file + ": expected " + floats + " parameters, found " + (in.remaining() - 8) / 4);
            }
            float[][] w = new float[count - 1][];
            float[][] b = new float[count - 1][];
            for (int l = 0; l < count - 1; l++) {
                w[l] = new float[sizes[l] * sizes[l + 1]];
                in.asFloatBuffer().get(w[l]);
                in.position(in.position() + w[l].length * 4);
                b[l] = new float[sizes[l + 1]];
                in.asFloatBuffer().get(b[l]);
                in.position(in.position() + b[l].length * 4);
            }
            return Mlp.of(sizes, acts[actIndex], w, b);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException(file + ": malformed checkpoint (" + e.getMessage() + ")", e);
        }
    }
}
