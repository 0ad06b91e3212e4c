package org.lanes.spark.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.lanes.nn.Mlp;

/**
 * One epoch of synchronous SGD inside one task of a barrier stage (one task per partition, all running at once).
 *
 * <p>The tasks meet at the driver's {@link Tracker} (each posts the port of its ring socket), join a
 * {@link RingAllReduce}, then run the epoch's global steps together. Per step each task computes the mean gradient
 * of its share of the global batch with Lanes, scales it by its row count in double (exact: a float times an
 * integer below 2^29), and the ring sums those vectors, with the loss times rows appended, and divides by the step's
 * rows, rounding once to float
 * ({@link RingAllReduce#mean}). Every task then applies the same update with the same kernels to the same weights,
 * so the replicas stay bitwise equal and never drift; nothing goes through the driver until the epoch ends, when
 * partition 0 returns the weights.
 *
 * <p><b>The value of a global gradient element</b> is {@code float(S / R)}, {@code R} the step's rows and {@code S}
 * the double sum of {@code g_p * r_p} over the partitions in the ring's order for that element (see
 * {@link RingAllReduce}). With one partition that is the partition's own gradient (the division is exact), so the
 * fit equals {@code Mlp.fit}; with two it equals the {@code treeAggregate} path's {@code (a*wa + b*wb)/(wa + wb)}
 * bit for bit (a sum of two doubles does not depend on their order).
 *
 * <p><b>Checkpoints and retries.</b> Partition 0 writes a checkpoint every {@code checkpointInterval} global steps.
 * When Spark retries the stage, partition 0 names the newest checkpoint in the rendezvous and every task resumes
 * from that one, so all replicas restart from the same state.
 */
public final class BarrierEpoch {
    private BarrierEpoch() {
    }

    /** The task body: trains the epoch on this task's block; partition 0 returns the result, the others nothing. */
    public static Iterator<EpochResult> run(Iterator<PartitionBlock> blocks, SyncPlan plan,
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
                    EpochResult r = steps(ctx, rank, block, plan, start, meeting.note(0), ring);
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

    private static EpochResult steps(BarrierTaskContext ctx, int rank, PartitionBlock block, SyncPlan plan,
            EpochStart start, String resumeFrom, RingAllReduce ring) throws IOException {
        Replica r = Replica.of(plan.run(), block, start.network(), plan.batch(), plan.seed());
        SgdUpdate update = SgdUpdate.of(plan.sgd(), start.weightVelocity(), start.biasVelocity());
        int epoch = start.epoch();
        long first = start.step();
        if (!resumeFrom.isEmpty()) {
            Checkpoints.Saved saved = Checkpoints.read(plan.hadoop().value().value(), plan.checkpointDir(), resumeFrom,
                    plan.fingerprint());
            if (saved.epoch() == epoch && saved.step() > first) {
                first = saved.step();
                Mlp net = r.net;
                for (int l = 0; l < net.layers(); l++) {
                    System.arraycopy(saved.weights()[l], 0, net.weights(l), 0, saved.weights()[l].length);
                    System.arraycopy(saved.biases()[l], 0, net.biases(l), 0, saved.biases()[l].length);
                }
                update = SgdUpdate.of(plan.sgd(), saved.weightVelocity(), saved.biasVelocity());
                TrainingFaults.resumed(rank);
            }
        }
        r.orderFor(epoch);
        Mlp net = r.net;
        int layers = net.layers();
        int length = 1;
        for (int l = 0; l < layers; l++) {
            length += r.weightGrads[l].length + r.biasGrads[l].length;
        }
        float[] own = new float[length];
        float[] means = new float[length];
        long stepsPerEpoch = plan.stepsPerEpoch();
        double lossSum = 0;
        long rows = 0;
        long computeNanos = 0;
        long copyNanos = 0;
        long divergedAt = -1;
        double divergedLoss = Double.NaN;
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
                divergedAt = s;
                divergedLoss = stepLoss;
                break;
            }
            update.apply(net, means);
            long t4 = System.nanoTime();
            computeNanos += (t1 - t0) + (t4 - t3);
            copyNanos += t2 - t1;
            lossSum += (double) stepLoss * stepRows;
            rows += stepRows;
            if (rank == 0 && plan.checkpointAfter(globalStep + 1)) {
                Checkpoints.write(plan.hadoop().value().value(), plan.checkpointDir(), plan.fingerprint(), net, update,
                        s + 1 < stepsPerEpoch ? epoch : epoch + 1, s + 1 < stepsPerEpoch ? s + 1 : 0, globalStep + 1);
            }
        }
        long loopNanos = System.nanoTime() - loopStart;
        if (rank != 0) {
            return null;
        }
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = net.weights(l);
            b[l] = net.biases(l);
        }
        return new EpochResult(w, b, update.weightVelocity(), update.biasVelocity(), lossSum, rows, first, s - first,
                divergedAt, divergedLoss, computeNanos, copyNanos, ring.totalNanos(), ring.waitNanos(), loopNanos);
    }

    /** Copies {@code g} into {@code flat} from {@code k}; returns the next index. */
    private static int flatten(float[] g, float[] flat, int k) {
        System.arraycopy(g, 0, flat, k, g.length);
        return k + g.length;
    }
}
