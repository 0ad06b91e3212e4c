package org.lanes.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The test JVM's one local Spark session, and generated data sets. */
final class SparkTests {
    private static SparkSession session;

    private SparkTests() {
    }

    /**
     * Four task slots on the two-core machine: a synchronous fit's barrier stage needs one slot per partition at
     * once, and the tests run up to three partitions, or two fits of two partitions side by side.
     */
    static synchronized SparkSession spark() {
        if (session == null) {
            session = SparkSession.builder().master("local[4]").appName("lanes-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }

    static JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(spark().sparkContext());
    }

    static final StructType SCHEMA = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), true, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, true, Metadata.empty())});

    /**
     * {@code n} rows of {@code dim} features in {@code classes} Gaussian blobs (centres drawn from +-2, noise 0.6),
     * in {@code partitions} partitions of consecutive rows.
     */
    static Generated blobs(int n, int dim, int classes, int partitions, long seed) {
        return blobs(spark(), n, dim, classes, partitions, seed);
    }

    /** {@link #blobs(int, int, int, int, long)} in the given session. */
    static Generated blobs(SparkSession session, int n, int dim, int classes, int partitions, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[classes][dim];
        for (double[] c : centres) {
            for (int i = 0; i < dim; i++) {
                c[i] = random.nextDouble() * 4 - 2;
            }
        }
        float[] x = new float[n * dim];
        int[] y = new int[n];
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            int label = r % classes;
            double[] v = new double[dim];
            for (int i = 0; i < dim; i++) {
                v[i] = (float) (centres[label][i] + 0.6 * random.nextGaussian());
                x[r * dim + i] = (float) v[i];
            }
            y[r] = label;
            rows.add(RowFactory.create(Vectors.dense(v), (double) label));
        }
        Dataset<Row> df = session.createDataFrame(JavaSparkContext.fromSparkContext(session.sparkContext())
                .parallelize(rows, partitions), SCHEMA);
        return new Generated(df, new org.lanes.nn.Dataset(x, y, n, dim, classes));
    }

    /** The same rows as a DataFrame and as a Lanes data set, in the same order. */
    record Generated(Dataset<Row> frame, org.lanes.nn.Dataset local) {
    }
}
