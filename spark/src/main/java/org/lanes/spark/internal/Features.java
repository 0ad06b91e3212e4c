package org.lanes.spark.internal;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/** ML vectors (double, dense or sparse) into Lanes' dense float rows. */
final class Features {
    private Features() {
    }

    /**
     * Writes {@code v}'s {@code v.size()} values as floats into {@code x} from {@code offset}, zeros included;
     * returns the index of the first value that is not a finite float, or -1 when all are.
     */
    static int copy(Vector v, float[] x, int offset) {
        int bad = -1;
        if (v instanceof DenseVector) {
            double[] values = ((DenseVector) v).values();
            for (int i = 0; i < values.length; i++) {
                float f = (float) values[i];
                x[offset + i] = f;
                if (bad < 0 && !Float.isFinite(f)) {
                    bad = i;
                }
            }
        } else {
            SparseVector s = (SparseVector) v;
            java.util.Arrays.fill(x, offset, offset + s.size(), 0f);
            int[] idx = s.indices();
            double[] values = s.values();
            for (int k = 0; k < idx.length; k++) {
                float f = (float) values[k];
                x[offset + idx[k]] = f;
                if (bad < 0 && !Float.isFinite(f)) {
                    bad = idx[k];
                }
            }
        }
        return bad;
    }
}
