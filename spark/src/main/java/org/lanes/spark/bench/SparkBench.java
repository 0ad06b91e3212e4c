package org.lanes.spark.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.lanes.spark.LanesMlpClassificationModel;
import org.lanes.spark.LanesMlpClassifier;
import org.lanes.spark.TrainingEpoch;
import org.lanes.spark.examples.MnistFrames;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lanes on Spark against Spark MLlib's MultilayerPerceptronClassifier on MNIST, the same 784-512-10 sigmoid network,
 * in one JVM: time to 97 % test accuracy and time per epoch (train), batch scoring of a million rows, Lanes and
 * MLlib alternating (score), and Lanes' epoch time on local[1] against local[2] (scaling). Prints a Markdown table
 * per part; docs/spark.md holds the results and the commands.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Lanes on Spark against MLlib on MNIST.")
public final class SparkBench implements Callable<Integer> {
    @Option(names = "--parts", split = ",", defaultValue = "train,score,scaling",
            description = "Which parts to run: train, score, scaling (default: ${DEFAULT-VALUE}).")
    List<String> parts;

    @Option(names = "--master", defaultValue = "local[2]", description = "Master of train and score (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--epochs", defaultValue = "10", description = "Most Lanes epochs in train (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--mllib-budget", defaultValue = "900", description = "Seconds MLlib may train in train (default: ${DEFAULT-VALUE}).")
    double mllibBudget;

