package org.lanes.internal.vector;

import static org.lanes.internal.vector.VectorProvider.S;
import static org.lanes.internal.vector.VectorProvider.V;

import jdk.incubator.vector.FloatVector;
import org.lanes.internal.scalar.ScalarProvider;

/**
 * Packing of panels that copy runs (B not transposed, A transposed) with vector loads and stores: one or two
 * vectors per step, where {@code System.arraycopy} paid a stub call per step. Only the provider's own species is used: a second
 * one (half vectors for the 8-row A panels were tried) makes the JDK's vector classes see two receiver types,
 * and C2 then boxes every vector of both (2.4 MB per 784x512x256 product).
 */
final class PanelCopy {
    private PanelCopy() {
    }

    static void packRuns(float[] src, int srcOffset, int ld, int len, int width, int panel, float scale,
                         float[] dst, int dstOffset) {
        if (width == panel && width == 2 * V) {
            twoVectors(src, srcOffset, ld, len, scale, dst, dstOffset);
        } else if (width == panel && width == V) {
            oneVector(src, srcOffset, ld, len, scale, dst, dstOffset);
        } else if (scale == 1f && width >= V) {
            longRuns(src, srcOffset, ld, len, width, panel, dst, dstOffset);
        } else {
            ScalarProvider.INSTANCE.packRuns(src, srcOffset, ld, len, width, panel, scale, dst, dstOffset);
        }
    }

    /** Transposed A into panels of one vector of rows (two 8-row tiles with 16 lanes). */
    private static void oneVector(float[] src, int srcOffset, int ld, int len, float scale, float[] dst,
                                  int dstOffset) {
        FloatVector sv = FloatVector.broadcast(S, scale);
        for (int p = 0, s = srcOffset, d = dstOffset; p < len; p++, s += ld, d += V) {
            FloatVector.fromArray(S, src, s).mul(sv).intoArray(dst, d);
        }
    }

    private static void twoVectors(float[] src, int srcOffset, int ld, int len, float scale, float[] dst,
                                   int dstOffset) {
        if (scale == 1f) {
            for (int p = 0, s = srcOffset, d = dstOffset; p < len; p++, s += ld, d += 2 * V) {
                FloatVector.fromArray(S, src, s).intoArray(dst, d);
                FloatVector.fromArray(S, src, s + V).intoArray(dst, d + V);
            }
        } else {
            FloatVector sv = FloatVector.broadcast(S, scale);
            for (int p = 0, s = srcOffset, d = dstOffset; p < len; p++, s += ld, d += 2 * V) {
                FloatVector.fromArray(S, src, s).mul(sv).intoArray(dst, d);
                FloatVector.fromArray(S, src, s + V).mul(sv).intoArray(dst, d + V);
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
                FloatVector.fromArray(S, src, s + w).intoArray(dst, d + w);
            }
            FloatVector.fromArray(S, src, s + last).intoArray(dst, d + last);
        }
    }
}
