package org.lanes.spark.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.util.SerializableConfiguration;
import org.lanes.nn.Dataset;
import org.lanes.nn.Evaluation;
import org.lanes.nn.LossGrowthLimit;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;
import org.lanes.nn.TrainingDivergedException;
import org.lanes.spark.TrainingEpoch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function1;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Trains the driver's network over the partition blocks, in one of two modes.
 *
 * <p><b>Synchronous data-parallel SGD over the barrier transport:</b> one barrier stage per {@code epochsPerStage}
 * epochs, or for the whole fit ({@link BarrierStage}); the tasks meet at this trainer's {@link Tracker}, sum every
 * step's gradients with a {@link RingAllReduce} and apply the same update; partition 0 returns the weights, momentum
 * and one result per epoch.
 *
 * <p><b>Synchronous data-parallel SGD over treeAggregate:</b> per global mini-batch, the weights are broadcast,
 * every partition computes the mean gradient of its share of the batch ({@link GlobalBatches}) with Lanes,
 * {@code treeAggregate} forms the row-weighted mean of those gradients ({@link WeightedMean}) and the driver applies
 * the update ({@link SgdUpdate}). One Spark job per mini-batch.
 *
 * <p><b>Local SGD with model averaging:</b> per round, the weights are broadcast, every partition takes
 * {@code localSteps} SGD steps on its own shares of the next global batches, and the driver sets the weights to the
 * row-weighted mean of the partitions' weights. One Spark job per round.
 *
 * <p>In sync mode the momentum lives in an {@link SgdUpdate} beside the network, so that it travels to the tasks and
 * into the {@link Checkpoints}.
 */
public final class DistributedTrainer {
    private static final Logger LOG = LoggerFactory.getLogger("org.lanes.spark.LanesMlpClassifier");

    /** The two training modes, as the estimator's {@code trainingMode} param names them. */
    public static final String SYNC = "sync";
    public static final String LOCAL = "local";
    /** The two transports of the synchronous mode, as the estimator's {@code syncTransport} param names them. */
    public static final String BARRIER = "barrier";
    public static final String TREE_AGGREGATE = "treeAggregate";

    private final JavaSparkContext sc;
    private final JavaRDD<PartitionBlock> blocks;
    private final long total;
    private final int[] partitionRows;
    private final JavaRDD<PartitionBlock> validation;
    private final String run = UUID.randomUUID().toString();
    /**
     * The weights each step broadcasts, refreshed in place: a step's broadcast is destroyed when its job ends,
     * before the next refresh, so no task reads a snapshot while it changes, and the driver allocates no copy.
     */
    private NetworkState snapshot;
    /** The threadsPerTask param (0: spark.task.cpus), applied by every training task ({@link TaskThreads}). */
    private int threadsPerTask;
    /** The maxLossGrowth param of the estimator; no limit unless set. */
    private LossGrowthLimit lossGrowthLimit = LossGrowthLimit.OFF;

    public DistributedTrainer(JavaSparkContext sc, JavaRDD<PartitionBlock> blocks, int[] partitionRows,
            JavaRDD<PartitionBlock> validation) {
        this.sc = sc;
        this.blocks = blocks;
        this.partitionRows = partitionRows.clone();
        this.total = java.util.Arrays.stream(partitionRows).asLongStream().sum();
        this.validation = validation;
    }

    /**
     * Sets the growth limit of the loss, checked on the driver at each step (each round in local mode, each epoch in
     * barrier mode).
     *
     * @return this trainer
     */
    public DistributedTrainer lossGrowthLimit(LossGrowthLimit limit) {
        if (limit == null) {
            throw new IllegalArgumentException("limit must not be null (LossGrowthLimit.OFF turns the check off)");
        }
        this.lossGrowthLimit = limit;
        return this;
    }

