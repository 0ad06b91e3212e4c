package org.lanes.nn;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.lanes.Activation;
import org.lanes.Gemm;
import org.lanes.Kernels;
import org.lanes.internal.Checks;

/**
 * A multi-layer perceptron: hidden layers {@code a = act(a_prev W + b)} and a softmax output trained with
 * cross-entropy by SGD. Weights of layer l are row-major
 * {@code sizes[l] x sizes[l+1]} (input units by output units, as {@code W1 (D, H)} in the usual NumPy formulation).
 *
 * <p>Every pass calls the library's kernels only: forward is the fused GEMM + bias + activation per hidden layer
 * and GEMM + bias for the output; backward is the fused softmax/cross-entropy gradient, {@code dW = A^T dZ}
 * (GEMM TN), column sums for {@code db}, {@code dA = dZ W^T} (GEMM NT) and the activation derivative; the update
 * is axpy. Buffers are allocated for the largest batch seen, so a training step allocates nothing after the first.
 *
 * <p>Threads: train a network from one thread at a time (the GEMMs inside use the library's threads).
 * {@link #predict}, {@link #classify} and {@link #evaluate} keep their buffers per calling thread, so they may be
 * called concurrently with each other, but not while the network trains.
 */
public final class Mlp {
    private final int[] sizes;
    private final Activation hidden;
    private final float[][] weights;
    private final float[][] biases;
    private Sgd optimizer = Sgd.of(0.01f);
    private LossGrowthLimit lossGrowthLimit = LossGrowthLimit.DEFAULT;

    private Buffers train;
    private final float[][] weightGrads;
    private final float[][] biasGrads;
    private float[][] weightVelocity;
    private float[][] biasVelocity;
    private final ThreadLocal<Buffers> inference = new ThreadLocal<>();

    private Mlp(int[] sizes, Activation hidden) {
        this.sizes = sizes.clone();
        this.hidden = hidden;
        int layers = sizes.length - 1;
        weights = new float[layers][];
        biases = new float[layers][];
        weightGrads = new float[layers][];
        biasGrads = new float[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = new float[sizes[l] * sizes[l + 1]];
            biases[l] = new float[sizes[l + 1]];
            weightGrads[l] = new float[weights[l].length];
            biasGrads[l] = new float[biases[l].length];
        }
    }

    /**
     * A network with the given layer sizes (input, hidden..., classes), hidden activation and initialization,
     * reproducible from {@code seed}. Biases start at zero.
     *
     * @param sizes the layer sizes: the input features, each hidden layer's units, then the classes; at least two
     *     sizes, each at least 1
     * @param hidden the activation of the hidden layers (the output layer's is the softmax)
     * @param init how the weights are drawn
     * @param seed the seed of the weights' random draw; the same seed gives the same weights
     * @return the new network, with plain SGD at a learning rate of 0.01 until {@link #optimizer(Sgd)} sets another
     * @throws IllegalArgumentException naming the argument: fewer than two sizes, a size below 1, a layer whose
     *     weights do not fit in an array, or a null activation or initialization
     */
    public static Mlp create(int[] sizes, Activation hidden, Init init, long seed) {
        validate(sizes, hidden);
        if (init == null) {
            throw new IllegalArgumentException("init must not be null");
        }
        Mlp net = new Mlp(sizes, hidden);
        Random random = new Random(seed);
        for (int l = 0; l < net.layers(); l++) {
            init.fill(net.weights[l], sizes[l], sizes[l + 1], random);
        }
        return net;
    }

    /**
     * A network with one sigmoid hidden layer and a softmax output, its weights drawn from {@code N(0,1)*0.01}
     * ({@link Init#SMALL_GAUSSIAN}): the classic two-layer MNIST network.
     *
     * @param input the number of input features, at least 1
     * @param hiddenSize the number of hidden units, at least 1
     * @param classes the number of classes (output units), at least 1
     * @param seed the seed of the weights' random draw; the same seed gives the same weights
     * @return the new network, with plain SGD at a learning rate of 0.01 until {@link #optimizer(Sgd)} sets another
     * @throws IllegalArgumentException when a size is not positive or a layer's weights do not fit in an array
     */
    public static Mlp twoLayerSigmoid(int input, int hiddenSize, int classes, long seed) {
        return create(new int[] {input, hiddenSize, classes}, Activation.SIGMOID, Init.SMALL_GAUSSIAN, seed);
    }