    @Option(names = "--mllib-chunk", defaultValue = "10", description = "L-BFGS iterations between MLlib's accuracy checks (default: ${DEFAULT-VALUE}).")
    int mllibChunk;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows scored in score (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--rounds", defaultValue = "3", description = "Alternating rounds in score (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--sync-lr", defaultValue = "1.5", description = "Lanes sync learning rate (default: ${DEFAULT-VALUE}).")
    double syncLr;

    @Option(names = "--local-lr", defaultValue = "1.5", description = "Lanes local-SGD learning rate (default: ${DEFAULT-VALUE}).")
    double localLr;

    @Option(names = "--local-steps", defaultValue = "64", description = "Lanes local-SGD steps per average (default: ${DEFAULT-VALUE}).")
    int localSteps;

    @Option(names = "--batch", defaultValue = "128", description = "Lanes sync global mini-batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--local-batch", defaultValue = "128", description = "Lanes local-SGD global mini-batch (default: ${DEFAULT-VALUE}).")
    int localBatch;

    private static final double TARGET = 0.97;

    @Override
    public Integer call() {
        System.out.println("machine: " + org.lanes.Lanes.describe());
        if (parts.contains("train")) {
            train();
        }
        if (parts.contains("score")) {
            score();
        }
        if (parts.contains("scaling")) {
            scaling();
        }
        return 0;
    }

    private static SparkSession session(String master) {
        return SparkSession.builder().master(master).appName("lanes-bench").config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    private LanesMlpClassifier lanes(String mode) {
        return new LanesMlpClassifier().setLayers(512).setActivation("sigmoid").setInit("xavier")
                .setLearningRate("sync".equals(mode) ? syncLr : localLr)
                .setBatchSize("sync".equals(mode) ? batch : localBatch).setTrainingMode(mode)
                .setLocalSteps(localSteps).setSeed(42);
    }

    /** Time to 97 % and time per epoch: Lanes sync, Lanes local, MLlib (L-BFGS, checked every chunk). */
    private void train() {
        SparkSession spark = session(master);
        int partitions = spark.sparkContext().defaultParallelism();
        Dataset<Row> train = MnistFrames.load(spark, false, partitions).persist(StorageLevel.MEMORY_ONLY());
        Dataset<Row> test = MnistFrames.load(spark, true, partitions).persist(StorageLevel.MEMORY_ONLY());
        System.out.printf(Locale.ROOT, "train: %d + %d rows, %s, %d partitions%n", train.count(), test.count(),
                master, partitions);
        List<String> table = new ArrayList<>();
        table.add("| trainer | time to 97 % (s) | epochs or iterations to 97 % | time per epoch or iteration (s) | best test accuracy (time, s) |");
        table.add("|---|---:|---:|---:|---:|");
        for (String mode : new String[] {"sync", "local"}) {
            long start = System.nanoTime();
            LanesMlpClassificationModel model = lanes(mode).setMaxEpochs(epochs).setValidationData(test).fit(train);
            double total = (System.nanoTime() - start) / 1e9;
            double elapsed = 0;
            double reached = Double.NaN;
            int at = -1;
            double best = 0;
            double[] perEpoch = new double[model.trainingHistory().size()];
            for (TrainingEpoch e : model.trainingHistory()) {
                elapsed += e.seconds();
                perEpoch[e.epoch() - 1] = e.seconds();
                best = Math.max(best, e.validationAccuracy());
                if (at < 0 && e.validationAccuracy() >= TARGET) {
                    at = e.epoch();
                    reached = elapsed;
                }
                System.out.printf(Locale.ROOT, "  lanes %s epoch %d: accuracy %.4f, %.2f s%n", mode, e.epoch(),
                        e.validationAccuracy(), e.seconds());
            }
            Arrays.sort(perEpoch);
            table.add(String.format(Locale.ROOT, "| Lanes %s (lr %.2g, batch %d%s) | %s | %s | %.2f (median) | %.4f (fit %.1f) |",
                    mode, "sync".equals(mode) ? syncLr : localLr, "sync".equals(mode) ? batch : localBatch,
                    "local".equals(mode) ? ", " + localSteps + " steps per average" : "",
                    at < 0 ? "not reached" : String.format(Locale.ROOT, "%.1f", reached), at < 0 ? "-" : String.valueOf(at),
                    perEpoch[perEpoch.length / 2], best, total));
        }
        // MLlib: L-BFGS in chunks, each chunk continuing from the previous weights; the clock counts fits only.
        double elapsed = 0;
        int iterations = 0;
        double reached = Double.NaN;
        int at = -1;
        double best = 0;
        Vector weights = null;
        while (elapsed < mllibBudget && at < 0) {
            MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(new int[] {784, 512, 10})
                    .setMaxIter(mllibChunk).setTol(0).setSeed(42).setBlockSize(128);
            if (weights != null) {
                mlp.setInitialWeights(weights);
            }
            long start = System.nanoTime();
            MultilayerPerceptronClassificationModel model = mlp.fit(train);
            elapsed += (System.nanoTime() - start) / 1e9;
            iterations += mllibChunk;
            weights = model.weights();
            double accuracy = accuracy(model.transform(test));
            best = Math.max(best, accuracy);
            System.out.printf(Locale.ROOT, "  mllib %d iterations: accuracy %.4f, %.1f s in all%n", iterations,
                    accuracy, elapsed);
            if (accuracy >= TARGET) {
                at = iterations;
                reached = elapsed;
            }
        }
        table.add(String.format(Locale.ROOT, "| MLlib MultilayerPerceptronClassifier (L-BFGS, block 128) | %s | %s | %.2f | %.4f (%.0f) |",
                at < 0 ? "not reached in " + String.format(Locale.ROOT, "%.0f", elapsed) : String.format(Locale.ROOT, "%.1f", reached),
                at < 0 ? "> " + iterations : String.valueOf(at), elapsed / iterations, best, elapsed));
        table.forEach(System.out::println);
        train.unpersist();
        test.unpersist();
        spark.stop();
    }

    private static double accuracy(Dataset<Row> scored) {
        long hits = scored.filter(functions.col("prediction").equalTo(functions.col("label"))).count();
        return hits / (double) scored.count();
    }

    /** Rows per second of transform over the test set replicated to {@code rows} rows, Lanes and MLlib alternating. */
    private void score() {
        SparkSession spark = session(master);
        int partitions = spark.sparkContext().defaultParallelism();
        Dataset<Row> train = MnistFrames.load(spark, false, partitions).limit(5000).cache();
        LanesMlpClassificationModel lanes = lanes("local").setMaxEpochs(1).fit(train);
        MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {784, 512, 10}).setMaxIter(1).setSeed(42).fit(train);
        train.unpersist();
        int copies = (rows + 9_999) / 10_000;
        // The test set as sparse vectors (MNIST is about 80 % zeros), copied to the row count, cached in memory.
        Dataset<Row> test = MnistFrames.load(spark, true, partitions);
        Dataset<Row> many = spark.createDataFrame(test.toJavaRDD().flatMap(r -> {
            List<Row> out = new ArrayList<>(copies);
            Row sparse = RowFactory.create(((Vector) r.get(0)).toSparse(), r.get(1));
            for (int c = 0; c < copies; c++) {
                out.add(sparse);
            }
            return out.iterator();
        }), MnistFrames.SCHEMA).limit(rows).repartition(partitions).persist(StorageLevel.MEMORY_ONLY());
        long n = many.count();
        System.out.printf(Locale.ROOT, "score: %d rows, %s, %d partitions%n", n, master, partitions);
        List<Double> ratios = new ArrayList<>();
        double bestLanes = 0;
        double bestMllib = 0;
        for (int round = 0; round <= rounds; round++) {
            double l = rowsPerSecond(lanes.transform(many), n);
            double m = rowsPerSecond(mllib.transform(many), n);
            System.out.printf(Locale.ROOT, "  round %d%s: lanes %.0f rows/s, mllib %.0f rows/s, ratio %.2f%n", round,
                    round == 0 ? " (warm-up, not counted)" : "", l, m, l / m);
            if (round > 0) {
                ratios.add(l / m);
                bestLanes = Math.max(bestLanes, l);
                bestMllib = Math.max(bestMllib, m);
            }
        }
        ratios.sort(null);
        System.out.println("| scorer | best rows/s | median ratio Lanes/MLlib |");
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| Lanes transform (batches of %d rows) | %.0f | %.2f |%n",
                lanes.getScoringBatchSize(), bestLanes, ratios.get(ratios.size() / 2));
        System.out.printf(Locale.ROOT, "| MLlib transform | %.0f | |%n", bestMllib);
        many.unpersist();
        spark.stop();
    }

    /** Forces every output column of {@code scored} through Spark's no-op sink; rows per second. */
    private static double rowsPerSecond(Dataset<Row> scored, long n) {
        long start = System.nanoTime();
        scored.select("prediction", "probability", "rawPrediction").write().format("noop").mode("overwrite").save();
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** Lanes' epoch time with local[1] and local[2], alternating sessions; the last of 3 epochs counts. */
    private void scaling() {
        List<String> table = new ArrayList<>();
        table.add("| mode | master | partitions | epoch time (s), each session | ");
        table.add("|---|---|---:|---|");
        for (String mode : new String[] {"sync", "local"}) {
            List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>());
            for (int rep = 0; rep < 2; rep++) {
                for (int cores = 1; cores <= 2; cores++) {
                    SparkSession spark = session("local[" + cores + "]");
                    Dataset<Row> train = MnistFrames.load(spark, false, cores).persist(StorageLevel.MEMORY_ONLY());
                    train.count();
                    LanesMlpClassificationModel model = lanes(mode).setMaxEpochs(3).fit(train);
                    double last = model.trainingHistory().get(2).seconds();
                    times.get(cores - 1).add(last);
                    System.out.printf(Locale.ROOT, "  %s local[%d]: epoch 3 took %.2f s%n", mode, cores, last);
                    train.unpersist();
                    spark.stop();
                }
            }
            for (int cores = 1; cores <= 2; cores++) {
                table.add(String.format(Locale.ROOT, "| %s | local[%d] | %d | %s |", mode, cores, cores,
                        times.get(cores - 1)));
            }
        }
        table.forEach(System.out::println);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkBench()).execute(args));
    }
}
