package org.lanes.spark.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.lanes.nn.Dataset;
import org.lanes.nn.Evaluation;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;
import org.lanes.nn.TrainingDivergedException;
import org.lanes.spark.TrainingEpoch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the driver's network over the partition blocks, in one of two modes.
 *
 * <p><b>Synchronous data-parallel SGD:</b> per global mini-batch, the weights are broadcast, every partition computes
 * the mean gradient of its share of the batch ({@link GlobalBatches}) with Lanes, {@code treeAggregate} forms the
 * row-weighted mean of those gradients ({@link WeightedMean}) and the driver applies the update with Lanes' kernels.
 * One Spark job per mini-batch.
 *
 * <p><b>Local SGD with model averaging:</b> per round, the weights are broadcast, every partition takes
 * {@code localSteps} SGD steps on its own shares of the next global batches, and the driver sets the weights to the
 * row-weighted mean of the partitions' weights. One Spark job per round.
 */
public final class DistributedTrainer {
    private static final Logger LOG = LoggerFactory.getLogger("org.lanes.spark.LanesMlpClassifier");

    /** The two training modes, as the estimator's {@code trainingMode} param names them. */
    public static final String SYNC = "sync";
    public static final String LOCAL = "local";

    private final JavaSparkContext sc;
    private final JavaRDD<PartitionBlock> blocks;
    private final long total;
    private final JavaRDD<PartitionBlock> validation;
    private final String run = UUID.randomUUID().toString();
    /**
     * The weights each step broadcasts, refreshed in place: a step's broadcast is destroyed when its job ends,
     * before the next refresh, so no task reads a snapshot while it changes, and the driver allocates no copy.
     */
    private NetworkState snapshot;

    public DistributedTrainer(JavaSparkContext sc, JavaRDD<PartitionBlock> blocks, long total,
            JavaRDD<PartitionBlock> validation) {
        this.sc = sc;
        this.blocks = blocks;
        this.total = total;
        this.validation = validation;
    }

    /**
     * Trains {@code master} in place for {@code epochs} epochs and returns the per-epoch summaries.
     *
     * @throws TrainingDivergedException when a step's (or round's) loss is NaN or infinite
     */
    public List<TrainingEpoch> train(Mlp master, String mode, int epochs, int batch, long seed, int localSteps) {
        List<TrainingEpoch> history = new ArrayList<>();
        long steps = GlobalBatches.steps(total, batch);
        int depth = 2;
        try {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                double lossSum = 0;
                long rows = 0;
                long stride = LOCAL.equals(mode) ? localSteps : 1;
                for (long s0 = 0; s0 < steps; s0 += stride) {
                    long s1 = Math.min(steps, s0 + stride);
                    WeightedMean mean = LOCAL.equals(mode)
                            ? localRound(master, epoch, s0, s1, batch, seed, depth)
                            : syncStep(master, epoch, s0, batch, seed, depth);
                    int batchNo = (int) Math.min(Integer.MAX_VALUE, s1);
                    if (mean.rows() == 0) {
                        continue;
                    }
                    if (mean.diverged()) {
                        throw new TrainingDivergedException(epoch, batchNo, (float) mean.meanLoss());
                    }
                    float[][] w = mean.first();
                    float[][] b = mean.second();
                    if (LOCAL.equals(mode)) {
                        for (int l = 0; l < master.layers(); l++) {
                            System.arraycopy(w[l], 0, master.weights(l), 0, w[l].length);
                            System.arraycopy(b[l], 0, master.biases(l), 0, b[l].length);
                        }
                    } else {
                        for (int l = 0; l < master.layers(); l++) {
                            System.arraycopy(w[l], 0, master.weightGradient(l), 0, w[l].length);
                            System.arraycopy(b[l], 0, master.biasGradient(l), 0, b[l].length);
                        }
                        master.applyGradients();
                    }
                    lossSum += mean.meanLoss() * mean.rows();
                    rows += mean.rows();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double accuracy = validation == null ? Double.NaN : validationAccuracy(master);
                TrainingEpoch summary = new TrainingEpoch(epoch, lossSum / Math.max(1, rows), accuracy, seconds,
                        total / seconds);
                history.add(summary);
                LOG.info(String.format(java.util.Locale.ROOT,
                        "epoch %d/%d (%s): loss %.4f%s, %.1f s, %.0f examples/s", epoch, epochs, mode,
                        summary.loss(), Double.isNaN(accuracy) ? "" : String.format(java.util.Locale.ROOT,
                                ", validation accuracy %.4f", accuracy), seconds, summary.examplesPerSecond()));
            }
        } finally {
            String id = run;
            // Drop the executors' replicas of this run (one task per partition reaches each executor that holds one
            // in local mode; on a cluster, replicas not reached age out of the bounded cache). Best effort: a
            // failure here (a stopped context) must not hide the one that ended the training.
            try {
                blocks.foreachPartition(it -> Replica.release(id));
            } catch (RuntimeException ignored) {
                // the replicas age out
            }
        }
        return history;
    }

