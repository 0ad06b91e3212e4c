package org.lanes.spark.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.lanes.nn.Mlp;

/**
 * A fit's training checkpoints in one directory of any Hadoop file system: the weights, biases and momentum
 * velocities, the position (epoch, next step in it) and a fingerprint of everything that decides the training (layer
 * sizes, activation, initialization, optimizer, batch, seed, rows per partition). One file per checkpoint,
 * {@code state-<global step>}, written under a temporary name and renamed, so a reader never sees half a file.
 * Because training is deterministic, a checkpoint of a given global step has the same contents whichever attempt of
 * a task wrote it.
 *
 * <p>Format (big-endian): magic {@code LANESCKP}, version 2, fingerprint (UTF), epoch (int), step (long), layer
 * count, then per layer the weights, biases, and (flag, then arrays) the two velocities, each array as its length and
 * floats; then the reference loss of the growth limit (double, NaN for none) and the figures of the barrier stage
 * that wrote it: a count, then per epoch (its finished epochs, then the one in progress, partial) the epoch (int),
 * loss sum (double), rows, first step, steps, diverged-at step (longs), diverged loss (double) and the five times in
 * nanoseconds (longs), then (from version 3) the validation accuracy (double, NaN when not known). The figures cover
 * the fit's epochs so far: a retried stage or a new fit that resumes from the checkpoint reports those epochs as the
 * failed attempt ran them, and applies the growth check with the same reference. Versions 1 (without the part after
 * the layers) and 2 (without the accuracy) are still read.
 *
 * <p>With validation data, partition 0 also writes the weights at each epoch's end ({@code epoch-<epoch>}: magic,
 * version, fingerprint, epoch, layer count, then per layer the weights and biases), so that the epochs a failed
 * attempt finished are validated when the retry (or the next fit) resumes; the driver removes them once it has
 * validated those epochs.
 */
public final class Checkpoints {
    private static final long MAGIC = 0x4C414E4553434B50L; // "LANESCKP"
    private static final int VERSION = 3;
    private static final String PREFIX = "state-";
    private static final String EPOCH_PREFIX = "epoch-";

    private Checkpoints() {
    }

