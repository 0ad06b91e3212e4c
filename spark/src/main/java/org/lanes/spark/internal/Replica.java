package org.lanes.spark.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.lanes.nn.Mlp;
import org.lanes.nn.Sgd;

/**
 * An executor's working copy of the network for one partition of one training run: the network, the partition's
 * shuffled row order and the mini-batch buffers. Kept in a small per-JVM cache, so a training step copies the
 * broadcast weights in and allocates nothing else. Everything it holds is re-derived from the broadcast state and
 * the seed, so a replica rebuilt on another executor (a retried or moved task) computes the same values; only the
 * momentum of local SGD, which lives in the replica, restarts then.
 */
public final class Replica {
    private static final int CACHED = 64;
    private static final Map<String, Replica> CACHE = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Replica> eldest) {
                    return size() > CACHED;
                }
            });

    final Mlp net;
    private final PartitionBlock block;
    private final long seed;
    private int[] order;
    private SplittableRandom random;
    private int epoch;
    final float[] xb;
    final int[] yb;
    final float[][] weightGrads;
    final float[][] biasGrads;
    final float[][] weights;
    final float[][] biases;

    private Replica(PartitionBlock block, NetworkState state, int capacity, long seed) {
        this.net = state.toMlp();
        this.block = block;
        this.seed = seed;
        int layers = net.layers();
        weightGrads = new float[layers][];
        biasGrads = new float[layers][];
        weights = new float[layers][];
        biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            weightGrads[l] = net.weightGradient(l);
            biasGrads[l] = net.biasGradient(l);
            weights[l] = net.weights(l);
            biases[l] = net.biases(l);
        }
        int rows = Math.max(1, Math.min(capacity, block.rows));
        xb = new float[rows * block.dimension];
        yb = new int[rows];
        restartShuffle();
    }

    /**
     * The replica of {@code block} for training run {@code run}, holding {@code state}'s parameters.
     * {@code capacity} bounds the rows of one step's share.
     */
    public static Replica of(String run, PartitionBlock block, NetworkState state, int capacity, long seed) {
        String key = run + "/" + block.partition;
        Replica r = CACHE.get(key);
        if (r == null || r.block.rows != block.rows || r.block.dimension != block.dimension
                || r.yb.length < Math.min(capacity, block.rows)) {
            r = new Replica(block, state, capacity, seed);
            CACHE.put(key, r);
        } else {
            state.copyInto(r.net);
        }
        return r;
    }

    /** Drops the replica of partition {@code partition} of training run {@code run}, if this JVM holds it. */
    public static void drop(String run, int partition) {
        CACHE.remove(run + "/" + partition);
    }

    /** Drops the replicas of training run {@code run} held in this JVM. */
    public static void release(String run) {
        synchronized (CACHE) {
            CACHE.keySet().removeIf(k -> k.startsWith(run + "/"));
        }
    }

    /**
     * The partition's random stream: partition 0 uses {@code seed} itself, so one partition shuffles exactly as
     * {@code Mlp.fit} does; the others are decorrelated by the golden-ratio increment.
     */
    private void restartShuffle() {
        random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * block.partition);
        order = new int[block.rows];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        epoch = 0;
    }

    /** Brings the row order to that of epoch {@code e} (1-based): one Fisher-Yates shuffle per epoch, as Mlp.fit. */
    void orderFor(int e) {
        if (e < epoch) {
            restartShuffle();
        }
        while (epoch < e) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            epoch++;
        }
    }

    /** Copies the rows {@code order[from..to)} into the batch buffers; returns their count. */
    int gather(int from, int to) {
        int dim = block.dimension;
        for (int r = 0; r < to - from; r++) {
            int src = order[from + r];
            System.arraycopy(block.features, src * dim, xb, r * dim, dim);
            yb[r] = block.labels[src];
        }
        return to - from;
    }

    void optimizer(Sgd sgd) {
        if (!sgd.equals(net.optimizer())) {
            net.optimizer(sgd);
        }
    }
}