    private WeightedMean syncStep(Mlp master, int epoch, long step, int batch, long seed, int depth) {
        Broadcast<NetworkState> state = sc.broadcast(snapshot(master));
        String id = run;
        long n = total;
        try {
            return blocks.treeAggregate(new WeightedMean(), (acc, block) -> {
                int from = GlobalBatches.shareStart(step, batch, n, block.rows);
                int to = GlobalBatches.shareStart(step + 1, batch, n, block.rows);
                if (to <= from) {
                    return acc;
                }
                Replica r = Replica.of(id, block, state.value(), batch, seed);
                r.orderFor(epoch);
                int rows = r.gather(from, to);
                float loss = r.net.computeGradients(r.xb, 0, r.yb, 0, rows);
                return acc.add(r.weightGrads, r.biasGrads, rows, loss);
            }, WeightedMean::merge, depth);
        } finally {
            state.destroy();
        }
    }

    private WeightedMean localRound(Mlp master, int epoch, long s0, long s1, int batch, long seed, int depth) {
        Broadcast<NetworkState> state = sc.broadcast(snapshot(master));
        String id = run;
        long n = total;
        Sgd sgd = master.optimizer();
        float lr = sgd.learningRate();
        float momentum = sgd.momentum();
        float decay = sgd.weightDecay();
        try {
            return blocks.treeAggregate(new WeightedMean(), (acc, block) -> {
                if (block.rows == 0) {
                    return acc;
                }
                Replica r = Replica.of(id, block, state.value(), batch, seed);
                r.optimizer(new Sgd(lr, momentum, decay));
                r.orderFor(epoch);
                double lossSum = 0;
                int seen = 0;
                for (long s = s0; s < s1; s++) {
                    int from = GlobalBatches.shareStart(s, batch, n, block.rows);
                    int to = GlobalBatches.shareStart(s + 1, batch, n, block.rows);
                    if (to <= from) {
                        continue;
                    }
                    int rows = r.gather(from, to);
                    float loss = r.net.trainStep(r.xb, 0, r.yb, 0, rows);
                    lossSum += (double) loss * rows;
                    seen += rows;
                    if (!Float.isFinite(loss)) {
                        break;
                    }
                }
                return acc.add(r.weights, r.biases, seen, seen == 0 ? 0 : lossSum / seen);
            }, WeightedMean::merge, depth);
        } finally {
            state.destroy();
        }
    }

    private NetworkState snapshot(Mlp master) {
        snapshot = snapshot == null ? NetworkState.of(master) : snapshot.refresh(master);
        return snapshot;
    }

    private double validationAccuracy(Mlp master) {
        Broadcast<NetworkState> state = sc.broadcast(NetworkState.of(master));
        try {
            double[] hitsAndRows = validation.map(block -> {
                if (block.rows == 0) {
                    return new double[2];
                }
                Mlp net = state.value().toMlp();
                int classes = net.classes();
                Evaluation e = net.evaluate(new Dataset(block.features, block.labels, block.rows, block.dimension,
                        Math.max(classes, block.maxLabel + 1)));
                return new double[] {e.accuracy() * block.rows, block.rows};
            }).reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
            return hitsAndRows[0] / Math.max(1, hitsAndRows[1]);
        } finally {
            state.destroy();
        }
    }
}
