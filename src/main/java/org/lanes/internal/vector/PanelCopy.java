package org.lanes.internal.vector;

import static org.lanes.internal.vector.VectorProvider.S;
import static org.lanes.internal.vector.VectorProvider.V;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import org.lanes.internal.scalar.ScalarProvider;

/**
 * Copies of runs into panels (B not transposed, A transposed, the narrow kernel's B, the direct path's row block)
 * with vector loads and stores, where {@code System.arraycopy} paid a stub call per run: one or two whole vectors
 * per step, longer runs vector by vector, shorter ones through a lane mask. Only the provider's own species is
 * used: a second one (half vectors for the 8-row A panels were tried) makes the JDK's vector classes see two
 * receiver types, and C2 then boxes every vector of both (2.4 MB per 784x512x256 product).
 */
final class PanelCopy {
    /**
     * Mask {@code w} selects the first w lanes. Made once: {@code VectorMask.fromLong} allocates on every call
     * on JDK 17, a mask loaded from here does not.
     */
    private static final VectorMask<Float>[] RUN_MASKS = runMasks();

    private PanelCopy() {
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[] runMasks() {
        VectorMask<Float>[] masks = new VectorMask[V + 1];
        for (int w = 0; w <= V; w++) {
            masks[w] = VectorMask.fromLong(S, (1L << w) - 1);
        }
        return masks;
    }

    static void packRuns(float[] src, int srcOffset, int ld, int len, int width, int panel, float scale,
                         boolean zeroFill, float[] dst, int dstOffset) {
        if (width == panel && width == 2 * V) {
            twoVectors(src, srcOffset, ld, len, scale, dst, dstOffset);
        } else if (width == panel && width == V) {
            oneVector(src, srcOffset, ld, len, scale, dst, dstOffset);
        } else if (scale == 1f && width >= V && !zeroFill) {
            longRuns(src, srcOffset, ld, len, width, panel, dst, dstOffset);
        } else if (scale == 1f && width < V && panel == V && zeroFill) {
            shortRuns(src, srcOffset, ld, len, width, dst, dstOffset);
        } else {
            ScalarProvider.INSTANCE.packRuns(src, srcOffset, ld, len, width, panel, scale, zeroFill, dst, dstOffset);
        }
    }

    /** Transposed A into panels of one vector of rows (two 8-row tiles with 16 lanes). */
    private static void oneVector(float[] src, int srcOffset, int ld, int len, float scale, float[] dst,
                                  int dstOffset) {
        FloatVector sv = FloatVector.broadcast(S, scale);
        for (int p = 0, s = srcOffset, d = dstOffset; p < len; p++, s += ld, d += V) {
            ((FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, src, s).mul(sv))).intoArray(dst, d);
        }
    }

    private static void twoVectors(float[] src, int srcOffset, int ld, int len, float scale, float[] dst,
                                   int dstOffset) {
        if (scale == 1f) {
            for (int p = 0, s = srcOffset, d = dstOffset; p < len; p++, s += ld, d += 2 * V) {
                ((FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, src, s))).intoArray(dst, d);
                ((FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, src, s + V))).intoArray(dst, d + V);
            }
        } else {
            FloatVector sv = FloatVector.broadcast(S, scale);
            for (int p = 0, s = srcOffset, d = dstOffset; p < len; p++, s += ld, d += 2 * V) {
                ((FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, src, s).mul(sv))).intoArray(dst, d);
                ((FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, src, s + V).mul(sv))).intoArray(dst, d + V);
            }
        }
    }

    /**
     * Runs of at least one vector, copied unscaled vector by vector; the last vector of each run overlaps the one
     * before it rather than taking a scalar tail. One {@code System.arraycopy} per run (the direct path's rows of
     * A, 32 to 256 floats) cost more than the copy itself.
     */
    private static void longRuns(float[] src, int srcOffset, int ld, int len, int width, int panel, float[] dst,
                                 int dstOffset) {
        int last = width - V;
        for (int p = 0, s = srcOffset, d = dstOffset; p < len; p++, s += ld, d += panel) {
            for (int w = 0; w < last; w += V) {
                ((FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, src, s + w))).intoArray(dst, d + w);
            }
            ((FloatVector) Exact.VECTOR.cast(FloatVector.fromArray(S, src, s + last))).intoArray(dst, d + last);
        }
    }

    /**
     * Runs shorter than a vector into one-vector steps, zero past the run (the narrow kernel's B: 10 of 16 lanes).
     * Each step loads a whole vector, which reads past the run into what follows it, and keeps only the run's
     * lanes; the steps whose vector would pass the end of the array are copied one value at a time. One
     * {@code System.arraycopy} and one fill per step cost more than the narrow product they fed at batch 64.
     */
    private static void shortRuns(float[] src, int srcOffset, int ld, int len, int width, float[] dst,
                                  int dstOffset) {
        VectorMask<Float> run = RUN_MASKS[width];
        FloatVector zero = FloatVector.zero(S);
        int p = 0;
        int s = srcOffset;
        int d = dstOffset;
        int room = src.length - V - srcOffset;
        if (ld > 0 && room >= 0) {
            int whole = (int) Math.min(len, room / ld + 1L);
            for (; p < whole; p++, s += ld, d += V) {
                ((FloatVector) Exact.VECTOR.cast(zero.blend(FloatVector.fromArray(S, src, s), run))).intoArray(dst, d);
            }
        }
        for (; p < len; p++, s += ld, d += V) {
            for (int w = 0; w < V; w++) {
                dst[d + w] = w < width ? src[s + w] : 0f;
            }
        }
    }
}
