package org.lanes.spark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MetadataUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.storage.StorageLevel;
import org.lanes.Activation;
import org.lanes.nn.Init;
import org.lanes.nn.LossGrowthLimit;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;
import org.lanes.spark.internal.DistributedTrainer;
import org.lanes.spark.internal.PartitionBlock;
import org.lanes.spark.internal.PendingUid;
import org.lanes.spark.internal.TrainingOptions;

/**
 * A Spark ML estimator that trains Lanes' multi-layer perceptron ({@link Mlp}: hidden layers with a sigmoid, ReLU
 * or tanh activation, a softmax output, cross-entropy loss, SGD) data-parallel over a DataFrame's partitions, with
 * Lanes' kernels doing the math in every executor.
 *
 * <p>Input: a {@code featuresCol} of ML vectors (dense or sparse, all of one size) and a numeric {@code labelCol}
 * of class indices {@code 0, 1, ...}; the number of classes comes from the label column's metadata (as a
 * {@code StringIndexer} writes it) or else from the largest label. The input size comes from the features column's
 * metadata (as a {@code VectorAssembler} writes it) or else from the first row. Each partition is converted once to
 * dense float rows and cached for the whole fit.
 *
 * <p>Training modes ({@link #trainingMode()}): {@code "sync"}, synchronous data-parallel SGD on global
 * mini-batches of {@link #batchSize()} rows, which on one partition gives exactly the weights of {@link Mlp#fit};
 * by default barrier stages of {@link #epochsPerStage()} epochs (10; 0: one stage for the whole fit) whose tasks
 * sum every step's gradients with a ring all-reduce ({@link #syncTransport()}), else one Spark job per step.
 * {@code "local"}, local SGD with model averaging every {@link #localSteps()} steps: over the barrier transport the
 * ring averages the tasks' weights within the stage, else one Spark job per round. {@code docs/spark.md} compares
 * them.
 *
 * <p>Failures: Spark retries a failed barrier stage; with {@link #checkpointPath()} it resumes from the newest
 * checkpoint, and a new fit on the same path resumes a failed one, bit for bit the model of an uninterrupted fit.
 * Every wait between tasks is bounded by {@link #collectiveTimeout()}.
 *
 * <p>Each epoch is logged by the driver (logger {@code org.lanes.spark.LanesMlpClassifier}, INFO): loss, accuracy on
 * the optional {@link #setValidationData validation DataFrame} and examples per second; the model keeps the same
 * figures ({@link LanesMlpClassificationModel#trainingHistory()}). A NaN or infinite loss, or one past
 * {@link #maxLossGrowth()} times the first, stops the fit with {@link org.lanes.nn.TrainingDivergedException}.
 */
