package org.lanes.spark.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.lanes.nn.Mlp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One barrier stage of synchronous SGD, one or more consecutive epochs, inside one task (one task per partition, all
 * running at once). The tasks keep their partition's rows and their replica of the network for the whole stage.
 *
 * <p>The tasks meet at the driver's {@link Tracker} (each posts the port of its ring socket), join a
 * {@link RingAllReduce}, then run the stage's global steps together, epoch after epoch. Per step each task computes
 * the mean gradient of its share of the global batch with Lanes, scales it by its row count in double (exact: a
 * float times an integer below 2^29), and the ring sums those vectors, with the loss times rows appended, and
 * divides by the step's rows, rounding once to float ({@link RingAllReduce#mean}). Every task then applies the same
 * update with the same kernels to the same weights, so the replicas stay bitwise equal and never drift; nothing goes
 * through the driver until the stage ends, when partition 0 returns the weights and one {@link EpochResult} per
 * epoch. The steps, their order and their arithmetic do not depend on where the stages begin and end, so any number
 * of epochs per stage gives the same model bit for bit.
 *
 * <p><b>The value of a global gradient element</b> is {@code float(S / R)}, {@code R} the step's rows and {@code S}
 * the double sum of {@code g_p * r_p} over the partitions in the ring's order for that element (see
 * {@link RingAllReduce}). With one partition that is the partition's own gradient (the division is exact), so the
 * fit equals {@code Mlp.fit}; with two it equals the {@code treeAggregate} path's {@code (a*wa + b*wb)/(wa + wb)}
 * bit for bit (a sum of two doubles does not depend on their order).
 *
 * <p><b>Divergence.</b> A NaN or infinite step loss ends the stage at that step; after each epoch every task applies
 * the fit's loss growth check ({@link LossGuard}, with the reference the driver passed on) to the epoch's mean loss,
 * and ends the stage after an epoch that fails it. The losses come out of the all-reduce, so every task takes the
 * same decision at the same point, and the driver, checking the returned epochs with the same rule, raises the error.
 *
 * <p><b>Checkpoints and retries.</b> Partition 0 writes a checkpoint every {@code checkpointInterval} global steps,
 * with the figures of the stage's epochs so far. When Spark retries the stage, partition 0 names the newest
 * checkpoint in the rendezvous and every task resumes from that one, so all replicas restart from the same state,
 * and the epochs the failed attempt finished are reported with its figures (and, with validation data, with the
 * weights it kept at their ends, {@link Checkpoints#writeEpochWeights}). The checkpoints also hold the figures of the
 * fit's earlier stages ({@link EpochStart#before}), so a new fit resuming from one reports every epoch.
 */
public final class BarrierStage {
    private static final Logger LOG = LoggerFactory.getLogger(BarrierStage.class);

    private BarrierStage() {
    }

    /** The task body: trains the stage on this task's block; partition 0 returns the result, the others nothing. */
    public static Iterator<StageResult> run(Iterator<PartitionBlock> blocks, SyncPlan plan,
            Broadcast<EpochStart> broadcast) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int rank = ctx.partitionId();
        String who = "the training task of partition " + rank + " (stage " + ctx.stageId() + "."
                + ctx.stageAttemptNumber() + ", task attempt " + ctx.attemptNumber() + ")";
        PartitionBlock block = blocks.next();
        EpochStart start = broadcast.value();
        TaskThreads.apply(plan.threadsPerTask(), ctx.cpus());
        try {
            TrainingFaults.beforeRendezvous(ctx, rank);
            String host = SparkEnv.get().blockManager().blockManagerId().host();
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 8);
                String resumeFrom = rank == 0 && plan.checkpointDir() != null && ctx.stageAttemptNumber() > 0
                        ? Checkpoints.latest(plan.hadoop().value().value(), plan.checkpointDir()) : "";
                long group = (long) start.epoch() << 20 | ctx.stageAttemptNumber();
                Rendezvous meeting = Rendezvous.meet(plan.tracker(), plan.token(), group, rank, host,
                        server.socket().getLocalPort(), resumeFrom, plan.timeoutMs(), who);
                long token = plan.token() * 31 + group;
                try (RingAllReduce ring = RingAllReduce.join(rank, meeting.peers(), server.socket(), token,
                        plan.timeoutMs(), who)) {
                    StageResult r = plan.localSteps() > 0 ? localEpochs(ctx, rank, block, plan, start, ring)
                            : epochs(ctx, rank, block, plan, start, meeting.note(0), ring);
                    return rank == 0 ? List.of(r).iterator() : Collections.emptyIterator();
                }
            }
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            throw new UncheckedIOException(message.startsWith(who) ? message : who + ": " + message, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(who + " was interrupted", e);
        }
    }

    private static StageResult epochs(BarrierTaskContext ctx, int rank, PartitionBlock block, SyncPlan plan,
            EpochStart start, String resumeFrom, RingAllReduce ring) throws IOException {
        Replica r = Replica.of(plan.run(), block, start.network(), plan.batch(), plan.seed());
        SgdUpdate update = SgdUpdate.of(plan.sgd(), start.weightVelocity(), start.biasVelocity());
        int epoch = start.epoch();
        long first = start.step();
        double firstLoss = start.firstLoss();
        List<EpochResult> done = new ArrayList<>();
        EpochResult partial = null; // the figures of the epoch a checkpoint was written in, up to its step
        List<EpochResult> before = new ArrayList<>(); // the fit's epochs before this stage, for the checkpoints
        for (EpochResult e : start.before()) {
            if (e.epoch() < start.epoch()) {
                before.add(e.withoutWeights());
            } else if (e.epoch() == start.epoch() && first > 0) {
                partial = e; // a fit resumed inside an epoch: that epoch's figures up to its step
            }
        }
        Mlp net = r.net;
        int layers = net.layers();
        if (!resumeFrom.isEmpty()) {
            Checkpoints.Saved saved = Checkpoints.read(plan.hadoop().value().value(), plan.checkpointDir(), resumeFrom,
                    plan.fingerprint());
            boolean after = saved.epoch() > epoch || (saved.epoch() == epoch && saved.step() > first);
            boolean within = saved.epoch() <= start.lastEpoch()
                    || (saved.epoch() == start.lastEpoch() + 1 && saved.step() == 0);
            if (after && within) {
                epoch = saved.epoch();
                first = saved.step();
                for (int l = 0; l < layers; l++) {
                    System.arraycopy(saved.weights()[l], 0, net.weights(l), 0, saved.weights()[l].length);
                    System.arraycopy(saved.biases()[l], 0, net.biases(l), 0, saved.biases()[l].length);
                }
                update = SgdUpdate.of(plan.sgd(), saved.weightVelocity(), saved.biasVelocity());
                firstLoss = saved.firstLoss();
                partial = null;
                for (EpochResult e : saved.epochs()) {
                    if (e.epoch() >= start.epoch() && e.epoch() < epoch) {
                        // An epoch the failed attempt finished: with validation data, its weights at its end too.
                        float[][][] kept = plan.keepEpochWeights() ? Checkpoints.readEpochWeights(
                                plan.hadoop().value().value(), plan.checkpointDir(), plan.fingerprint(), e.epoch())
                                : null;
                        done.add(kept == null ? e : e.withWeights(kept[0], kept[1]));
                    } else if (e.epoch() == epoch && first > 0) {
                        partial = e;
                    }
                }
                TrainingFaults.resumed(rank);
            }
        }
        LossGuard guard = plan.guard(firstLoss);
        int length = 1;
        for (int l = 0; l < layers; l++) {
            length += r.weightGrads[l].length + r.biasGrads[l].length;
        }
        float[] own = new float[length];
        float[] means = new float[length];
        long stepsPerEpoch = plan.stepsPerEpoch();
        boolean stop = false;
        for (; epoch <= start.lastEpoch() && !stop; epoch++, first = 0, partial = null) {
            r.orderFor(epoch);
            EpochFigures f = new EpochFigures(epoch, first, partial);
            long reduceAtStart = ring.totalNanos();
            long waitAtStart = ring.waitNanos();
            boolean checkpointAtEnd = false;
            long s = first;
            long loopStart = System.nanoTime();
            for (; s < stepsPerEpoch; s++) {
                if (ctx.isInterrupted()) {
                    throw new IllegalStateException("the training task of partition " + rank + " was killed");
                }
                long globalStep = (epoch - 1) * stepsPerEpoch + s;
                TrainingFaults.beforeStep(ctx, rank, globalStep);
                long t0 = System.nanoTime();
                int from = GlobalBatches.shareStart(s, plan.batch(), plan.total(), block.rows);
                int to = GlobalBatches.shareStart(s + 1, plan.batch(), plan.total(), block.rows);
                int count = to - from;
                float loss = 0f;
                if (count > 0) {
                    r.gather(from, to);
                    loss = net.computeGradients(r.xb, 0, r.yb, 0, count);
                }
                long t1 = System.nanoTime();
                if (count > 0) {
                    int k = 0;
                    for (int l = 0; l < layers; l++) {
                        k = flatten(r.weightGrads[l], own, k);
                        k = flatten(r.biasGrads[l], own, k);
                    }
                    own[k] = loss;
                }
                long t2 = System.nanoTime();
                long stepRows = plan.stepRows(s);
                ring.mean(own, Math.max(0, count), stepRows, means);
                long t3 = System.nanoTime();
                float stepLoss = means[length - 1];
                if (!Float.isFinite(stepLoss)) {
                    f.divergedAt = s;
                    f.divergedLoss = stepLoss;
                    stop = true;
                    break;
                }
                update.apply(net, means);
                long t4 = System.nanoTime();
                f.computeNanos += (t1 - t0) + (t4 - t3);
                f.copyNanos += t2 - t1;
                f.lossSum += (double) stepLoss * stepRows;
                f.rows += stepRows;
                f.steps++;
                if (rank == 0 && plan.checkpointAfter(globalStep + 1)) {
                    if (s + 1 < stepsPerEpoch) {
                        List<EpochResult> figures = new ArrayList<>(before);
                        figures.addAll(done);
                        figures.add(f.result(ring.totalNanos() - reduceAtStart, ring.waitNanos() - waitAtStart,
                                System.nanoTime() - loopStart, null));
                        Checkpoints.write(plan.hadoop().value().value(), plan.checkpointDir(), plan.fingerprint(), net,
                                update, epoch, s + 1, globalStep + 1, guard.reference(), figures);
                    } else {
                        checkpointAtEnd = true; // after the epoch's figures and the growth check below
                    }
                }
            }
            float[][][] kept = epochWeights(rank == 0 && plan.keepEpochWeights(), net);
            EpochResult result = f.result(ring.totalNanos() - reduceAtStart, ring.waitNanos() - waitAtStart,
                    System.nanoTime() - loopStart, kept);
            done.add(result);
            if (kept[0] != null && plan.checkpointDir() != null) {
                // Lets a retry that resumes from a later checkpoint validate this epoch (the driver removes it then).
                Checkpoints.writeEpochWeights(plan.hadoop().value().value(), plan.checkpointDir(), plan.fingerprint(),
                        epoch, net);
            }
            if (rank == 0 && start.lastEpoch() > start.epoch()) {
                // The driver logs the stage's epochs when it ends; this line, in the executor's log, shows progress.
                LOG.info(String.format(java.util.Locale.ROOT, "epoch %d (barrier stage of epochs %d to %d): loss %.4f,"
                        + " %d steps in %.1f s", epoch, start.epoch(), start.lastEpoch(), result.meanLoss(),
                        result.steps(), result.loopNanos() / 1e9));
            }
            if (!stop && result.rows() > 0 && !guard.admit(result.meanLoss())) {
                stop = true;
            }
            if (checkpointAtEnd) {
                List<EpochResult> figures = new ArrayList<>(before);
                for (EpochResult e : done) {
                    figures.add(e.withoutWeights());
                }
                Checkpoints.write(plan.hadoop().value().value(), plan.checkpointDir(), plan.fingerprint(), net, update,
                        epoch + 1, 0, epoch * stepsPerEpoch, guard.reference(), figures);
            }
        }
        if (rank != 0) {
            return null;
        }
        return new StageResult(weights(net), biases(net), update.weightVelocity(), update.biasVelocity(), done,
                guard.reference());
    }

    /**
     * Local SGD in a barrier stage: per round of {@code localSteps} global steps, every task takes plain SGD steps
     * on its own shares of the global batches (with its replica's optimizer, momentum included), then the ring sets
     * every replica's weights and biases to the row-weighted mean over the tasks, with the round's mean loss
     * appended ({@link RingAllReduce#mean}: on two tasks bit for bit the treeAggregate transport's
     * {@link WeightedMean}). The round's loss is checked as the treeAggregate transport checks it, by every task alike
     * (it comes out of the all-reduce): a NaN or infinite one, or one past the growth limit, ends the stage there.
     */
    private static StageResult localEpochs(BarrierTaskContext ctx, int rank, PartitionBlock block, SyncPlan plan,
            EpochStart start, RingAllReduce ring) throws IOException {
        if (ctx.stageAttemptNumber() > 0) {
            // A retry: the failed attempt left this replica's momentum mid-stage. A fresh replica starts the stage
            // with none, as the first attempt of a stage that begins the fit did (a later stage's retry loses the
            // momentum, as a task that moves to another executor does).
            Replica.drop(plan.run(), rank);
        }
        Replica r = Replica.of(plan.run(), block, start.network(), plan.batch(), plan.seed());
        r.optimizer(plan.sgd());
        Mlp net = r.net;
        int layers = net.layers();
        LossGuard guard = plan.guard(start.firstLoss());
        int length = 1;
        for (int l = 0; l < layers; l++) {
            length += r.weights[l].length + r.biases[l].length;
        }
        float[] own = new float[length];
        float[] means = new float[length];
        long stepsPerEpoch = plan.stepsPerEpoch();
        int stride = plan.localSteps();
        List<EpochResult> done = new ArrayList<>();
        boolean stop = false;
        for (int epoch = start.epoch(); epoch <= start.lastEpoch() && !stop; epoch++) {
            r.orderFor(epoch);
            EpochFigures f = new EpochFigures(epoch, 0, null);
            long reduceAtStart = ring.totalNanos();
            long waitAtStart = ring.waitNanos();
            long loopStart = System.nanoTime();
            for (long a = 0; a < stepsPerEpoch; a += stride) {
                if (ctx.isInterrupted()) {
                    throw new IllegalStateException("the training task of partition " + rank + " was killed");
                }
                long b = Math.min(stepsPerEpoch, a + stride);
                TrainingFaults.beforeStep(ctx, rank, (epoch - 1) * stepsPerEpoch + a);
                long roundRows = 0;
                for (long s = a; s < b; s++) {
                    roundRows += plan.stepRows(s);
                }
                if (roundRows == 0) {
                    continue; // every task skips it alike
                }
                long t0 = System.nanoTime();
                double lossSum = 0;
                long seen = 0;
                for (long s = a; s < b; s++) {
                    int from = GlobalBatches.shareStart(s, plan.batch(), plan.total(), block.rows);
                    int to = GlobalBatches.shareStart(s + 1, plan.batch(), plan.total(), block.rows);
                    if (to <= from || (seen > 0 && !Double.isFinite(lossSum))) {
                        continue;
                    }
                    r.gather(from, to);
                    float loss = net.trainStep(r.xb, 0, r.yb, 0, to - from);
                    lossSum += (double) loss * (to - from);
                    seen += to - from;
                }
                long t1 = System.nanoTime();
                int k = 0;
                for (int l = 0; l < layers; l++) {
                    k = flatten(r.weights[l], own, k);
                    k = flatten(r.biases[l], own, k);
                }
                own[k] = seen == 0 ? 0f : (float) (lossSum / seen);
                long t2 = System.nanoTime();
                // A task that stopped at a NaN loss still counts its planned rows: its NaN weights make the mean NaN.
                long planned = 0;
                for (long s = a; s < b; s++) {
                    planned += GlobalBatches.shareStart(s + 1, plan.batch(), plan.total(), block.rows)
                            - GlobalBatches.shareStart(s, plan.batch(), plan.total(), block.rows);
                }
                ring.mean(own, planned, roundRows, means);
                long t3 = System.nanoTime();
                float roundLoss = means[length - 1];
                k = 0;
                for (int l = 0; l < layers; l++) {
                    System.arraycopy(means, k, r.weights[l], 0, r.weights[l].length);
                    k += r.weights[l].length;
                    System.arraycopy(means, k, r.biases[l], 0, r.biases[l].length);
                    k += r.biases[l].length;
                }
                long t4 = System.nanoTime();
                f.computeNanos += (t1 - t0) + (t4 - t3);
                f.copyNanos += t2 - t1;
                if (!Float.isFinite(roundLoss) || !guard.admit(roundLoss)) {
                    f.divergedAt = b - 1;
                    f.divergedLoss = roundLoss;
                    stop = true;
                    break;
                }
                f.lossSum += (double) roundLoss * roundRows;
                f.rows += roundRows;
                f.steps += b - a;
            }
            float[][][] kept = epochWeights(rank == 0 && plan.keepEpochWeights(), net);
            done.add(f.result(ring.totalNanos() - reduceAtStart, ring.waitNanos() - waitAtStart,
                    System.nanoTime() - loopStart, kept));
        }
        if (rank != 0) {
            return null;
        }
        return new StageResult(weights(net), biases(net), null, null, done, guard.reference());
    }

    /** The running figures of one epoch; those of a checkpoint's partial epoch to start from. */
    private static final class EpochFigures {
        final int epoch;
        final long firstStep;
        double lossSum;
        long rows;
        long steps;
        long divergedAt = -1;
        double divergedLoss = Double.NaN;
        long computeNanos;
        long copyNanos;
        final long reduceBefore;
        final long waitBefore;
        final long loopBefore;

        EpochFigures(int epoch, long first, EpochResult partial) {
            this.epoch = epoch;
            if (partial == null) {
                firstStep = first;
                reduceBefore = 0;
                waitBefore = 0;
                loopBefore = 0;
            } else {
                firstStep = partial.firstStep();
                lossSum = partial.lossSum();
                rows = partial.rows();
                steps = partial.steps();
                computeNanos = partial.computeNanos();
                copyNanos = partial.copyNanos();
                reduceBefore = partial.reduceNanos();
                waitBefore = partial.waitNanos();
                loopBefore = partial.loopNanos();
            }
        }

        EpochResult result(long reduce, long wait, long loop, float[][][] weights) {
            return new EpochResult(epoch, lossSum, rows, firstStep, steps, divergedAt, divergedLoss, computeNanos,
                    copyNanos, reduceBefore + reduce, waitBefore + wait, loopBefore + loop,
                    weights == null ? null : weights[0], weights == null ? null : weights[1], Double.NaN);
        }
    }

    /** Copies {@code g} into {@code flat} from {@code k}; returns the next index. */
    private static int flatten(float[] g, float[] flat, int k) {
        System.arraycopy(g, 0, flat, k, g.length);
        return k + g.length;
    }

    /** The network's weight arrays, layer by layer (its own arrays, not copies). */
    private static float[][] weights(Mlp net) {
        float[][] w = new float[net.layers()][];
        for (int l = 0; l < w.length; l++) {
            w[l] = net.weights(l);
        }
        return w;
    }

    /** The network's bias arrays, layer by layer (its own arrays, not copies). */
    private static float[][] biases(Mlp net) {
        float[][] b = new float[net.layers()][];
        for (int l = 0; l < b.length; l++) {
            b[l] = net.biases(l);
        }
        return b;
    }

    /**
     * A copy of the network's weights and biases at the end of an epoch ({@code {weights, biases}}), which partition
     * 0 returns when the fit validates its epochs; {@code {null, null}} otherwise.
     */
    private static float[][][] epochWeights(boolean keep, Mlp net) {
        if (!keep) {
            return new float[][][] {null, null};
        }
        int layers = net.layers();
        float[][] weights = new float[layers][];
        float[][] biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = net.weights(l).clone();
            biases[l] = net.biases(l).clone();
        }
        return new float[][][] {weights, biases};
    }
}