    /**
     * A network with the given parameters (copied): {@code weights[l]} is {@code sizes[l] x sizes[l+1]} row-major
     * and {@code biases[l]} holds {@code sizes[l+1]} values. Used when loading a checkpoint and when a copy of a
     * network is rebuilt elsewhere (a Spark executor).
     *
     * @param sizes the layer sizes, as for {@link #create}
     * @param hidden the activation of the hidden layers
     * @param weights each layer's weights, {@code sizes[l] x sizes[l+1]} row-major; copied
     * @param biases each layer's biases, {@code sizes[l+1]} values; copied
     * @return the new network, with plain SGD at a learning rate of 0.01 until {@link #optimizer(Sgd)} sets another
     * @throws IllegalArgumentException when the sizes are invalid or an array has the wrong length
     */
    public static Mlp of(int[] sizes, Activation hidden, float[][] weights, float[][] biases) {
        validate(sizes, hidden);
        Mlp net = new Mlp(sizes, hidden);
        if (weights == null || biases == null || weights.length != net.layers() || biases.length != net.layers()) {
            throw new IllegalArgumentException("weights and biases must hold " + net.layers() + " layers each");
        }
        for (int l = 0; l < net.layers(); l++) {
            if (weights[l] == null || weights[l].length != net.weights[l].length) {
                throw new IllegalArgumentException("weights[" + l + "] must hold " + net.weights[l].length + " floats");
            }
            if (biases[l] == null || biases[l].length != net.biases[l].length) {
                throw new IllegalArgumentException("biases[" + l + "] must hold " + net.biases[l].length + " floats");
            }
            System.arraycopy(weights[l], 0, net.weights[l], 0, net.weights[l].length);
            System.arraycopy(biases[l], 0, net.biases[l], 0, net.biases[l].length);
        }
        return net;
    }

