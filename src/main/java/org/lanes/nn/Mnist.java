package org.lanes.nn;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-style IDX files (gzipped or raw): {@code idx3} images of unsigned bytes scaled to [0, 1] and
 * {@code idx1} labels. A folder holds {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each optionally ending in {@code .gz}.
 */
public final class Mnist {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /** The number of classes of MNIST: the digits 0 to 9. */
    public static final int CLASSES = 10;

    private Mnist() {
    }

    /**
     * The training set (60,000 examples in the original files) from {@code dir}.
     *
     * @param dir the folder that holds the four files
     * @return the examples, pixels scaled to [0, 1]
     * @throws IOException naming the file and the problem: a file missing, truncated, corrupt or malformed
     */
    public static Dataset train(Path dir) throws IOException {
        return load(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"));
    }

    /**
     * The test set (10,000 examples in the original files) from {@code dir}.
     *
     * @param dir the folder that holds the four files
     * @return the examples, pixels scaled to [0, 1]
     * @throws IOException naming the file and the problem: a file missing, truncated, corrupt or malformed
     */
    public static Dataset test(Path dir) throws IOException {
        return load(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"));
    }

    /**
     * Whether {@code dir} holds all four files, each gzipped or not.
     *
     * @param dir the folder to look in
     * @return true when all four are there
     */
    public static boolean present(Path dir) {
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            if (!Files.isRegularFile(dir.resolve(name)) && !Files.isRegularFile(dir.resolve(name + ".gz"))) {
                return false;
            }
        }
        return true;
    }

    static Path find(Path dir, String name) throws IOException {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new IOException(dir + ": missing " + name + " (or " + name + ".gz)");
    }

    /**
     * Images and labels from two IDX files; pixels become {@code value / 255}.
     *
     * @param images the {@code idx3} file of images, gzipped or not
     * @param labels the {@code idx1} file of labels, gzipped or not, one per image
     * @return the examples
     * @throws IOException naming the file and the problem: unreadable, truncated, corrupt (a gzip CRC), a wrong
     *     magic number, sizes the file does not hold, or counts that differ between the two files
     */
    public static Dataset load(Path images, Path labels) throws IOException {
        float[] pixels;
        int count;
        int dim;
        try (DataInputStream in = open(images)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new IOException(images + ": bad magic 0x" + Integer.toHexString(magic) + " (expected 0x803, idx3 images)");
            }
            count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
                throw new IOException(images + ": bad dimensions " + count + "x" + rows + "x" + cols);
            }
            if (count == 0) {
                throw new IOException(images + ": holds no images");
            }
            dim = rows * cols;
            String what = count + " images of " + dim + " bytes";
            if (lengthKnown(images, 16, (long) count * dim, what)) {
                // Converted as it is read, through a small buffer: the pixels' bytes are never held.
                pixels = new float[count * dim];
                byte[] buffer = new byte[1 << 16];
                for (int at = 0; at < pixels.length; ) {
                    int n = Math.min(buffer.length, pixels.length - at);
                    readFully(in, buffer, n, images, what);
                    scalePixels(buffer, n, pixels, at);
                    at += n;
                }
            } else {
                byte[][] raw = readDeclared(in, (long) count * dim, images, 16, what);
                // Converted chunk by chunk: the bytes are never copied into one array of their own.
                pixels = new float[count * dim];
                int at = 0;
                for (byte[] chunk : raw) {
                    scalePixels(chunk, chunk.length, pixels, at);
                    at += chunk.length;
                }
            }
            requireEnd(in, images);
        } catch (EOFException e) {
            throw new IOException(images + ": truncated header", e);
        }
        int[] y;
        try (DataInputStream in = open(labels)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new IOException(labels + ": bad magic 0x" + Integer.toHexString(magic) + " (expected 0x801, idx1 labels)");
            }
            int n = in.readInt();
            if (n != count) {
                throw new IOException(labels + ": holds " + n + " labels but " + images.getFileName() + " holds " + count + " images");
            }
            byte[][] raw = readDeclared(in, n, labels, 8, n + " labels");
            requireEnd(in, labels);
            y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = raw[i / CHUNK][i % CHUNK] & 0xFF;
                if (y[i] >= CLASSES) {
                    throw new IOException(labels + ": label " + y[i] + " of example " + i + " is outside [0, 10)");
                }
            }
        } catch (EOFException e) {
            throw new IOException(labels + ": truncated header", e);
        }
        return new Dataset(pixels, y, count, dim, CLASSES);
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            try {
                raw = new GZIPInputStream(raw, 1 << 16);
            } catch (ZipException e) {
                raw.close();
                throw new IOException(file + ": not in gzip format, though its name ends in .gz (" + e.getMessage() + ")", e);
            }
        }
        return new DataInputStream(raw);
    }

    /** Below this many bytes a declared payload is allocated at once; above it, as the data arrives. */
    private static final int CHUNK = 1 << 24;

    /**
     * Reads the {@code declared} bytes that follow a header of {@code headerBytes}. A plain file's size is checked
     * first, so a header that declares more than the file holds fails before anything is allocated; a gzip stream
     * is read in chunks of 16 MiB, so a short one fails at the first shortfall, having allocated about what it held.
     * Chunk {@code c} holds bytes {@code [c * CHUNK, (c + 1) * CHUNK)}.
     */
    private static byte[][] readDeclared(DataInputStream in, long declared, Path file, int headerBytes, String what)
            throws IOException {
        if (!file.getFileName().toString().endsWith(".gz")) {
            requirePlainLength(file, headerBytes, declared, what);
        }
        byte[][] chunks = new byte[(int) ((declared + CHUNK - 1) / CHUNK)][];
        long left = declared;
        for (int c = 0; c < chunks.length; c++) {
            chunks[c] = new byte[(int) Math.min(CHUNK, left)];
            readFully(in, chunks[c], file, what);
            left -= chunks[c].length;
        }
        return chunks;
    }

    /** {@code into[at + i] = bytes[i] / 255} for the first {@code n} bytes, read as unsigned. */
    private static void scalePixels(byte[] bytes, int n, float[] into, int at) {
        for (int i = 0; i < n; i++) {
            into[at + i] = (bytes[i] & 0xFF) / 255f;
        }
    }

    /** A plain file's check: a header that declares more than the file holds fails before anything is allocated. */
    private static void requirePlainLength(Path file, int headerBytes, long declared, String what) throws IOException {
        if (Files.size(file) < headerBytes + declared) {
            throw new IOException(file + ": truncated, the header declares " + what + " (" + declared
                    + " bytes) but the file holds " + (Files.size(file) - headerBytes));
        }
    }

    /**
     * Whether the {@code declared} bytes after a header of {@code headerBytes} are known to be there before they are
     * read, so that their whole array may be allocated at once: a plain file at least that long (a shorter one fails
     * here), or a gzip member whose trailer states the length the header implies (ISIZE, the length modulo 2^32;
     * truncated data has no such trailer, and a wrong one still fails the check at the end).
     */
    private static boolean lengthKnown(Path file, int headerBytes, long declared, String what) throws IOException {
        if (!file.getFileName().toString().endsWith(".gz")) {
            requirePlainLength(file, headerBytes, declared, what);
            return true;
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            if (size < 4) {
                return false;
            }
            ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.position(size - 4);
            while (tail.hasRemaining() && ch.read(tail) >= 0) {
                // until the four bytes are in
            }
            return !tail.hasRemaining() && (tail.getInt(0) & 0xFFFFFFFFL) == ((headerBytes + declared) & 0xFFFFFFFFL);
        }
    }

    /**
     * Reads to the end of the stream: for gzip this reads the member's trailer, where GZIPInputStream checks the
     * CRC32 and the length of what it inflated (a flipped bit otherwise loads silently).
     */
    private static void requireEnd(DataInputStream in, Path file) throws IOException {
        try {
            byte[] rest = new byte[4096];
            long extra = 0;
            for (int r = in.read(rest); r >= 0; r = in.read(rest)) {
                extra += r;
            }
            if (extra > 0) {
                throw new IOException(file + ": " + extra + " bytes follow the data its header declares");
            }
        } catch (ZipException | EOFException e) {
            throw new IOException(file + ": corrupt gzip data (CRC32 or length mismatch: " + e.getMessage() + ")", e);
        }
    }

    private static void readFully(DataInputStream in, byte[] into, Path file, String what) throws IOException {
        readFully(in, into, into.length, file, what);
    }

    private static void readFully(DataInputStream in, byte[] into, int length, Path file, String what)
            throws IOException {
        try {
            in.readFully(into, 0, length);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated, expected " + what, e);
        } catch (ZipException e) {
            throw new IOException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }
}