    /** What a file holds after its header (the magic number, the format version and the fit's fingerprint). */
    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /**
     * Writes the header and {@code body} into a temporary file in {@code folder} (created if missing), named after
     * {@code name}, and returns it for the caller to rename: a reader never sees half a file.
     */
    private static Path writeTemporary(FileSystem fs, Path folder, String name, String fingerprint, Body body)
            throws IOException {
        fs.mkdirs(folder);
        Path tmp = new Path(folder, "." + name + "." + java.util.UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream raw = fs.create(tmp, true); DataOutputStream out = new DataOutputStream(raw)) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(fingerprint);
            body.write(out);
        }
        return tmp;
    }

    /** A checkpoint read back: the parameters, velocities (null without momentum) and position. */
    public record Saved(float[][] weights, float[][] biases, float[][] weightVelocity, float[][] biasVelocity,
            int epoch, long step, double firstLoss, java.util.List<EpochResult> epochs) {
    }

    /**
     * Writes the state after global step {@code globalStep}: {@code epoch} in progress, {@code step} next in it; the
     * growth limit's reference loss {@code firstLoss} and the writing stage's epoch figures {@code epochs} (empty
     * for none).
     */
    public static void write(Configuration conf, String dir, String fingerprint, Mlp net, SgdUpdate update,
            int epoch, long step, long globalStep, double firstLoss, java.util.List<EpochResult> epochs) {
        try {
            Path folder = new Path(dir);
            FileSystem fs = folder.getFileSystem(conf);
            String name = String.format(Locale.ROOT, "%s%012d", PREFIX, globalStep);
            Path tmp = writeTemporary(fs, folder, name, fingerprint, out -> {
                out.writeInt(epoch);
                out.writeLong(step);
                out.writeInt(net.layers());
                for (int l = 0; l < net.layers(); l++) {
                    floats(out, net.weights(l));
                    floats(out, net.biases(l));
                    boolean momentum = update.weightVelocity() != null;
                    out.writeBoolean(momentum);
                    if (momentum) {
                        floats(out, update.weightVelocity()[l]);
                        floats(out, update.biasVelocity()[l]);
                    }
                }
                out.writeDouble(firstLoss);
                out.writeInt(epochs.size());
                for (EpochResult e : epochs) {
                    out.writeInt(e.epoch());
                    out.writeDouble(e.lossSum());
                    out.writeLong(e.rows());
                    out.writeLong(e.firstStep());
                    out.writeLong(e.steps());
                    out.writeLong(e.divergedAt());
                    out.writeDouble(e.divergedLoss());
                    out.writeLong(e.computeNanos());
                    out.writeLong(e.copyNanos());
                    out.writeLong(e.reduceNanos());
                    out.writeLong(e.waitNanos());
                    out.writeLong(e.loopNanos());
                    out.writeDouble(e.accuracy());
                }
            });
            Path target = new Path(folder, name);
            if (!fs.rename(tmp, target)) {
                // Another attempt wrote the same step first: its contents are the same (training is deterministic).
                fs.delete(tmp, false);
            }
            for (FileStatus f : fs.listStatus(folder)) {
                String n = f.getPath().getName();
                if (n.startsWith(PREFIX) && n.compareTo(name) < 0) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a training checkpoint to " + dir, e);
        }
    }

    /** The name of the newest checkpoint in {@code dir}, or "" when there is none. */
    public static String latest(Configuration conf, String dir) {
        try {
            Path folder = new Path(dir);
            FileSystem fs = folder.getFileSystem(conf);
            if (!fs.exists(folder)) {
                return "";
            }
            String best = "";
            for (FileStatus f : fs.listStatus(folder)) {
                String n = f.getPath().getName();
                if (n.startsWith(PREFIX) && n.compareTo(best) > 0) {
                    best = n;
                }
            }
            return best;
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the training checkpoints in " + dir, e);
        }
    }

    /**
     * Reads checkpoint {@code name} of {@code dir}.
     *
     * @throws IllegalArgumentException when it was written by a fit with another fingerprint
     */
    public static Saved read(Configuration conf, String dir, String name, String fingerprint) {
        Path file = new Path(new Path(dir), name);
        try (DataInputStream in = new DataInputStream(file.getFileSystem(conf).open(file))) {
            int version = in.readLong() == MAGIC ? in.readInt() : -1;
            if (version < 1 || version > VERSION) {
                throw new IllegalArgumentException("checkpointPath: " + file + " is not a Lanes training checkpoint");
            }
            String found = in.readUTF();
            if (!found.equals(fingerprint)) {
                throw new IllegalArgumentException("checkpointPath: " + file + " belongs to another fit (" + found
                        + "), not to this one (" + fingerprint + "); remove it or choose another checkpointPath");
            }
            int epoch = in.readInt();
            long step = in.readLong();
            int layers = in.readInt();
            float[][] w = new float[layers][];
            float[][] b = new float[layers][];
            float[][] vw = new float[layers][];
            float[][] vb = new float[layers][];
            boolean momentum = false;
            for (int l = 0; l < layers; l++) {
                w[l] = floats(in);
                b[l] = floats(in);
                momentum = in.readBoolean();
                if (momentum) {
                    vw[l] = floats(in);
                    vb[l] = floats(in);
                }
            }
            double firstLoss = Double.NaN;
            java.util.List<EpochResult> epochs = new java.util.ArrayList<>();
            if (version >= 2) {
                firstLoss = in.readDouble();
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    epochs.add(new EpochResult(in.readInt(), in.readDouble(), in.readLong(), in.readLong(),
                            in.readLong(), in.readLong(), in.readDouble(), in.readLong(), in.readLong(),
                            in.readLong(), in.readLong(), in.readLong(), null, null,
                            version >= 3 ? in.readDouble() : Double.NaN));
                }
            }
            return new Saved(w, b, momentum ? vw : null, momentum ? vb : null, epoch, step, firstLoss, epochs);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the training checkpoint " + file, e);
        }
    }

    /** Deletes the checkpoints (and stray temporary files) in {@code dir}; the directory itself stays. */
    public static void clear(Configuration conf, String dir) {
        try {
            Path folder = new Path(dir);
            FileSystem fs = folder.getFileSystem(conf);
            if (!fs.exists(folder)) {
                return;
            }
            for (FileStatus f : fs.listStatus(folder)) {
                String n = f.getPath().getName();
                if (n.startsWith(PREFIX) || n.startsWith(EPOCH_PREFIX)
                        || ((n.startsWith("." + PREFIX) || n.startsWith("." + EPOCH_PREFIX)) && n.endsWith(".tmp"))) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the training checkpoints in " + dir, e);
        }
    }

    /**
     * Writes the weights and biases at the end of {@code epoch}, under a temporary name then renamed (another attempt
     * of the same epoch writes the same values).
     */
    public static void writeEpochWeights(Configuration conf, String dir, String fingerprint, int epoch, Mlp net) {
        try {
            Path folder = new Path(dir);
            FileSystem fs = folder.getFileSystem(conf);
            String name = epochName(epoch);
            Path tmp = writeTemporary(fs, folder, name, fingerprint, out -> {
                out.writeInt(epoch);
                out.writeInt(net.layers());
                for (int l = 0; l < net.layers(); l++) {
                    floats(out, net.weights(l));
                    floats(out, net.biases(l));
                }
            });
            Path target = new Path(folder, name);
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                fs.delete(tmp, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the weights of epoch " + epoch + " to " + dir, e);
        }
    }

    /**
     * The weights and biases at the end of {@code epoch} ({@code {weights, biases}}), or null when none were written
     * or they belong to another fit.
     */
    public static float[][][] readEpochWeights(Configuration conf, String dir, String fingerprint, int epoch) {
        Path file = new Path(new Path(dir), epochName(epoch));
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (!fs.exists(file)) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(fs.open(file))) {
                if (in.readLong() != MAGIC || in.readInt() != VERSION || !in.readUTF().equals(fingerprint)
                        || in.readInt() != epoch) {
                    return null;
                }
                int layers = in.readInt();
                float[][] w = new float[layers][];
                float[][] b = new float[layers][];
                for (int l = 0; l < layers; l++) {
                    w[l] = floats(in);
                    b[l] = floats(in);
                }
                return new float[][][] {w, b};
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the weights of epoch " + epoch + " in " + dir, e);
        }
    }

    /** Deletes the epoch weights of the epochs up to {@code last} (the driver has validated them). */
    public static void clearEpochWeights(Configuration conf, String dir, int last) {
        try {
            Path folder = new Path(dir);
            FileSystem fs = folder.getFileSystem(conf);
            if (!fs.exists(folder)) {
                return;
            }
            String bound = epochName(last);
            for (FileStatus f : fs.listStatus(folder)) {
                String n = f.getPath().getName();
                if (n.startsWith(EPOCH_PREFIX) && n.compareTo(bound) <= 0) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove epoch weights in " + dir, e);
        }
    }

    private static String epochName(int epoch) {
        return String.format(Locale.ROOT, "%s%012d", EPOCH_PREFIX, epoch);
    }

    private static void floats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        byte[] bytes = new byte[a.length * 4];
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().put(a);
        out.write(bytes);
    }

    private static float[] floats(DataInputStream in) throws IOException {
        int n = in.readInt();
        byte[] bytes = new byte[n * 4];
        in.readFully(bytes);
        float[] a = new float[n];
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(a);
        return a;
    }
}
