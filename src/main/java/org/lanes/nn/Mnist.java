package org.lanes.nn;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-style IDX files (gzipped or raw): {@code idx3} images of unsigned bytes scaled to [0, 1] and
 * {@code idx1} labels. A folder holds {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each optionally ending in {@code .gz}.
 */
public final class Mnist {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    public static final int CLASSES = 10;

    private Mnist() {
    }

    /** The training set (60,000 examples in the original files) from {@code dir}. */
    public static Dataset train(Path dir) throws IOException {
        return load(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"));
    }

    /** The test set (10,000 examples in the original files) from {@code dir}. */
    public static Dataset test(Path dir) throws IOException {
        return load(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"));
    }

    /** True when {@code dir} holds all four files. */
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

    /** Images and labels from two IDX files; pixels become {@code value / 255}. */
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
            dim = rows * cols;
            byte[] raw = new byte[count * dim];
            readFully(in, raw, images, count + " images of " + dim + " bytes");
            pixels = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                pixels[i] = (raw[i] & 0xFF) / 255f;
            }
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
            byte[] raw = new byte[n];
            readFully(in, raw, labels, n + " labels");
            y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = raw[i] & 0xFF;
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
            raw = new GZIPInputStream(raw, 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static void readFully(DataInputStream in, byte[] into, Path file, String what) throws IOException {
        try {
            in.readFully(into);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated, expected " + what, e);
        }
    }
}
