package org.lanes.spark.examples;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.lanes.spark.LanesMlpClassificationModel;
import org.lanes.spark.LanesMlpClassifier;
import org.lanes.spark.TrainingEpoch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains {@link LanesMlpClassifier} on MNIST with Spark, reports the test accuracy after every epoch, scores the
 * test set and optionally saves the model. Runs in local mode by default ({@code src/bin/lanes-spark mnist}); the
 * same class runs on a cluster through {@code spark-submit} (docs/spark.md).
 */
@Command(name = "mnist", mixinStandardHelpOptions = true,
        description = "Train Lanes' MLP on MNIST with Spark and score the test set.")
public final class MnistOnSpark implements Callable<Integer> {
    @Option(names = "--master", description = "Spark master when not set by spark-submit (default: local[2]).")
    String master;

    @Option(names = "--data", description = "MNIST folder (default: ../shared/data/mnist).")
    Path data;

    @Option(names = "--partitions", description = "Partitions of the training set (default: Spark's parallelism).")
    Integer partitions;

    @Option(names = "--mode", defaultValue = "sync", description = "sync or local (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--transport", defaultValue = "barrier",
            description = "Transport, both modes: barrier or treeAggregate (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--epochs-per-stage", description = "Barrier transport: epochs per barrier stage, 0 for the whole"
            + " fit (default: the estimator's, 10).")
    Integer epochsPerStage;

    @Option(names = "--layers", split = ",", defaultValue = "512", description = "Hidden sizes (default: 512).")
    int[] layers;

    @Option(names = "--activation", defaultValue = "sigmoid", description = "sigmoid, relu or tanh (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--init", defaultValue = "xavier", description = "small, xavier or he (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--lr", defaultValue = "1.5", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--momentum", defaultValue = "0", description = "Momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--batch", defaultValue = "128", description = "Global mini-batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--local-steps", defaultValue = "32", description = "Steps between averages in local mode (default: ${DEFAULT-VALUE}).")
    int localSteps;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--save", description = "Save the model to this path (Spark ML persistence, overwriting).")
    String save;

    @Override
    public Integer call() throws Exception {
        SparkSession.Builder builder = SparkSession.builder().appName("lanes-mnist");
        if (master != null) {
            builder.master(master);
        } else if (!SparkSession.getActiveSession().isDefined() && System.getProperty("spark.master") == null) {
            builder.master("local[2]");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            Path folder = data != null ? data : MnistFrames.dir();
            int parts = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
            Dataset<Row> train = MnistFrames.load(spark, folder, false, parts).cache();
            Dataset<Row> test = MnistFrames.load(spark, folder, true, parts).cache();
            LanesMlpClassifier estimator = new LanesMlpClassifier().setLayers(layers).setActivation(activation)
                    .setInit(init).setLearningRate(lr).setMomentum(momentum).setBatchSize(batch).setMaxEpochs(epochs)
                    .setTrainingMode(mode).setSyncTransport(transport).setLocalSteps(localSteps).setSeed(seed)
                    .setValidationData(test);
            if (epochsPerStage != null) {
                estimator.setEpochsPerStage(epochsPerStage);
            }
            long start = System.nanoTime();
            LanesMlpClassificationModel model = estimator.fit(train);
            double fitSeconds = (System.nanoTime() - start) / 1e9;
            double elapsed = 0;
            for (TrainingEpoch e : model.trainingHistory()) {
                elapsed += e.seconds();
                System.out.printf(Locale.ROOT, "epoch %2d: loss %.4f, test accuracy %.4f, %.2f s (%.1f s so far),"
                        + " %.0f examples/s%s%n", e.epoch(), e.loss(), e.validationAccuracy(), e.seconds(), elapsed,
                        e.examplesPerSecond(), Double.isNaN(e.computeMsPerStep()) ? ""
                                : String.format(Locale.ROOT, "; per step %.2f ms: compute %.2f ms, copy %.2f ms,"
                                        + " all-reduce %.2f ms (waiting %.2f ms)", e.stepMsPerStep(),
                                        e.computeMsPerStep(), e.copyMsPerStep(), e.allReduceMsPerStep(),
                                        e.waitMsPerStep()));
            }
            start = System.nanoTime();
            long hits = model.transform(test).filter(functions.col("prediction").equalTo(functions.col("label")))
                    .count();
            double scoreSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s on %s, %d partitions: fit %.1f s; test accuracy %.4f (scored in %.2f s)%n",
                    model.network(), spark.sparkContext().master(), parts, fitSeconds, hits / 10_000.0, scoreSeconds);
            if (save != null) {
                model.write().overwrite().save(save);
                System.out.println("saved to " + save);
            }
            return 0;
        } finally {
            spark.stop();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MnistOnSpark()).execute(args));
    }
}