    /**
     * Trains {@code master} in place and returns the per-epoch summaries. With a checkpoint directory, a fit finds
     * the newest checkpoint there (written by an earlier, interrupted fit with the same fingerprint) and continues
     * from it; the checkpoints are removed when the fit ends normally.
     *
     * @throws TrainingDivergedException when a step's (or round's) loss is NaN or infinite, or exceeds the growth
     *     limit ({@link #lossGrowthLimit})
     */
    public List<TrainingEpoch> train(Mlp master, TrainingOptions o) {
        List<TrainingEpoch> history = new ArrayList<>();
        threadsPerTask = o.threadsPerTask();
        LossGuard guard = new LossGuard(lossGrowthLimit, master.sizes()[master.sizes().length - 1]);
        long steps = GlobalBatches.steps(total, o.batch());
        int depth = 2;
        boolean local = LOCAL.equals(o.mode());
        boolean barrier = BARRIER.equals(o.transport());
        SgdUpdate update = SgdUpdate.fresh(master.optimizer(), master);
        int firstEpoch = 1;
        long firstStep = 0;
        // The figures of the fit's finished epochs (with their validation accuracy), which the checkpoints carry, and
        // those of the epoch in progress up to a checkpoint's step (null at an epoch's start).
        List<EpochResult> figures = new ArrayList<>();
        EpochResult partial = null;
        Configuration hadoopConf = sc.hadoopConfiguration();
        if (o.checkpointDir() != null) {
            String name = Checkpoints.latest(hadoopConf, o.checkpointDir());
            if (!name.isEmpty()) {
                Checkpoints.Saved saved = Checkpoints.read(hadoopConf, o.checkpointDir(), name, o.fingerprint());
                new NetworkState(master.sizes(), master.hiddenActivation(), saved.weights(), saved.biases())
                        .copyInto(master);
                update = SgdUpdate.of(master.optimizer(), saved.weightVelocity(), saved.biasVelocity());
                firstEpoch = saved.epoch();
                firstStep = saved.step();
                // The growth check goes on with the interrupted fit's reference, and its epochs are reported as it
                // ran them (validated now when it could not validate them itself).
                guard = new LossGuard(lossGrowthLimit, master.sizes()[master.sizes().length - 1], saved.firstLoss());
                for (EpochResult e : saved.epochs()) {
                    if (e.epoch() < firstEpoch) {
                        double accuracy = e.accuracy();
                        if (Double.isNaN(accuracy) && validation != null) {
                            float[][][] kept = Checkpoints.readEpochWeights(hadoopConf, o.checkpointDir(),
                                    o.fingerprint(), e.epoch());
                            if (kept != null) {
                                accuracy = validationAccuracy(new NetworkState(master.sizes(),
                                        master.hiddenActivation(), kept[0], kept[1]));
                            }
                        }
                        figures.add(e.withAccuracy(accuracy));
                        TrainingEpoch summary = summary(e, e.loopNanos() / 1e9, accuracy);
                        history.add(summary);
                        log(summary, o, e.computeNanos() > 0);
                    } else if (e.epoch() == firstEpoch && firstStep > 0) {
                        partial = e;
                    }
                }
                LOG.info(String.format(java.util.Locale.ROOT, "resuming from checkpoint %s/%s: epoch %d, step %d",
                        o.checkpointDir(), name, firstEpoch, firstStep));
            }
        }
        Tracker tracker = barrier ? startTracker() : null;
        SyncPlan plan = barrier ? plan(master, o, hadoopConf, tracker) : null;
        try {
            if (barrier) {
                trainInStages(master, update, o, plan, guard, firstEpoch, firstStep, figures, partial, history);
            }
            for (int epoch = firstEpoch; epoch <= o.epochs() && !barrier; epoch++) { // treeAggregate, local mode
                long start = System.nanoTime();
                double lossSum = 0;
                long rows = 0;
                long s0 = epoch == firstEpoch ? firstStep : 0;
                long epochFirstStep = s0;
                long stepsRun = 0;
                long nanosBefore = 0;
                if (epoch == firstEpoch && partial != null) { // resumed inside this epoch: its figures so far
                    lossSum = partial.lossSum();
                    rows = partial.rows();
                    epochFirstStep = partial.firstStep();
                    stepsRun = partial.steps();
                    nanosBefore = partial.loopNanos();
                }
                boolean checkpointAtEnd = false;
                long stride = local ? o.localSteps() : 1;
                for (long a = s0; a < steps; a += stride) {
                    long b = Math.min(steps, a + stride);
                    WeightedMean mean = local
                            ? localRound(master, epoch, a, b, o.batch(), o.seed(), depth)
                            : syncStep(master, epoch, a, o.batch(), o.seed(), depth);
                    int batchNo = (int) Math.min(Integer.MAX_VALUE, b);
                    if (mean.rows() == 0) {
                        continue;
                    }
                    if (mean.diverged()) {
                        throw new TrainingDivergedException(epoch, batchNo, (float) mean.meanLoss());
                    }
                    guard.check(epoch, batchNo, mean.meanLoss());
                    float[][] w = mean.first();
                    float[][] g = mean.second();
                    if (local) {
                        for (int l = 0; l < master.layers(); l++) {
                            System.arraycopy(w[l], 0, master.weights(l), 0, w[l].length);
                            System.arraycopy(g[l], 0, master.biases(l), 0, g[l].length);
                        }
                    } else {
                        for (int l = 0; l < master.layers(); l++) {
                            System.arraycopy(w[l], 0, master.weightGradient(l), 0, w[l].length);
                            System.arraycopy(g[l], 0, master.biasGradient(l), 0, g[l].length);
                        }
                        update.apply(master);
                    }
                    lossSum += mean.meanLoss() * mean.rows();
                    rows += mean.rows();
                    stepsRun += b - a;
                    long globalStep = (epoch - 1) * steps + a + 1;
                    if (!local && o.checkpointDir() != null && o.checkpointInterval() > 0
                            && globalStep % o.checkpointInterval() == 0) {
                        if (b < steps) {
                            List<EpochResult> all = new ArrayList<>(figures);
                            all.add(new EpochResult(epoch, lossSum, rows, epochFirstStep, stepsRun, -1, Double.NaN, 0,
                                    0, 0, 0, nanosBefore + System.nanoTime() - start, null, null, Double.NaN));
                            Checkpoints.write(hadoopConf, o.checkpointDir(), o.fingerprint(), master, update, epoch,
                                    b, globalStep, guard.reference(), all);
                        } else {
                            checkpointAtEnd = true; // after the validation, with the epoch's accuracy
                        }
                    }
                }
                long nanos = nanosBefore + System.nanoTime() - start;
                double seconds = nanos / 1e9;
                double accuracy = validation == null ? Double.NaN : validationAccuracy(NetworkState.of(master));
                TrainingEpoch summary = new TrainingEpoch(epoch, lossSum / Math.max(1, rows), accuracy, seconds,
                        rows / seconds);
                history.add(summary);
                log(summary, o, false);
                figures.add(new EpochResult(epoch, lossSum, rows, epochFirstStep, stepsRun, -1, Double.NaN, 0, 0, 0,
                        0, nanos, null, null, accuracy));
                if (checkpointAtEnd) {
                    Checkpoints.write(hadoopConf, o.checkpointDir(), o.fingerprint(), master, update, epoch + 1, 0,
                            epoch * steps, guard.reference(), figures);
                }
            }
            if (o.checkpointDir() != null) {
                Checkpoints.clear(hadoopConf, o.checkpointDir());
            }
        } finally {
            if (tracker != null) {
                tracker.close();
            }
            if (plan != null && plan.hadoop() != null) {
                plan.hadoop().destroy();
            }
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

    /**
     * The barrier transport: the epochs from {@code firstEpoch} (its step {@code firstStep} on) in barrier stages of
     * {@code epochsPerStage} epochs. After each stage the driver takes partition 0's per-epoch results in order: it
     * raises the divergence the tasks stopped at, applies the loss growth check (the same rule, on the same values,
     * as the tasks did), validates each epoch's weights, logs and records the epoch. An epoch's {@code seconds} is
     * partition 0's time in its steps; the first epoch of a stage also carries the stage's time outside its epochs'
     * steps (launching it, the rendezvous, returning the results, and any failed attempt), so the epochs of a fit add
     * up to the stages' wall time.
     */
    private void trainInStages(Mlp master, SgdUpdate update, TrainingOptions o, SyncPlan plan, LossGuard guard,
            int firstEpoch, long firstStep, List<EpochResult> figures, EpochResult partial,
            List<TrainingEpoch> history) {
        long step = firstStep;
        for (int epoch = firstEpoch; epoch <= o.epochs(); ) {
            int last = o.lastEpochOfStage(epoch);
            long start = System.nanoTime();
            List<EpochResult> before = new ArrayList<>(figures);
            if (epoch == firstEpoch && partial != null) {
                before.add(partial);
            }
            StageResult stage = barrierStage(master, update, epoch, last, step, guard.reference(), before, plan);
            long stageNanos = System.nanoTime() - start;
            boolean local = plan.localSteps() > 0;
            if (local) {
                guard.adopt(stage.lossReference()); // local SGD: the tasks checked every round's loss
            }
            List<EpochResult> epochs = stage.epochs();
            if (epochs.isEmpty() || epochs.get(0).epoch() != epoch) {
                throw new IllegalStateException("the barrier stage of epochs " + epoch + " to " + last
                        + " returned no result for epoch " + epoch);
            }
            long inSteps = 0;
            for (EpochResult r : epochs) {
                inSteps += r.loopNanos();
            }
            for (int i = 0; i < epochs.size(); i++) {
                EpochResult r = epochs.get(i);
                if (r.epoch() != epoch + i) {
                    throw new IllegalStateException("the barrier stage returned epoch " + r.epoch() + " in place of "
                            + (epoch + i));
                }
                if (r.divergedAt() >= 0) {
                    int batchNo = (int) Math.min(Integer.MAX_VALUE, r.divergedAt() + 1);
                    if (Double.isFinite(r.divergedLoss())) {
                        guard.check(r.epoch(), batchNo, r.divergedLoss()); // local SGD: a round past the limit
                    }
                    throw new TrainingDivergedException(r.epoch(), batchNo, (float) r.divergedLoss());
                }
                if (r.rows() > 0 && !local) {
                    guard.check(r.epoch(), (int) Math.min(Integer.MAX_VALUE, r.firstStep() + r.steps()),
                            r.meanLoss());
                }
                double seconds = (r.loopNanos() + (i == 0 ? Math.max(0, stageNanos - inSteps) : 0)) / 1e9;
                double accuracy = validation == null || r.weights() == null ? Double.NaN
                        : validationAccuracy(new NetworkState(master.sizes(), master.hiddenActivation(), r.weights(),
                                r.biases()));
                TrainingEpoch summary = summary(r, seconds, accuracy);
                history.add(summary);
                log(summary, o, true);
                figures.add(r.withAccuracy(accuracy));
            }
            if (plan.checkpointDir() != null && plan.keepEpochWeights()) {
                Checkpoints.clearEpochWeights(sc.hadoopConfiguration(), plan.checkpointDir(), last);
            }
            if (epochs.get(epochs.size() - 1).epoch() != last) {
                throw new IllegalStateException("the barrier stage of epochs " + epoch + " to " + last
                        + " stopped after epoch " + epochs.get(epochs.size() - 1).epoch() + " without a divergence");
            }
            new NetworkState(master.sizes(), master.hiddenActivation(), stage.weights(), stage.biases())
                    .copyInto(master);
            update = SgdUpdate.of(master.optimizer(), stage.weightVelocity(), stage.biasVelocity());
            epoch = last + 1;
            step = 0;
        }
    }

    /**
     * The summary of a barrier epoch (with partition 0's per-step figures), or of an epoch of the other transports
     * read from a checkpoint (which has none).
     */
    private static TrainingEpoch summary(EpochResult r, double seconds, double accuracy) {
        double loss = r.lossSum() / Math.max(1, r.rows());
        if (r.computeNanos() == 0 && r.reduceNanos() == 0) {
            return new TrainingEpoch(r.epoch(), loss, accuracy, seconds, r.rows() / seconds);
        }
        double perStep = 1e6 * Math.max(1, r.steps());
        return new TrainingEpoch(r.epoch(), loss, accuracy, seconds, r.rows() / seconds, r.computeNanos() / perStep,
                r.reduceNanos() / perStep, r.waitNanos() / perStep, r.copyNanos() / perStep,
                r.loopNanos() / perStep);
    }

    private static void log(TrainingEpoch summary, TrainingOptions o, boolean barrier) {
        String mode = LOCAL.equals(o.mode()) ? o.mode() : o.mode() + ", " + o.transport();
        double accuracy = summary.validationAccuracy();
        LOG.info(String.format(java.util.Locale.ROOT,
                "epoch %d/%d (%s): loss %.4f%s, %.1f s, %.0f examples/s%s", summary.epoch(), o.epochs(), mode,
                summary.loss(), Double.isNaN(accuracy) ? "" : String.format(java.util.Locale.ROOT,
                        ", validation accuracy %.4f", accuracy), summary.seconds(), summary.examplesPerSecond(),
                barrier ? String.format(java.util.Locale.ROOT,
                        "; per step: %.2f ms, of which compute %.2f ms, copy %.2f ms, all-reduce %.2f ms"
                        + " (waiting %.2f ms)", summary.stepMsPerStep(), summary.computeMsPerStep(),
                        summary.copyMsPerStep(), summary.allReduceMsPerStep(), summary.waitMsPerStep()) : ""));
    }

    private final long token = new java.security.SecureRandom().nextLong();

    private Tracker startTracker() {
        String host = sc.getConf().get("spark.driver.host", "127.0.0.1");
        try {
            return Tracker.start(host, token, partitionRows.length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not open the training tracker on " + host, e);
        }
    }

    private SyncPlan plan(Mlp master, TrainingOptions o, Configuration hadoopConf, Tracker tracker) {
        Broadcast<SerializableConfiguration> hadoop = o.checkpointDir() == null ? null
                : sc.broadcast(new SerializableConfiguration(hadoopConf));
        Sgd sgd = master.optimizer();
        return new SyncPlan(run, tracker.address(), token, o.batch(), o.seed(), total,
                partitionRows, sgd.learningRate(), sgd.momentum(), sgd.weightDecay(), o.timeoutMs(),
                o.checkpointDir(), o.checkpointInterval(), o.fingerprint(), hadoop, o.threadsPerTask(),
                lossGrowthLimit.factor(), master.sizes()[master.sizes().length - 1], validation != null,
                LOCAL.equals(o.mode()) ? o.localSteps() : 0);
    }

    /**
     * Runs epochs {@code epoch} (from its step {@code step}) to {@code last} as one barrier stage; the stage is a
     * shuffle-map stage, so Spark retries it when a task fails.
     */
    private StageResult barrierStage(Mlp master, SgdUpdate update, int epoch, int last, long step, double firstLoss,
            List<EpochResult> before, SyncPlan plan) {
        BarrierCheck.slots(sc.sc(), partitionRows.length, plan.timeoutMs());
        Broadcast<EpochStart> start = sc.broadcast(new EpochStart(NetworkState.of(master),
                SgdUpdate.copy(update.weightVelocity()), SgdUpdate.copy(update.biasVelocity()), epoch, step, last,
                firstLoss, before));
        try {
            ClassTag<StageResult> tag = ClassTag$.MODULE$.apply(StageResult.class);
            RDD<StageResult> trained = blocks.rdd().barrier().mapPartitions(new BarrierTask(plan, start), false, tag);
            // The repartition puts a shuffle after the barrier stage, which makes it a shuffle-map stage: Spark
            // retries a failed shuffle-map stage (spark.stage.maxConsecutiveAttempts), never a failed barrier
            // result stage.
            List<StageResult> out = new JavaRDD<>(trained, tag).repartition(1).collect();
            if (out.size() != 1) {
                throw new IllegalStateException("the barrier stage returned " + out.size() + " results, expected 1");
            }
            return out.get(0);
        } catch (Exception e) { // SparkException is checked in Java but thrown by Scala code without a declaration
            throw BarrierCheck.explain(e);
        } finally {
            start.destroy();
        }
    }

    /** The barrier stage's task function, as Spark's Scala API takes it. */
    private static final class BarrierTask implements Function1<scala.collection.Iterator<PartitionBlock>,
            scala.collection.Iterator<StageResult>>, Serializable {
        private static final long serialVersionUID = 1L;
        private final SyncPlan plan;
        private final Broadcast<EpochStart> start;

        BarrierTask(SyncPlan plan, Broadcast<EpochStart> start) {
            this.plan = plan;
            this.start = start;
        }

        @Override
        public scala.collection.Iterator<StageResult> apply(scala.collection.Iterator<PartitionBlock> blocks) {
            return CollectionConverters.asScala(BarrierStage.run(CollectionConverters.asJava(blocks), plan, start));
        }
    }

    private WeightedMean syncStep(Mlp master, int epoch, long step, int batch, long seed, int depth) {
        Broadcast<NetworkState> state = sc.broadcast(snapshot(master));
        String id = run;
        long n = total;
        int threads = threadsPerTask;
        try {
            return blocks.treeAggregate(new WeightedMean(), (acc, block) -> {
                TaskThreads.apply(threads, TaskContext.get().cpus());
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
        int threads = threadsPerTask;
        try {
            return blocks.treeAggregate(new WeightedMean(), (acc, block) -> {
                TaskThreads.apply(threads, TaskContext.get().cpus());
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

    private double validationAccuracy(NetworkState weights) {
        Broadcast<NetworkState> state = sc.broadcast(weights);
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
