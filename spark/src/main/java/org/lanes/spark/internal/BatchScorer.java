package org.lanes.spark.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.lanes.Kernels;
import org.lanes.nn.Mlp;

/**
 * Scores one partition in batches: reads up to {@code batchRows} rows, runs the network on all of them at once
 * (one GEMM per layer), then emits them with the requested output columns appended. Rows keep their order.
 */
public final class BatchScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final NetworkState state;
    private final int featuresIndex;
    private final String featuresCol;
    private final int inputColumns;
    private final int rawAt;
    private final int probabilityAt;
    private final int predictionAt;
    private final int outputColumns;
    private final double[] thresholds;
    private final int batchRows;

    /**
     * {@code out} is the output schema: the {@code inputColumns} input columns followed by the new ones; a column
     * whose name is empty in the model's params is not produced.
     */
    public BatchScorer(NetworkState state, int featuresIndex, String featuresCol, int inputColumns, StructType out,
            String rawCol, String probabilityCol, String predictionCol, double[] thresholds, int batchRows) {
        this.state = state;
        this.featuresIndex = featuresIndex;
        this.featuresCol = featuresCol;
        this.inputColumns = inputColumns;
        this.outputColumns = out.size();
        this.rawAt = rawCol.isEmpty() ? -1 : out.fieldIndex(rawCol);
        this.probabilityAt = probabilityCol.isEmpty() ? -1 : out.fieldIndex(probabilityCol);
        this.predictionAt = predictionCol.isEmpty() ? -1 : out.fieldIndex(predictionCol);
        this.thresholds = thresholds;
        this.batchRows = batchRows;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        Mlp net = state.toMlp();
        int dim = net.inputSize();
        int classes = net.classes();
        Row[] rows = new Row[batchRows];
        float[] x = new float[batchRows * dim];
        float[] z = new float[batchRows * classes];
        float[] p = new float[batchRows * classes];
        return new Iterator<>() {
            private int filled;
            private int next;
            private long seen;

            @Override
            public boolean hasNext() {
                if (next < filled) {
                    return true;
                }
                filled = 0;
                next = 0;
                while (filled < batchRows && input.hasNext()) {
                    Row row = input.next();
                    read(row, x, filled * dim, dim);
                    rows[filled++] = row;
                    seen++;
                }
                if (filled == 0) {
                    return false;
                }
                net.logits(x, 0, filled, z, 0);
                Kernels.softmax(filled, classes, z, 0, classes, p, 0, classes);
                return true;
            }

            private void read(Row row, float[] into, int offset, int size) {
                if (row.isNullAt(featuresIndex)) {
                    throw new IllegalArgumentException("column '" + featuresCol + "': row " + seen
                            + " of this partition has a null feature vector");
                }
                Vector v = (Vector) row.get(featuresIndex);
                if (v.size() != size) {
                    throw new IllegalArgumentException("column '" + featuresCol + "': row " + seen
                            + " of this partition has " + v.size() + " features, the model expects " + size);
                }
                Features.copy(v, into, offset); // scoring does not reject non-finite features: they score non-finite
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int r = next++;
                Row row = rows[r];
                rows[r] = null;
                Object[] values = new Object[outputColumns];
                for (int c = 0; c < inputColumns; c++) {
                    values[c] = row.get(c);
                }
                if (rawAt >= 0) {
                    values[rawAt] = vector(z, r * classes, classes);
                }
                if (probabilityAt >= 0) {
                    values[probabilityAt] = vector(p, r * classes, classes);
                }
                if (predictionAt >= 0) {
                    values[predictionAt] = (double) predict(p, r * classes, classes);
                }
                return RowFactory.create(values);
            }
        };
    }

    private int predict(float[] probs, int offset, int classes) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            double score = thresholds == null ? probs[offset + k]
                    : thresholds[k] == 0 ? Double.POSITIVE_INFINITY : probs[offset + k] / thresholds[k];
            if (score > bestScore) {
                best = k;
                bestScore = score;
            }
        }
        return best;
    }

    private static DenseVector vector(float[] values, int offset, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = values[offset + i];
        }
        return new DenseVector(d);
    }
}
