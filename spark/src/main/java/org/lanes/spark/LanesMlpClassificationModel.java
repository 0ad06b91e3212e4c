package org.lanes.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.lanes.Kernels;
import org.lanes.nn.Checkpoint;
import org.lanes.nn.Mlp;
import org.lanes.spark.internal.BatchScorer;
import org.lanes.spark.internal.NetworkState;
import org.lanes.spark.internal.PendingUid;
import scala.Option;

/**
 * A trained Lanes MLP as a Spark ML model. {@link #transform} adds the raw prediction (the output logits), the
 * probability (their softmax) and the prediction (the most probable class, or the one with the largest
 * probability/threshold ratio when {@code thresholds} is set) columns, scoring each partition in batches of
 * {@link #scoringBatchSize()} rows through Lanes' GEMM, one GEMM per layer per batch.
 *
 * <p>Saved and loaded through Spark's ML persistence ({@code model.write().overwrite().save(path)},
 * {@link #load}): Spark's metadata JSON beside the network in Lanes' checkpoint format ({@code data/network.lanes},
 * readable by {@link Checkpoint#fromBytes}).
 */
public final class LanesMlpClassificationModel
        extends ProbabilisticClassificationModel<Vector, LanesMlpClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    static final String NETWORK_FILE = "data/network.lanes";

    private String uid; // no initializer: uid() sets it while the superclass constructor runs
    private transient Mlp net; // Mlp is not Serializable: writeObject/readObject carry its parameters
    private final List<TrainingEpoch> history;
    private final IntParam scoringBatchSize;

    LanesMlpClassificationModel(String uid, Mlp net, List<TrainingEpoch> history) {
        this(PendingUid.pass(uid), net, history, true);
    }

    private LanesMlpClassificationModel(String uid, Mlp net, List<TrainingEpoch> history, boolean passed) {
        uid();
        this.net = net;
        this.history = List.copyOf(history);
        scoringBatchSize = new IntParam(this, "scoringBatchSize", "rows scored per GEMM batch in transform (> 0)",
                ParamValidators.gt(0));
        setDefault(scoringBatchSize, 1024);
    }

    /** The trained network; {@link #transform} scores with its weights as they are when it is called. */
    public Mlp network() {
        return net;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeObject(NetworkState.of(net));
    }

    private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        net = ((NetworkState) in.readObject()).toMlp();
    }

    /** Per-epoch loss, validation accuracy and speed of the fit that made this model; empty after a load. */
    public List<TrainingEpoch> trainingHistory() {
        return history;
    }

    public IntParam scoringBatchSize() {
        return scoringBatchSize;
    }

    public LanesMlpClassificationModel setScoringBatchSize(int value) {
        return (LanesMlpClassificationModel) set(scoringBatchSize, value);
    }

    public int getScoringBatchSize() {
        return (Integer) $(scoringBatchSize);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = PendingUid.take("lanesMlpModel");
        }
        return uid;
    }

    @Override
    public int numClasses() {
        return network().classes();
    }

    @Override
    public int numFeatures() {
        return network().inputSize();
    }

    /** One row's logits; {@link #transform} does not use it (it scores in batches). */
    @Override
    public Vector predictRaw(Vector features) {
        if (features == null || features.size() != numFeatures()) {
            throw new IllegalArgumentException("features must hold " + numFeatures() + " values, got "
                    + (features == null ? "null" : features.size()));
        }
        float[] x = new float[numFeatures()];
        double[] d = features.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) d[i];
        }
        float[] z = new float[numClasses()];
        network().logits(x, 0, 1, z, 0);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i];
        }
        return new DenseVector(out);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        DenseVector dense = (DenseVector) rawPrediction;
        double[] v = dense.values();
        float[] z = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            z[i] = (float) v[i];
        }
        Kernels.softmax(1, v.length, z, 0, v.length, z, 0, v.length);
        for (int i = 0; i < v.length; i++) {
            v[i] = z[i];
        }
        return dense;
    }

    /** Scores the DataFrame partition by partition in batches of {@link #scoringBatchSize()} rows. */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        StructType out = transformSchema(in, true);
        double[] thresholds = isDefined(thresholds()) ? getThresholds() : null;
        if (thresholds != null && thresholds.length != numClasses()) {
            throw new IllegalArgumentException("thresholds must hold one value per class (" + numClasses()
                    + "), got " + thresholds.length);
        }
        BatchScorer scorer = new BatchScorer(NetworkState.of(net), in.fieldIndex(getFeaturesCol()), getFeaturesCol(), in.size(), out,
                getRawPredictionCol(), getProbabilityCol(), getPredictionCol(), thresholds, getScoringBatchSize());
        return dataset.toDF().mapPartitions(scorer, Encoders.row(out));
    }

    /**
     * Spark's summary helper, declared here because Java sees two inherited versions of it (Scala's covariant
     * tuple); the raw type overrides both.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public LanesMlpClassificationModel copy(ParamMap extra) {
        LanesMlpClassificationModel copy = new LanesMlpClassificationModel(uid, network(), history);
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<LanesMlpClassificationModel> read() {
        return new Reader();
    }

    public static LanesMlpClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "LanesMlpClassificationModel: uid=" + uid + ", " + network();
    }

    private static final class Writer extends MLWriter {
        private final LanesMlpClassificationModel model;

        Writer(LanesMlpClassificationModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
            Path file = new Path(path, NETWORK_FILE);
            try {
                byte[] bytes = Checkpoint.toBytes(model.network(), file.toString());
                FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                try (OutputStream os = fs.create(file, true)) {
                    os.write(bytes);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static final class Reader extends MLReader<LanesMlpClassificationModel> {
        @Override
        public LanesMlpClassificationModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    LanesMlpClassificationModel.class.getName());
            Path file = new Path(path, NETWORK_FILE);
            Mlp net;
            try {
                FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                long size = fs.getFileStatus(file).getLen();
                if (size > Integer.MAX_VALUE - 8) {
                    throw new IOException(file + ": " + size + " bytes is too large for a checkpoint");
                }
                byte[] bytes = new byte[(int) size];
                try (InputStream is = fs.open(file)) {
                    new java.io.DataInputStream(is).readFully(bytes);
                }
                net = Checkpoint.fromBytes(bytes, file.toString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            LanesMlpClassificationModel model = new LanesMlpClassificationModel(metadata.uid(), net, List.of());
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