public final class LanesMlpClassifier
        extends ProbabilisticClassifier<Vector, LanesMlpClassifier, LanesMlpClassificationModel>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final String UID_PREFIX = "lanesMlp";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LanesMlpClassifier.class);

    private String uid; // no initializer: uid() sets it while the superclass constructor runs
    private final IntArrayParam layers;
    private final Param<String> activation;
    private final Param<String> init;
    private final DoubleParam learningRate;
    private final DoubleParam momentum;
    private final DoubleParam weightDecay;
    private final IntParam batchSize;
    private final IntParam maxEpochs;
    private final LongParam seed;
    private final Param<String> trainingMode;
    private final IntParam localSteps;
    private final Param<String> syncTransport;
    private final IntParam epochsPerStage;
    private final DoubleParam collectiveTimeout;
    private final Param<String> checkpointPath;
    private final IntParam checkpointInterval;
    private final IntParam numWorkers;
    private final IntParam threadsPerTask;
    private final DoubleParam maxLossGrowth;
    private transient Dataset<?> validationData;

    public LanesMlpClassifier() {
        this(PendingUid.pass(Identifiable.randomUID(UID_PREFIX)), true);
    }

    /** A classifier with the given uid (Spark's persistence and {@link #copy} call this). */
    public LanesMlpClassifier(String uid) {
        this(PendingUid.pass(uid), true);
    }

    private LanesMlpClassifier(String uid, boolean passed) {
        uid();
        layers = new IntArrayParam(this, "layers",
                "sizes of the hidden layers, input to output (at least one, each > 0); the input size and the class"
                        + " count come from the data",
                value -> value.length > 0 && Arrays.stream(value).allMatch(v -> v > 0));
        activation = new Param<>(this, "activation", "activation of the hidden layers: sigmoid, relu or tanh",
                ParamValidators.inArray(new String[] {"sigmoid", "relu", "tanh"}));
        init = new Param<>(this, "init", "weight initialization: small (N(0,1)*0.01, as in the seed network),"
                + " xavier or he", ParamValidators.inArray(new String[] {"small", "xavier", "he"}));
        learningRate = new DoubleParam(this, "learningRate", "SGD learning rate (> 0)",
                ParamValidators.inRange(0, Float.MAX_VALUE, false, true));
        momentum = new DoubleParam(this, "momentum", "SGD momentum in [0, 1)",
                ParamValidators.inRange(0, 1, true, false));
        weightDecay = new DoubleParam(this, "weightDecay", "L2 weight decay on the weights (>= 0)",
                ParamValidators.inRange(0, Float.MAX_VALUE, true, true));
        batchSize = new IntParam(this, "batchSize", "global mini-batch size in rows (> 0), shared among the"
                + " partitions in proportion to their sizes", ParamValidators.gt(0));
        maxEpochs = new IntParam(this, "maxEpochs", "passes over the training data (>= 1)", ParamValidators.gtEq(1));
        seed = new LongParam(this, "seed", "seed of the initialization and of the shuffles");
        trainingMode = new Param<>(this, "trainingMode", "sync (synchronous data-parallel SGD on the global"
                + " mini-batches) or local (local SGD with model averaging every localSteps steps)",
                ParamValidators.inArray(new String[] {DistributedTrainer.SYNC, DistributedTrainer.LOCAL}));
        localSteps = new IntParam(this, "localSteps", "in local mode, SGD steps each partition takes between two"
                + " model averages (> 0)", ParamValidators.gt(0));
        syncTransport = new Param<>(this, "syncTransport", "how the tasks combine their work, in both modes: barrier"
                + " (barrier stages of epochsPerStage epochs, a ring all-reduce over TCP between the tasks of every"
                + " step's gradients, or in local mode of the weights every localSteps steps) or treeAggregate (one"
                + " Spark job per step, or per round of local steps, for clusters that refuse barrier stages: dynamic"
                + " allocation, fewer slots than partitions)",
                ParamValidators.inArray(new String[] {DistributedTrainer.BARRIER, DistributedTrainer.TREE_AGGREGATE}));
        epochsPerStage = new IntParam(this, "epochsPerStage", "barrier transport: epochs each barrier stage runs"
                + " (>= 0; 0: the whole fit in one stage, 1: one stage per epoch); the driver logs, validates and checks"
                + " the epochs of a stage when it ends, and a stage retried without a checkpoint repeats all its"
                + " epochs; the model is the same bit for bit whatever the value", ParamValidators.gtEq(0));
        collectiveTimeout = new DoubleParam(this, "collectiveTimeout", "seconds a training task waits for its peers"
                + " (rendezvous, ring connections, each all-reduce) before failing with an error that names it (> 0)",
                ParamValidators.gt(0));
        checkpointPath = new Param<>(this, "checkpointPath", "directory (any Hadoop file system the executors and"
                + " the driver share) for training checkpoints, in sync mode; a fit resumes from the newest one there;"
                + " empty for none", (String v) -> v != null);
        checkpointInterval = new IntParam(this, "checkpointInterval", "global steps between two checkpoints (> 0)",
                ParamValidators.gt(0));
        numWorkers = new IntParam(this, "numWorkers", "training tasks: the data is repartitioned to this many"
                + " partitions when it has another count (0: keep the data's partitions)", ParamValidators.gtEq(0));
        threadsPerTask = new IntParam(this, "threadsPerTask", "threads of Lanes' kernels in an executor's training"
                + " task (0: spark.task.cpus); local mode's single JVM keeps its own setting", ParamValidators.gtEq(0));
        maxLossGrowth = new DoubleParam(this, "maxLossGrowth", "how many times the first loss (or ln(classes) when"
                + " larger) a step's loss may reach before the fit stops with TrainingDivergedException (> 1;"
                + " Infinity: only a NaN or infinite loss stops it)", ParamValidators.gt(1));
        setDefault(layers, new int[] {128});
        setDefault(activation, "sigmoid");
        setDefault(init, "xavier");
        setDefault(learningRate, 0.5);
        setDefault(momentum, 0.0);
        setDefault(weightDecay, 0.0);
        setDefault(batchSize, 256);
        setDefault(maxEpochs, 10);
        setDefault(seed, 42L);
        setDefault(trainingMode, DistributedTrainer.SYNC);
        setDefault(localSteps, 32);
        setDefault(syncTransport, DistributedTrainer.BARRIER);
        setDefault(epochsPerStage, 10);
        setDefault(collectiveTimeout, 300.0);
        setDefault(checkpointPath, "");
        setDefault(checkpointInterval, 500);
        setDefault(numWorkers, 0);
        setDefault(threadsPerTask, 0);
        setDefault(maxLossGrowth, LossGrowthLimit.DEFAULT.factor());
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = PendingUid.take(UID_PREFIX);
        }
        return uid;
    }

    public IntArrayParam layers() {
        return layers;
    }

    public Param<String> activation() {
        return activation;
    }

    public Param<String> init() {
        return init;
    }

    public DoubleParam learningRate() {
        return learningRate;
    }

    public DoubleParam momentum() {
        return momentum;
    }

    public DoubleParam weightDecay() {
        return weightDecay;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public IntParam maxEpochs() {
        return maxEpochs;
    }

    public LongParam seed() {
        return seed;
    }

    public Param<String> trainingMode() {
        return trainingMode;
    }

    public IntParam localSteps() {
        return localSteps;
    }

    public Param<String> syncTransport() {
        return syncTransport;
    }

    public IntParam epochsPerStage() {
        return epochsPerStage;
    }

    public DoubleParam collectiveTimeout() {
        return collectiveTimeout;
    }

    public Param<String> checkpointPath() {
        return checkpointPath;
    }

    public IntParam checkpointInterval() {
        return checkpointInterval;
    }

    public IntParam numWorkers() {
        return numWorkers;
    }

    public IntParam threadsPerTask() {
        return threadsPerTask;
    }

    public DoubleParam maxLossGrowth() {
        return maxLossGrowth;
    }

    public LanesMlpClassifier setSyncTransport(String value) {
        return (LanesMlpClassifier) set(syncTransport, value);
    }

    /**
     * Sets how many epochs one barrier stage of the barrier transport runs (sync mode). The tasks of a stage keep
     * their partition's rows and their replica of the network from one epoch to the next, so a stage pays Spark's
     * per-stage cost (launching the stage, the rendezvous, returning the weights; about 0.35 s and more on a loaded
     * host) once for all its epochs. What a longer stage defers: the driver logs, validates (partition 0 then
     * returns every epoch's weights, one copy of the network per epoch) and checks the stage's epochs when the stage
     * ends (the tasks themselves stop the stage at a diverged epoch, by the same rule); a stage that Spark retries
     * without a checkpoint repeats all its epochs. The model does not depend on it: any value gives the same weights
     * bit for bit. Default 10: a tenth of the per-epoch cost, while a long fit still reports every 10 epochs.
     *
     * @param value epochs per stage, at least 1; 0 runs the whole fit in one stage
     * @return this estimator
     */
    public LanesMlpClassifier setEpochsPerStage(int value) {
        return (LanesMlpClassifier) set(epochsPerStage, value);
    }

    public int getEpochsPerStage() {
        return (Integer) $(epochsPerStage);
    }

    public LanesMlpClassifier setCollectiveTimeout(double seconds) {
        return (LanesMlpClassifier) set(collectiveTimeout, seconds);
    }

    public LanesMlpClassifier setCheckpointPath(String value) {
        return (LanesMlpClassifier) set(checkpointPath, value);
    }

    public LanesMlpClassifier setCheckpointInterval(int value) {
        return (LanesMlpClassifier) set(checkpointInterval, value);
    }

    public LanesMlpClassifier setNumWorkers(int value) {
        return (LanesMlpClassifier) set(numWorkers, value);
    }

    public LanesMlpClassifier setThreadsPerTask(int value) {
        return (LanesMlpClassifier) set(threadsPerTask, value);
    }

    /**
     * Sets how many times the first loss (or the loss of a uniform guess, ln(classes), when larger) a step's loss
     * may reach before the fit stops with {@link org.lanes.nn.TrainingDivergedException} and returns no model:
     * the library's {@link LossGrowthLimit}. Checked on the driver after each step (sync mode), round (local mode)
     * or epoch (barrier transport; in a stage of several epochs, the tasks apply the same check after each epoch
     * and end the stage there, and the driver raises the error when the stage returns). Default 100.
     *
     * @param value the factor, greater than 1; {@code Double.POSITIVE_INFINITY} turns the check off
     * @return this estimator
     */
    public LanesMlpClassifier setMaxLossGrowth(double value) {
        return (LanesMlpClassifier) set(maxLossGrowth, value);
    }

    public String getSyncTransport() {
        return $(syncTransport);
    }

    public double getCollectiveTimeout() {
        return (Double) $(collectiveTimeout);
    }

    public String getCheckpointPath() {
        return $(checkpointPath);
    }

    public int getCheckpointInterval() {
        return (Integer) $(checkpointInterval);
    }

    public int getNumWorkers() {
        return (Integer) $(numWorkers);
    }

    public int getThreadsPerTask() {
        return (Integer) $(threadsPerTask);
    }

    public double getMaxLossGrowth() {
        return (Double) $(maxLossGrowth);
    }

    public LanesMlpClassifier setLayers(int... value) {
        return (LanesMlpClassifier) set(layers, value);
    }

    public LanesMlpClassifier setActivation(String value) {
        return (LanesMlpClassifier) set(activation, value);
    }

    public LanesMlpClassifier setInit(String value) {
        return (LanesMlpClassifier) set(init, value);
    }

    public LanesMlpClassifier setLearningRate(double value) {
        return (LanesMlpClassifier) set(learningRate, value);
    }

    public LanesMlpClassifier setMomentum(double value) {
        return (LanesMlpClassifier) set(momentum, value);
    }

    public LanesMlpClassifier setWeightDecay(double value) {
        return (LanesMlpClassifier) set(weightDecay, value);
    }

    public LanesMlpClassifier setBatchSize(int value) {
        return (LanesMlpClassifier) set(batchSize, value);
    }

    public LanesMlpClassifier setMaxEpochs(int value) {
        return (LanesMlpClassifier) set(maxEpochs, value);
    }

    public LanesMlpClassifier setSeed(long value) {
        return (LanesMlpClassifier) set(seed, value);
    }

    public LanesMlpClassifier setTrainingMode(String value) {
        return (LanesMlpClassifier) set(trainingMode, value);
    }

    public LanesMlpClassifier setLocalSteps(int value) {
        return (LanesMlpClassifier) set(localSteps, value);
    }

    public int[] getLayers() {
        return $(layers).clone();
    }

    public String getActivation() {
        return $(activation);
    }

    public String getInit() {
        return $(init);
    }

    public double getLearningRate() {
        return (Double) $(learningRate);
    }

    public double getMomentum() {
        return (Double) $(momentum);
    }

    public double getWeightDecay() {
        return (Double) $(weightDecay);
    }

    public int getBatchSize() {
        return (Integer) $(batchSize);
    }

    public int getMaxEpochs() {
        return (Integer) $(maxEpochs);
    }

    public long getSeed() {
        return (Long) $(seed);
    }

    public String getTrainingMode() {
        return $(trainingMode);
    }

    public int getLocalSteps() {
        return (Integer) $(localSteps);
    }

    /**
     * A labelled DataFrame (same columns as the training data) whose accuracy is computed and logged after every
     * epoch; {@code null} for none. Not a param: it is not saved with the estimator.
     */
    public LanesMlpClassifier setValidationData(Dataset<?> value) {
        this.validationData = value;
        return this;
    }

    @Override
    public LanesMlpClassifier copy(ParamMap extra) {
        LanesMlpClassifier copy = defaultCopy(extra);
        copy.validationData = validationData;
        return copy;
    }

    @Override
    public LanesMlpClassificationModel train(Dataset<?> dataset) {
        Dataset<Row> data = dataset.toDF();
        boolean checkpoints = !getCheckpointPath().isEmpty();
        if (checkpoints && DistributedTrainer.LOCAL.equals(getTrainingMode())) {
            throw new IllegalArgumentException("checkpointPath: checkpoints are kept in sync mode only (local mode's"
                    + " momentum lives in the partitions' replicas); clear checkpointPath or use trainingMode sync");
        }
        // A shuffle (never coalesce, which would merge partitions into the barrier stage's parent chain).
        if (getNumWorkers() > 0 && data.rdd().getNumPartitions() != getNumWorkers()) {
            data = data.repartition(getNumWorkers());
        }
        StructType schema = data.schema();
        String featuresCol = getFeaturesCol();
        String labelCol = getLabelCol();
        int features = inputSize(data, featuresCol);
        int declaredClasses = MetadataUtils.getNumClasses(schema.apply(labelCol)).getOrElse(() -> 0);

        JavaRDD<PartitionBlock> blocks = convert(data, featuresCol, labelCol, features, declaredClasses);
        JavaRDD<PartitionBlock> validation = null;
        try {
            List<PartitionBlock> summary = blocks.map(PartitionBlock::summary).collect();
            long rows = 0;
            int maxLabel = -1;
            for (PartitionBlock b : summary) {
                if (b.error != null) {
                    throw new IllegalArgumentException(b.error);
                }
                rows += b.rows;
                maxLabel = Math.max(maxLabel, b.maxLabel);
            }
            if (rows == 0) {
                throw new IllegalArgumentException("the training DataFrame has no rows");
            }
            int classes = declaredClasses > 0 ? declaredClasses : maxLabel + 1;
            if (classes < 2) {
                throw new IllegalArgumentException("column '" + labelCol + "': every label is " + maxLabel
                        + "; a classifier needs at least two classes (labels 0 and 1)");
            }
            if (validationData != null) {
                validation = convertValidation(featuresCol, labelCol, features, classes);
            }
            Mlp net = Mlp.create(sizes(features, classes), activation(getActivation()), init(getInit()), getSeed());
            net.optimizer(new Sgd((float) getLearningRate(), (float) getMomentum(), (float) getWeightDecay()));
            LOG.info(String.format(Locale.ROOT, "training %s on %d rows in %d partitions, mode %s, batch %d, %d epochs",
                    net, rows, summary.size(), getTrainingMode(), getBatchSize(), getMaxEpochs()));
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
            int[] partitionRows = new int[summary.size()];
            for (PartitionBlock b : summary) {
                partitionRows[b.partition] = b.rows;
            }
            TrainingOptions options = new TrainingOptions(getTrainingMode(), getSyncTransport(), getMaxEpochs(),
                    getBatchSize(), getSeed(), getLocalSteps(), Math.max(1, Math.round(getCollectiveTimeout() * 1000)),
                    checkpoints ? getCheckpointPath() : null, getCheckpointInterval(), getThreadsPerTask(),
                    fingerprint(net, partitionRows), getEpochsPerStage());
            List<TrainingEpoch> history = new DistributedTrainer(sc, blocks, partitionRows, validation)
                    .lossGrowthLimit(new LossGrowthLimit(getMaxLossGrowth())).train(net, options);
            return new LanesMlpClassificationModel(uid, net, history);
        } finally {
            blocks.unpersist(false);
            if (validation != null) {
                validation.unpersist(false);
            }
        }
    }

    /** Everything that decides the training's trajectory: what a checkpoint must match to be resumed. */
    private String fingerprint(Mlp net, int[] partitionRows) {
        return String.format(Locale.ROOT, "sizes %s, %s, init %s, lr %s, momentum %s, decay %s, batch %d, seed %d,"
                + " mode %s, rows per partition %s", Arrays.toString(net.sizes()), getActivation(), getInit(),
                (float) getLearningRate(), (float) getMomentum(), (float) getWeightDecay(), getBatchSize(), getSeed(),
                getTrainingMode(), Arrays.toString(partitionRows));
    }

    private JavaRDD<PartitionBlock> convertValidation(String featuresCol, String labelCol, int features,
            int classes) {
        Dataset<Row> v = validationData.toDF();
        for (String col : new String[] {featuresCol, labelCol}) {
            if (!Arrays.asList(v.columns()).contains(col)) {
                throw new IllegalArgumentException("validation data: column '" + col + "' does not exist");
            }
        }
        if (!(v.schema().apply(featuresCol).dataType() instanceof VectorUDT)) {
            throw new IllegalArgumentException("validation data: column '" + featuresCol + "' must hold ML vectors, not "
                    + v.schema().apply(featuresCol).dataType().simpleString());
        }
        if (!(v.schema().apply(labelCol).dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("validation data: column '" + labelCol + "' must be numeric, not "
                    + v.schema().apply(labelCol).dataType().simpleString());
        }
        JavaRDD<PartitionBlock> blocks = convert(v, featuresCol, labelCol, features, classes);
        for (PartitionBlock b : blocks.map(PartitionBlock::summary).collect()) {
            if (b.error != null) {
                blocks.unpersist(false);
                throw new IllegalArgumentException("validation data: " + b.error);
            }
        }
        return blocks;
    }

    /** Each partition converted to one block, cached (memory, spilling to disk) for the fit. */
    private static JavaRDD<PartitionBlock> convert(Dataset<Row> data, String featuresCol, String labelCol,
            int features, int classes) {
        int featuresIndex = data.schema().fieldIndex(featuresCol);
        int labelIndex = data.schema().fieldIndex(labelCol);
        JavaRDD<PartitionBlock> blocks = data.toJavaRDD().mapPartitionsWithIndex((p, it) ->
                List.of(PartitionBlock.convert(p, it, featuresIndex, featuresCol, labelIndex, labelCol, features,
                        classes)).iterator(), true);
        return blocks.persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The input size: the features column's metadata, else the size of the first row's vector. */
    private static int inputSize(Dataset<Row> data, String featuresCol) {
        int declared = (Integer) MetadataUtils.getNumFeatures(data.schema().apply(featuresCol)).getOrElse(() -> -1);
        if (declared > 0) {
            return declared;
        }
        List<Row> first = data.select(featuresCol).takeAsList(1);
        if (first.isEmpty()) {
            throw new IllegalArgumentException("the training DataFrame has no rows");
        }
        if (first.get(0).isNullAt(0)) {
            throw new IllegalArgumentException("column '" + featuresCol + "': the first row has a null feature vector");
        }
        int size = ((Vector) first.get(0).get(0)).size();
        if (size == 0) {
            throw new IllegalArgumentException("column '" + featuresCol + "': the feature vectors are empty");
        }
        return size;
    }

    private int[] sizes(int features, int classes) {
        int[] hidden = getLayers();
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = features;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = classes;
        return sizes;
    }

    static Activation activation(String name) {
        return Activation.valueOf(name.toUpperCase(Locale.ROOT));
    }

    static Init init(String name) {
        return "small".equals(name) ? Init.SMALL_GAUSSIAN : Init.valueOf(name.toUpperCase(Locale.ROOT));
    }

    public static MLReader<LanesMlpClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static LanesMlpClassifier load(String path) {
        return read().load(path);
    }
}
