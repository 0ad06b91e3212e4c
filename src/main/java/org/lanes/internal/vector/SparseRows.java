package org.lanes.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.lanes.internal.gemm.SparseA;

/**
 * The sparse-A product's kernel ({@code GemmKernels.sparseRows}): a group of four rows of C takes the listed steps
 * only, each step one row of B times four values of A. Columns go four vectors at a time over every group, so that
 * the strip of B (depth x 4V floats) stays in L2 while all groups read it; the tile is 4 rows x 4 vectors, 16
 * accumulators, four loads and four broadcasts per 16 FMAs. Then single vectors, then a scalar tail. Each element is
 * one FMA chain from +0 in step order, as on the packed path.
 */
final class SparseRows {
    private static final VectorSpecies<Float> S = VectorProvider.S;
    private static final int V = VectorProvider.V;
    private static final int G = SparseA.GROUP;

    private SparseRows() {
    }

    static void rows(int rows, int n, int[] counts, int[] depths, float[] values, int stride,
                     float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        int groups = (rows + G - 1) / G;
        int j = 0;
        for (; j + 4 * V <= n; j += 4 * V) {
            for (int g = 0; g < groups; g++) {
                fourVectors(g * stride, counts[g], depths, values, b, bOffset + j, ldb, c, cOffset + g * G * ldc + j,
                        ldc, Math.min(G, rows - g * G));
            }
        }
        for (; j + V <= n; j += V) {
            for (int g = 0; g < groups; g++) {
                oneVector(g * stride, counts[g], depths, values, b, bOffset + j, ldb, c, cOffset + g * G * ldc + j,
                        ldc, Math.min(G, rows - g * G));
            }
        }
        for (; j < n; j++) {
            for (int row = 0; row < rows; row++) {
                int g = row / G;
                float acc = 0f;
                for (int e = g * stride, end = e + counts[g]; e < end; e++) {
                    acc = Math.fma(values[e * G + row % G], b[bOffset + depths[e] * ldb + j], acc);
                }
                c[cOffset + row * ldc + j] = acc;
            }
        }
    }

    private static void fourVectors(int from, int count, int[] depths, float[] values, float[] b, int b0, int ldb,
                                    float[] c, int c0, int ldc, int rows) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S);
        FloatVector s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S);
        FloatVector s13 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s22 = FloatVector.zero(S);
        FloatVector s23 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        FloatVector s32 = FloatVector.zero(S);
        FloatVector s33 = FloatVector.zero(S);
        for (int e = from, end = from + count; e < end; e++) {
            int row = b0 + depths[e] * ldb;
            FloatVector b0v = FloatVector.fromArray(S, b, row);
            FloatVector b1v = FloatVector.fromArray(S, b, row + V);
            FloatVector b2v = FloatVector.fromArray(S, b, row + 2 * V);
            FloatVector b3v = FloatVector.fromArray(S, b, row + 3 * V);
            FloatVector a0 = FloatVector.broadcast(S, values[e * G]);
            s00 = a0.fma(b0v, s00);
            s01 = a0.fma(b1v, s01);
            s02 = a0.fma(b2v, s02);
            s03 = a0.fma(b3v, s03);
            FloatVector a1 = FloatVector.broadcast(S, values[e * G + 1]);
            s10 = a1.fma(b0v, s10);
            s11 = a1.fma(b1v, s11);
            s12 = a1.fma(b2v, s12);
            s13 = a1.fma(b3v, s13);
            FloatVector a2 = FloatVector.broadcast(S, values[e * G + 2]);
            s20 = a2.fma(b0v, s20);
            s21 = a2.fma(b1v, s21);
            s22 = a2.fma(b2v, s22);
            s23 = a2.fma(b3v, s23);
            FloatVector a3 = FloatVector.broadcast(S, values[e * G + 3]);
            s30 = a3.fma(b0v, s30);
            s31 = a3.fma(b1v, s31);
            s32 = a3.fma(b2v, s32);
            s33 = a3.fma(b3v, s33);
        }
        ((FloatVector) Exact.VECTOR.cast(s00)).intoArray(c, c0);
        ((FloatVector) Exact.VECTOR.cast(s01)).intoArray(c, c0 + V);
        ((FloatVector) Exact.VECTOR.cast(s02)).intoArray(c, c0 + 2 * V);
        ((FloatVector) Exact.VECTOR.cast(s03)).intoArray(c, c0 + 3 * V);
        if (rows > 1) {
            int c1 = c0 + ldc;
            ((FloatVector) Exact.VECTOR.cast(s10)).intoArray(c, c1);
            ((FloatVector) Exact.VECTOR.cast(s11)).intoArray(c, c1 + V);
            ((FloatVector) Exact.VECTOR.cast(s12)).intoArray(c, c1 + 2 * V);
            ((FloatVector) Exact.VECTOR.cast(s13)).intoArray(c, c1 + 3 * V);
        }
        if (rows > 2) {
            int c2 = c0 + 2 * ldc;
            ((FloatVector) Exact.VECTOR.cast(s20)).intoArray(c, c2);
            ((FloatVector) Exact.VECTOR.cast(s21)).intoArray(c, c2 + V);
            ((FloatVector) Exact.VECTOR.cast(s22)).intoArray(c, c2 + 2 * V);
            ((FloatVector) Exact.VECTOR.cast(s23)).intoArray(c, c2 + 3 * V);
        }
        if (rows > 3) {
            int c3 = c0 + 3 * ldc;
            ((FloatVector) Exact.VECTOR.cast(s30)).intoArray(c, c3);
            ((FloatVector) Exact.VECTOR.cast(s31)).intoArray(c, c3 + V);
            ((FloatVector) Exact.VECTOR.cast(s32)).intoArray(c, c3 + 2 * V);
            ((FloatVector) Exact.VECTOR.cast(s33)).intoArray(c, c3 + 3 * V);
        }
    }

    private static void oneVector(int from, int count, int[] depths, float[] values, float[] b, int b0, int ldb,
                                  float[] c, int c0, int ldc, int rows) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        for (int e = from, end = from + count; e < end; e++) {
            FloatVector bv = FloatVector.fromArray(S, b, b0 + depths[e] * ldb);
            s0 = FloatVector.broadcast(S, values[e * G]).fma(bv, s0);
            s1 = FloatVector.broadcast(S, values[e * G + 1]).fma(bv, s1);
            s2 = FloatVector.broadcast(S, values[e * G + 2]).fma(bv, s2);
            s3 = FloatVector.broadcast(S, values[e * G + 3]).fma(bv, s3);
        }
        ((FloatVector) Exact.VECTOR.cast(s0)).intoArray(c, c0);
        if (rows > 1) {
            ((FloatVector) Exact.VECTOR.cast(s1)).intoArray(c, c0 + ldc);
        }
        if (rows > 2) {
            ((FloatVector) Exact.VECTOR.cast(s2)).intoArray(c, c0 + 2 * ldc);
        }
        if (rows > 3) {
            ((FloatVector) Exact.VECTOR.cast(s3)).intoArray(c, c0 + 3 * ldc);
        }
    }
}