    private static void validate(int[] sizes, Activation hidden) {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("sizes must list at least the input size and the class count");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] <= 0) {
                throw new IllegalArgumentException("sizes[" + i + "] must be > 0, got " + sizes[i]);
            }
            if ((long) sizes[i] * (i + 1 < sizes.length ? sizes[i + 1] : 1) > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("sizes[" + i + "] x sizes[" + (i + 1) + "] weights do not fit in an array");
            }
        }
        if (hidden == null) {
            throw new IllegalArgumentException("hidden activation must not be null");
        }
    }

    /**
     * The number of weight layers: the hidden layers and the output layer.
     *
     * @return the number of layers, one less than the number of sizes
     */
    public int layers() {
        return sizes.length - 1;
    }

    /**
     * The layer sizes.
     *
     * @return a copy of the sizes: the input features, each hidden layer's units, then the classes
     */
    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * The number of input features.
     *
     * @return the first layer size
     */
    public int inputSize() {
        return sizes[0];
    }

    /**
     * The number of classes.
     *
     * @return the last layer size
     */
    public int classes() {
        return sizes[sizes.length - 1];
    }

    /**
     * The activation of the hidden layers.
     *
     * @return the activation
     */
    public Activation hiddenActivation() {
        return hidden;
    }

    /**
     * The live weights of layer {@code l}: writes change the network.
     *
     * @param l the layer, from 0 to {@code layers() - 1}
     * @return the weights, {@code sizes[l] x sizes[l+1]} row-major
     * @throws IllegalArgumentException when {@code l} is not a layer
     */
    public float[] weights(int l) {
        return weights[layer(l)];
    }

    /**
     * The live biases of layer {@code l}: writes change the network.
     *
     * @param l the layer, from 0 to {@code layers() - 1}
     * @return the biases, {@code sizes[l+1]} values
     * @throws IllegalArgumentException when {@code l} is not a layer
     */
    public float[] biases(int l) {
        return biases[layer(l)];
    }

    /**
     * The weight gradient of layer {@code l} from the last {@link #computeGradients} or training step; writable,
     * for {@link #applyGradients}.
     *
     * @param l the layer, from 0 to {@code layers() - 1}
     * @return the gradient, shaped as {@link #weights(int)}
     * @throws IllegalArgumentException when {@code l} is not a layer
     */
    public float[] weightGradient(int l) {
        return weightGrads[layer(l)];
    }

    /**
     * The bias gradient of layer {@code l} from the last {@link #computeGradients} or training step; writable,
     * for {@link #applyGradients}.
     *
     * @param l the layer, from 0 to {@code layers() - 1}
     * @return the gradient, shaped as {@link #biases(int)}
     * @throws IllegalArgumentException when {@code l} is not a layer
     */
    public float[] biasGradient(int l) {
        return biasGrads[layer(l)];
    }

    private int layer(int l) {
        if (l < 0 || l >= layers()) {
            throw new IllegalArgumentException("layer must be in [0, " + layers() + "), got " + l);
        }
        return l;
    }

    /**
     * The optimizer of the training steps.
     *
     * @return the optimizer; plain SGD at 0.01 unless set
     */
    public Sgd optimizer() {
        return optimizer;
    }

    /**
     * Sets the optimizer of the training steps.
     *
     * @param sgd the optimizer
     * @return this network
     * @throws IllegalArgumentException when {@code sgd} is null
     */
    public Mlp optimizer(Sgd sgd) {
        if (sgd == null) {
            throw new IllegalArgumentException("optimizer must not be null");
        }
        this.optimizer = sgd;
        return this;
    }

    /**
     * The limit on the loss's growth that {@link #fit} applies.
     *
     * @return the limit; {@link LossGrowthLimit#DEFAULT} unless set
     */
    public LossGrowthLimit lossGrowthLimit() {
        return lossGrowthLimit;
    }

    /**
     * Sets when {@link #fit} counts a finite loss as diverged.
     *
     * @param limit the limit, or {@link LossGrowthLimit#OFF} to stop only on a NaN or infinite loss
     * @return this network
     * @throws IllegalArgumentException when {@code limit} is null
     */
    public Mlp lossGrowthLimit(LossGrowthLimit limit) {
        if (limit == null) {
            throw new IllegalArgumentException("limit must not be null (LossGrowthLimit.OFF turns the check off)");
        }
        this.lossGrowthLimit = limit;
        return this;
    }

    /**
     * One SGD step on {@code rows} examples (dense rows of {@link #inputSize()} floats from index 0).
     *
     * @param x the array that holds the examples, {@code rows} rows of {@link #inputSize()} floats, row-major
     * @param labels the examples' classes, from index 0, each in {@code [0, classes())}
     * @param rows the number of examples, at least 1
     * @return the mean loss of the examples before the step
     * @throws IllegalArgumentException when {@code rows} is below 1, an array is too short, or a label is outside
     *     {@code [0, classes())}
     */
    public float trainStep(float[] x, int[] labels, int rows) {
        return trainStep(x, 0, labels, 0, rows);
    }

    /**
     * One SGD step on {@code rows} examples.
     *
     * @param x the array that holds the examples, {@code rows} rows of {@link #inputSize()} floats, row-major
     * @param xOffset the index of the first example's first feature in {@code x}
     * @param labels the array that holds the examples' classes, each in {@code [0, classes())}
     * @param labelsOffset the index of the first example's class in {@code labels}
     * @param rows the number of examples, at least 1
     * @return the mean loss of the examples before the step
     * @throws IllegalArgumentException when {@code rows} is below 1, an array is too short, or a label is outside
     *     {@code [0, classes())}
     */
    public float trainStep(float[] x, int xOffset, int[] labels, int labelsOffset, int rows) {
        Sgd sgd = optimizer;
        if (sgd.momentum() == 0f && sgd.weightDecay() == 0f) {
            // Plain SGD: each layer's weights take their step inside the GEMM that computes their gradient, while
            // each block of it is in cache (Gemm.sgemmAxpy); the same bits as computeGradients, then update().
            checkBatch(x, xOffset, rows);
            float loss = backward(x, xOffset, labels, labelsOffset, rows, -sgd.learningRate());
            for (int l = 0; l < layers(); l++) {
                Kernels.axpy(biases[l].length, -sgd.learningRate(), biasGrads[l], 0, biases[l], 0);
            }
            return loss;
        }
        float loss = computeGradients(x, xOffset, labels, labelsOffset, rows);
        update();
        return loss;
    }

    /**
     * Forward and backward passes without the update; the gradients are then readable per layer.
     *
     * @param x the array that holds the examples, {@code rows} rows of {@link #inputSize()} floats, row-major
     * @param xOffset the index of the first example's first feature in {@code x}
     * @param labels the array that holds the examples' classes, each in {@code [0, classes())}
     * @param labelsOffset the index of the first example's class in {@code labels}
     * @param rows the number of examples, at least 1
     * @return the mean loss of the examples
     * @throws IllegalArgumentException when {@code rows} is below 1, an array is too short, or a label is outside
     *     {@code [0, classes())}
     */
    public float computeGradients(float[] x, int xOffset, int[] labels, int labelsOffset, int rows) {
        checkBatch(x, xOffset, rows);
        return backward(x, xOffset, labels, labelsOffset, rows, Float.NaN);
    }

    /**
     * The forward and backward passes into the gradient buffers. With a step that is not NaN, each layer's weights
     * also take {@code W += step * dW} as the weight-gradient GEMM writes dW; the layer's input gradient is computed
     * first, from the weights before the step.
     */
    private float backward(float[] x, int xOffset, int[] labels, int labelsOffset, int rows, float step) {
        boolean update = !Float.isNaN(step);
        train = Buffers.ensure(train, sizes, rows, true);
        float[][] acts = train.acts;
        float[][] dz = train.grads;
        forward(x, xOffset, rows, acts);
        int top = layers();
        int classes = classes();
        float loss = Kernels.softmaxCrossEntropyGradient(rows, classes, acts[top], 0, classes, labels, labelsOffset,
                dz[top], 0, classes);
        for (int l = top - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] a = l == 0 ? x : acts[l];
            int aOffset = l == 0 ? xOffset : 0;
            if (l > 0) {
                Gemm.sgemm(false, true, rows, in, out, 1f, dz[l + 1], 0, out, weights[l], 0, out, 0f, dz[l], 0, in);
                Kernels.activateBackward(hidden, rows, in, acts[l], 0, in, dz[l], 0, in, dz[l], 0, in);
            }
            if (update) {
                Gemm.sgemmAxpy(true, false, in, out, rows, 1f, a, aOffset, in, dz[l + 1], 0, out, 0f, weightGrads[l],
                        0, out, step, weights[l], 0, out);
            } else {
                Gemm.sgemm(true, false, in, out, rows, 1f, a, aOffset, in, dz[l + 1], 0, out, 0f, weightGrads[l], 0,
                        out);
            }
            Kernels.columnSums(rows, out, 1f, dz[l + 1], 0, out, biasGrads[l], 0);
        }
        return loss;
    }

    /**
     * Applies the optimizer to the gradients held in {@link #weightGradient} and {@link #biasGradient}: those of
     * the last {@link #computeGradients}, or gradients written there by the caller (for example a sum of gradients
     * computed elsewhere). Momentum and weight decay apply as in {@link #trainStep}.
     */
    public void applyGradients() {
        update();
    }

    private void update() {
        Sgd sgd = optimizer;
        for (int l = 0; l < layers(); l++) {
            float[] w = weights[l];
            float[] gw = weightGrads[l];
            if (sgd.weightDecay() > 0f) {
                Kernels.axpy(w.length, sgd.weightDecay(), w, 0, gw, 0);
            }
            if (sgd.momentum() > 0f) {
                if (weightVelocity == null) {
                    weightVelocity = new float[layers()][];
                    biasVelocity = new float[layers()][];
                    for (int i = 0; i < layers(); i++) {
                        weightVelocity[i] = new float[weights[i].length];
                        biasVelocity[i] = new float[biases[i].length];
                    }
                }
                step(sgd, gw, weightVelocity[l], w);
                step(sgd, biasGrads[l], biasVelocity[l], biases[l]);
            } else {
                Kernels.axpy(w.length, -sgd.learningRate(), gw, 0, w, 0);
                Kernels.axpy(biases[l].length, -sgd.learningRate(), biasGrads[l], 0, biases[l], 0);
            }
        }
    }

    private static void step(Sgd sgd, float[] grad, float[] velocity, float[] param) {
        Kernels.scale(velocity.length, sgd.momentum(), velocity, 0);
        Kernels.axpy(velocity.length, -sgd.learningRate(), grad, 0, velocity, 0);
        Kernels.axpy(param.length, 1f, velocity, 0, param, 0);
    }

    /** Logits of every layer into {@code acts[1..L]}; {@code acts[L]} holds the output logits. */
    private void forward(float[] x, int xOffset, int rows, float[][] acts) {
        float[] in = x;
        int inOffset = xOffset;
        for (int l = 0; l < layers(); l++) {
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            Activation act = l == layers() - 1 ? Activation.NONE : hidden;
            Gemm.sgemm(false, false, rows, nOut, nIn, 1f, in, inOffset, nIn, weights[l], 0, nOut,
                    0f, acts[l + 1], 0, nOut, biases[l], 0, act);
            in = acts[l + 1];
            inOffset = 0;
        }
    }

    private float[] logits(float[] x, int xOffset, int rows) {
        checkBatch(x, xOffset, rows);
        Buffers b = Buffers.ensure(inference.get(), sizes, rows, false);
        inference.set(b);
        forward(x, xOffset, rows, b.acts);
        return b.acts[layers()];
    }

    /**
     * The output logits (before the softmax) of {@code rows} examples into {@code out}, {@code classes()} per row.
     *
     * @param x the array that holds the examples, {@code rows} rows of {@link #inputSize()} floats, row-major
     * @param xOffset the index of the first example's first feature in {@code x}
     * @param rows the number of examples, at least 1
     * @param out the array that receives the logits, {@code rows x classes()} row-major
     * @param outOffset the index of the first logit in {@code out}
     * @throws IllegalArgumentException when {@code rows} is below 1 or an array is too short for it
     */
    public void logits(float[] x, int xOffset, int rows, float[] out, int outOffset) {
        Checks.matrix("out", out, outOffset, classes(), rows, classes());
        System.arraycopy(logits(x, xOffset, rows), 0, out, outOffset, rows * classes());
    }

    /**
     * Class probabilities (softmax of the output) for {@code rows} examples into {@code probs}.
     *
     * @param x the array that holds the examples, {@code rows} rows of {@link #inputSize()} floats, row-major
     * @param xOffset the index of the first example's first feature in {@code x}
     * @param rows the number of examples, at least 1
     * @param probs the array that receives the probabilities, {@code rows x classes()} row-major
     * @param probsOffset the index of the first probability in {@code probs}
     * @throws IllegalArgumentException when {@code rows} is below 1 or an array is too short for it
     */
    public void predict(float[] x, int xOffset, int rows, float[] probs, int probsOffset) {
        Checks.matrix("probs", probs, probsOffset, classes(), rows, classes());
        float[] z = logits(x, xOffset, rows);
        Kernels.softmax(rows, classes(), z, 0, classes(), probs, probsOffset, classes());
    }

    /**
     * The most probable class of each of {@code rows} examples into {@code out}.
     *
     * @param x the array that holds the examples, {@code rows} rows of {@link #inputSize()} floats, row-major
     * @param xOffset the index of the first example's first feature in {@code x}
     * @param rows the number of examples, at least 1
     * @param out the array that receives one class per example
     * @param outOffset the index of the first example's class in {@code out}
     * @throws IllegalArgumentException when {@code rows} is below 1 or an array is too short for it
     */
    public void classify(float[] x, int xOffset, int rows, int[] out, int outOffset) {
        float[] z = logits(x, xOffset, rows);
        Kernels.argmax(rows, classes(), z, 0, classes(), out, outOffset);
    }

    /**
     * Mean loss and accuracy over a dataset, in batches of up to 1024 examples.
     *
     * @param data the examples
     * @return the mean loss, the accuracy and the number of examples
     * @throws IllegalArgumentException when {@code data} is null, empty, or does not fit the network
     */
    public Evaluation evaluate(Dataset data) {
        checkData(data);
        double lossSum = 0;
        double hits = 0;
        int classes = classes();
        for (int start = 0; start < data.size(); start += 1024) {
            int rows = Math.min(1024, data.size() - start);
            float[] z = logits(data.features(), start * data.dimension(), rows);
            lossSum += (double) Kernels.crossEntropy(rows, classes, z, 0, classes, data.labels(), start) * rows;
            hits += Kernels.accuracy(rows, classes, z, 0, classes, data.labels(), start) * rows;
        }
        int n = Math.max(1, data.size());
        return new Evaluation(lossSum / n, hits / n, data.size());
    }

    /**
     * Trains for {@code epochs} passes over {@code data} in mini-batches of {@code batch}, shuffled each epoch
     * from {@code seed}; the last batch of an epoch may be smaller.
     *
     * @param data the training examples
     * @param epochs the number of passes over {@code data}, at least 0
     * @param batch the mini-batch size, at least 1
     * @param seed the seed of the shuffles
     * @param listener told of each epoch and mini-batch; may be null
     * @return the mean loss of the last epoch; NaN when {@code epochs} is 0
     * @throws TrainingDivergedException as soon as a mini-batch's loss is NaN or infinite, or exceeds the bound of
     *     the {@link #lossGrowthLimit()}, naming the epoch and batch; the weights must then not be saved (when not
     *     finite, {@link Checkpoint#save} refuses them)
     * @throws IllegalArgumentException when {@code data} is null, empty or does not fit the network, or
     *     {@code epochs} or {@code batch} is out of range
     */
    public double fit(Dataset data, int epochs, int batch, long seed, TrainingListener listener) {
        checkData(data);
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be > 0, got " + batch);
        }
        int n = data.size();
        int dim = data.dimension();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int capacity = Math.min(batch, Math.max(1, n));
        float[] xb = new float[capacity * dim];
        int[] yb = new int[capacity];
        SplittableRandom random = new SplittableRandom(seed);
        double meanLoss = Double.NaN;
        LossGrowthLimit limit = lossGrowthLimit;
        float firstLoss = Float.NaN;
        double bound = Double.POSITIVE_INFINITY;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            if (listener != null) {
                listener.epochStarted(epoch, n);
            }
            double lossSum = 0;
            int batchNo = 0;
            for (int from = 0; from < n; from += batch) {
                batchNo++;
                int rows = Math.min(batch, n - from);
                for (int r = 0; r < rows; r++) {
                    int src = order[from + r];
                    System.arraycopy(data.features(), src * dim, xb, r * dim, dim);
                    yb[r] = data.labels()[src];
                }
                float loss = trainStep(xb, 0, yb, 0, rows);
                if (!Float.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, batchNo, loss);
                }
                if (Float.isNaN(firstLoss)) {
                    firstLoss = loss;
                    bound = limit.bound(loss, classes());
                } else if (loss > bound) {
                    throw new TrainingDivergedException(epoch, batchNo, loss, firstLoss, limit, bound);
                }
                lossSum += (double) loss * rows;
                if (listener != null) {
                    listener.batchDone(epoch, from + rows, loss);
                }
            }
            meanLoss = lossSum / Math.max(1, n);
            if (listener != null) {
                listener.epochDone(epoch, meanLoss, System.nanoTime() - start);
            }
        }
        return meanLoss;
    }

    private void checkData(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("data holds no examples");
        }
        if (data.dimension() != inputSize()) {
            throw new IllegalArgumentException("data has " + data.dimension() + " features, the network expects " + inputSize());
        }
        if (data.classes() > classes()) {
            throw new IllegalArgumentException("data has " + data.classes() + " classes, the network outputs " + classes());
        }
    }

    private void checkBatch(float[] x, int xOffset, int rows) {
        if (rows <= 0) {
            throw new IllegalArgumentException("rows must be > 0, got " + rows);
        }
        if (x == null || xOffset < 0 || (long) xOffset + (long) rows * inputSize() > x.length) {
            throw new IllegalArgumentException("x must hold rows*inputSize = " + ((long) rows * inputSize())
                    + " floats from offset " + xOffset);
        }
    }

    /** The largest Java array HotSpot allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Activations (and for training, their gradients) for up to {@code capacity} rows. */
    private static final class Buffers {
        final int capacity;
        final float[][] acts;
        final float[][] grads;

        private Buffers(int[] sizes, int capacity, boolean withGrads) {
            for (int l = 1; l < sizes.length; l++) {
                long values = (long) capacity * sizes[l];
                if (values > MAX_ARRAY) {
                    throw new IllegalArgumentException("rows (" + capacity + ") x layer " + l + " (" + sizes[l]
                            + " units) = " + values + " activations exceed the largest Java array (" + MAX_ARRAY
                            + "); pass at most " + (MAX_ARRAY / sizes[l]) + " rows per call");
                }
            }
            this.capacity = capacity;
            acts = new float[sizes.length][];
            grads = withGrads ? new float[sizes.length][] : null;
            for (int l = 1; l < sizes.length; l++) {
                acts[l] = new float[capacity * sizes[l]];
                if (withGrads) {
                    grads[l] = new float[capacity * sizes[l]];
                }
            }
        }

        static Buffers ensure(Buffers current, int[] sizes, int rows, boolean withGrads) {
            return current != null && current.capacity >= rows ? current : new Buffers(sizes, rows, withGrads);
        }
    }

    @Override
    public String toString() {
        return "Mlp" + Arrays.toString(sizes) + " " + hidden.name().toLowerCase(java.util.Locale.ROOT);
    }
}
