package org.lanes.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector code of other shapes than Lanes' own (64- and 128-bit float vectors), run before a paired measurement with
 * {@code --other-shapes}: what an application that uses the Vector API itself does to the JIT's view of the JDK's
 * vector classes. Lanes must keep its speed in such a JVM (docs/decisions/exact-vector-types.md).
 */
final class OtherShapes {
    static float sink;

    private OtherShapes() {
    }

    static void run() {
        float[] x = new float[512];
        float[] y = new float[512];
        for (int i = 0; i < 20_000; i++) {
            sink += shapes(i % 2 == 0 ? FloatVector.SPECIES_64 : FloatVector.SPECIES_128, x, y);
        }
    }

    private static float shapes(VectorSpecies<Float> s, float[] x, float[] y) {
        FloatVector acc = FloatVector.zero(s);
        for (int i = 0; i + s.length() <= x.length; i += s.length()) {
            FloatVector v = FloatVector.fromArray(s, x, i);
            acc = v.fma(FloatVector.fromArray(s, y, i), acc).max(v).add(v.mul(v));
            acc = acc.blend(v.neg(), v.compare(VectorOperators.LT, 0f));
            acc.intoArray(y, i);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
