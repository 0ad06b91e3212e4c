package org.lanes.nn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * previous checkpoint intact. Loading verifies everything before building the network.
 */
public final class Checkpoint {
    static final int MAGIC = 0x4C4E4D50;
    static final int VERSION = 1;

    private Checkpoint() {
    }

    public static void save(Mlp net, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(net.hiddenActivation().ordinal());
            int[] sizes = net.sizes();
            out.writeInt(sizes.length);
            for (int s : sizes) {
                out.writeInt(s);
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
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static Mlp load(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
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
            for (int i = 0; i < count; i++) {
                sizes[i] = in.getInt();
                if (sizes[i] <= 0) {
                    throw new IOException(file + ": bad layer size " + sizes[i]);
                }
                if (i > 0) {
                    floats += (long) sizes[i - 1] * sizes[i] + sizes[i];
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
