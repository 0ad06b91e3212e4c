package org.lanes.spark;

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
import org.lanes.nn.Mnist;

/**
 * MNIST as a DataFrame ({@code features}: 784 pixels / 255, {@code label}: the digit), read by the executors
 * themselves from the IDX files (each partition loads the file and keeps its slice of consecutive rows), so the
 * driver never holds the whole set. {@code ../shared/data/mnist} by default, {@code -Dlanes.mnist=} elsewhere.
 */
public final class MnistFrames {
    private MnistFrames() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("lanes.mnist", "../../shared/data/mnist"));
    }

    public static boolean present() {
        return Mnist.present(dir());
    }

    /** The training set ({@code test == false}) or the test set, in {@code partitions} partitions. */
    public static Dataset<Row> load(SparkSession spark, boolean test, int partitions) {
        String dir = dir().toAbsolutePath().toString();
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
        }), SparkTests.SCHEMA);
    }
}
