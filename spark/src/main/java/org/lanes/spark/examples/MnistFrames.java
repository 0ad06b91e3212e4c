package org.lanes.spark.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.lanes.nn.Mnist;

/**
 * MNIST as a DataFrame ({@code features}: 784 pixels / 255 as ML vectors, {@code label}: the digit as a double),
 * read by the executors themselves from the IDX files: each partition loads the file and keeps its slice of
 * consecutive rows, so the driver never holds the whole set. On a cluster the files must be at the same path on
 * every node. The folder is {@code ../shared/data/mnist} (from the repository root) unless {@code -Dlanes.mnist=}
 * names another.
 */
public final class MnistFrames {
    private MnistFrames() {
    }

    /** The columns: {@code features} (ML vectors) and {@code label} (double). */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});

    /** The MNIST folder: {@code -Dlanes.mnist}, else {@code ../shared/data/mnist} from the repository root. */
    public static Path dir() {
        String set = System.getProperty("lanes.mnist");
        if (set != null) {
            return Path.of(set);
        }
        // From the repository root (the launcher) or from the module's folder (Maven's tests).
        Path fromRoot = Path.of("../shared/data/mnist");
        return Mnist.present(fromRoot) ? fromRoot : Path.of("../../shared/data/mnist");
    }

    public static boolean present() {
        return Mnist.present(dir());
    }

    /** The training set ({@code test == false}) or the test set, in {@code partitions} partitions. */
    public static Dataset<Row> load(SparkSession spark, boolean test, int partitions) {
        return load(spark, dir(), test, partitions);
    }

    /** As {@link #load(SparkSession, boolean, int)}, from the folder {@code folder}. */
    public static Dataset<Row> load(SparkSession spark, Path folder, boolean test, int partitions) {
        if (!Mnist.present(folder)) {
            throw new IllegalArgumentException("no MNIST files in " + folder.toAbsolutePath());
        }
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be > 0, got " + partitions);
        }
        String dir = folder.toAbsolutePath().toString();

        List<Integer> parts = IntStream.range(0, partitions).boxed().collect(Collectors.toList());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(parts, partitions).flatMap(p -> {
            org.lanes.nn.Dataset d = test ? Mnist.test(Path.of(dir)) : Mnist.train(Path.of(dir));
            int from = (int) ((long) d.size() * p / partitions);
            int to = (int) ((long) d.size() * (p + 1) / partitions);
            List<Row> rows = new ArrayList<>(to - from);
            for (int r = from; r < to; r++) {
                double[] v = new double[d.dimension()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = d.features()[r * d.dimension() + i];
                }
                rows.add(RowFactory.create(Vectors.dense(v), (double) d.labels()[r]));
            }
            return rows.iterator();
        }), SCHEMA);
    }
}
