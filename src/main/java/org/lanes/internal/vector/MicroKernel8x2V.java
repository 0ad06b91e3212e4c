package org.lanes.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.lanes.internal.gemm.MicroKernel;

/**
 * 8 x 2V micro-kernel: 16 accumulators stay in registers for the whole depth loop; each step loads two
 * B vectors and broadcasts one A value per row. Written out by hand because C2 keeps vectors in registers
 * only when the loop holds no calls and no arrays of vectors: C is read and written once, after the loop.
 */
final class MicroKernel8x2V implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    @Override
    public void multiply(int kc, float[] a, int aOffset, int aStep, float[] b, int bOffset, float beta, float[] c,
                         int cOffset, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int ai = aOffset;
        int bi = bOffset;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + V);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            ai += aStep;
            bi += 2 * V;
        }
        if (beta == 0f) {
            c00.intoArray(c, cOffset + 0 * ldc);
            c01.intoArray(c, cOffset + 0 * ldc + V);
            c10.intoArray(c, cOffset + 1 * ldc);
            c11.intoArray(c, cOffset + 1 * ldc + V);
            c20.intoArray(c, cOffset + 2 * ldc);
            c21.intoArray(c, cOffset + 2 * ldc + V);
            c30.intoArray(c, cOffset + 3 * ldc);
            c31.intoArray(c, cOffset + 3 * ldc + V);
            c40.intoArray(c, cOffset + 4 * ldc);
            c41.intoArray(c, cOffset + 4 * ldc + V);
            c50.intoArray(c, cOffset + 5 * ldc);
            c51.intoArray(c, cOffset + 5 * ldc + V);
            c60.intoArray(c, cOffset + 6 * ldc);
            c61.intoArray(c, cOffset + 6 * ldc + V);
            c70.intoArray(c, cOffset + 7 * ldc);
            c71.intoArray(c, cOffset + 7 * ldc + V);
            return;
        }
        FloatVector bv = FloatVector.broadcast(S, beta);
        FloatVector.fromArray(S, c, cOffset + 0 * ldc).fma(bv, c00).intoArray(c, cOffset + 0 * ldc);
        FloatVector.fromArray(S, c, cOffset + 0 * ldc + V).fma(bv, c01).intoArray(c, cOffset + 0 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 1 * ldc).fma(bv, c10).intoArray(c, cOffset + 1 * ldc);
        FloatVector.fromArray(S, c, cOffset + 1 * ldc + V).fma(bv, c11).intoArray(c, cOffset + 1 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 2 * ldc).fma(bv, c20).intoArray(c, cOffset + 2 * ldc);
        FloatVector.fromArray(S, c, cOffset + 2 * ldc + V).fma(bv, c21).intoArray(c, cOffset + 2 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 3 * ldc).fma(bv, c30).intoArray(c, cOffset + 3 * ldc);
        FloatVector.fromArray(S, c, cOffset + 3 * ldc + V).fma(bv, c31).intoArray(c, cOffset + 3 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 4 * ldc).fma(bv, c40).intoArray(c, cOffset + 4 * ldc);
        FloatVector.fromArray(S, c, cOffset + 4 * ldc + V).fma(bv, c41).intoArray(c, cOffset + 4 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 5 * ldc).fma(bv, c50).intoArray(c, cOffset + 5 * ldc);
        FloatVector.fromArray(S, c, cOffset + 5 * ldc + V).fma(bv, c51).intoArray(c, cOffset + 5 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 6 * ldc).fma(bv, c60).intoArray(c, cOffset + 6 * ldc);
        FloatVector.fromArray(S, c, cOffset + 6 * ldc + V).fma(bv, c61).intoArray(c, cOffset + 6 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 7 * ldc).fma(bv, c70).intoArray(c, cOffset + 7 * ldc);
        FloatVector.fromArray(S, c, cOffset + 7 * ldc + V).fma(bv, c71).intoArray(c, cOffset + 7 * ldc + V);
    }

    @Override
    public boolean packsBInTile() {
        return true;
    }

    /** B's runs where they lie, each step also copied into the packed panel with two vector stores. */
    @Override
    public void multiplyPackingB(int kc, float[] a, int aOffset, int aStep, float[] b, int bOffset, int ldb, int nr,
                                 float[] bp, int bpOffset, float beta, float[] c, int cOffset, int ldc) {
        if (nr != 2 * V) {
            MicroKernel.super.multiplyPackingB(kc, a, aOffset, aStep, b, bOffset, ldb, nr, bp, bpOffset, beta, c,
                    cOffset, ldc);
            return;
        }
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int ai = aOffset;
        int bi = bOffset;
        int di = bpOffset;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + V);
            b0.intoArray(bp, di);
            b1.intoArray(bp, di + V);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            ai += aStep;
            bi += ldb;
            di += 2 * V;
        }
        if (beta == 0f) {
            c00.intoArray(c, cOffset + 0 * ldc);
            c01.intoArray(c, cOffset + 0 * ldc + V);
            c10.intoArray(c, cOffset + 1 * ldc);
            c11.intoArray(c, cOffset + 1 * ldc + V);
            c20.intoArray(c, cOffset + 2 * ldc);
            c21.intoArray(c, cOffset + 2 * ldc + V);
            c30.intoArray(c, cOffset + 3 * ldc);
            c31.intoArray(c, cOffset + 3 * ldc + V);
            c40.intoArray(c, cOffset + 4 * ldc);
            c41.intoArray(c, cOffset + 4 * ldc + V);
            c50.intoArray(c, cOffset + 5 * ldc);
            c51.intoArray(c, cOffset + 5 * ldc + V);
            c60.intoArray(c, cOffset + 6 * ldc);
            c61.intoArray(c, cOffset + 6 * ldc + V);
            c70.intoArray(c, cOffset + 7 * ldc);
            c71.intoArray(c, cOffset + 7 * ldc + V);
            return;
        }
        FloatVector bv = FloatVector.broadcast(S, beta);
        FloatVector.fromArray(S, c, cOffset + 0 * ldc).fma(bv, c00).intoArray(c, cOffset + 0 * ldc);
        FloatVector.fromArray(S, c, cOffset + 0 * ldc + V).fma(bv, c01).intoArray(c, cOffset + 0 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 1 * ldc).fma(bv, c10).intoArray(c, cOffset + 1 * ldc);
        FloatVector.fromArray(S, c, cOffset + 1 * ldc + V).fma(bv, c11).intoArray(c, cOffset + 1 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 2 * ldc).fma(bv, c20).intoArray(c, cOffset + 2 * ldc);
        FloatVector.fromArray(S, c, cOffset + 2 * ldc + V).fma(bv, c21).intoArray(c, cOffset + 2 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 3 * ldc).fma(bv, c30).intoArray(c, cOffset + 3 * ldc);
        FloatVector.fromArray(S, c, cOffset + 3 * ldc + V).fma(bv, c31).intoArray(c, cOffset + 3 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 4 * ldc).fma(bv, c40).intoArray(c, cOffset + 4 * ldc);
        FloatVector.fromArray(S, c, cOffset + 4 * ldc + V).fma(bv, c41).intoArray(c, cOffset + 4 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 5 * ldc).fma(bv, c50).intoArray(c, cOffset + 5 * ldc);
        FloatVector.fromArray(S, c, cOffset + 5 * ldc + V).fma(bv, c51).intoArray(c, cOffset + 5 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 6 * ldc).fma(bv, c60).intoArray(c, cOffset + 6 * ldc);
        FloatVector.fromArray(S, c, cOffset + 6 * ldc + V).fma(bv, c61).intoArray(c, cOffset + 6 * ldc + V);
        FloatVector.fromArray(S, c, cOffset + 7 * ldc).fma(bv, c70).intoArray(c, cOffset + 7 * ldc);
        FloatVector.fromArray(S, c, cOffset + 7 * ldc + V).fma(bv, c71).intoArray(c, cOffset + 7 * ldc + V);
    }

    @Override
    public void multiplyHalf(int kc, float[] a, int aOffset, int aStep, float[] b, int bOffset, float beta, float[] c,
                             int cOffset, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        int ai = aOffset;
        int bi = bOffset;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai + 0]);
            c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
            ai += aStep;
            bi += 2 * V;
        }
        if (beta == 0f) {
            c00.intoArray(c, cOffset + 0 * ldc);
            c10.intoArray(c, cOffset + 1 * ldc);
            c20.intoArray(c, cOffset + 2 * ldc);
            c30.intoArray(c, cOffset + 3 * ldc);
            c40.intoArray(c, cOffset + 4 * ldc);
            c50.intoArray(c, cOffset + 5 * ldc);
            c60.intoArray(c, cOffset + 6 * ldc);
            c70.intoArray(c, cOffset + 7 * ldc);
            return;
        }
        FloatVector bv = FloatVector.broadcast(S, beta);
        FloatVector.fromArray(S, c, cOffset + 0 * ldc).fma(bv, c00).intoArray(c, cOffset + 0 * ldc);
        FloatVector.fromArray(S, c, cOffset + 1 * ldc).fma(bv, c10).intoArray(c, cOffset + 1 * ldc);
        FloatVector.fromArray(S, c, cOffset + 2 * ldc).fma(bv, c20).intoArray(c, cOffset + 2 * ldc);
        FloatVector.fromArray(S, c, cOffset + 3 * ldc).fma(bv, c30).intoArray(c, cOffset + 3 * ldc);
        FloatVector.fromArray(S, c, cOffset + 4 * ldc).fma(bv, c40).intoArray(c, cOffset + 4 * ldc);
        FloatVector.fromArray(S, c, cOffset + 5 * ldc).fma(bv, c50).intoArray(c, cOffset + 5 * ldc);
        FloatVector.fromArray(S, c, cOffset + 6 * ldc).fma(bv, c60).intoArray(c, cOffset + 6 * ldc);
        FloatVector.fromArray(S, c, cOffset + 7 * ldc).fma(bv, c70).intoArray(c, cOffset + 7 * ldc);
    }
}
