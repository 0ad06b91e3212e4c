package org.lanes.spark.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Faults injected into the synchronous barrier stage, for tests of its failure handling. A test arms a fault with
 * a local property of its thread's jobs ({@link SparkContext#setLocalProperty}); Spark hands local properties to
 * every task of those jobs, in whatever executor JVM it runs, so the faults reach other processes and no other fit.
 * <ul>
 *   <li>{@code fail}: the task of a partition throws before a global step, in the stage attempts below a count;</li>
 *   <li>{@code crash}: the executor running a partition's task halts (exit code 17) before a global step, in the
 *   first stage attempt only; never the driver's JVM;</li>
 *   <li>{@code late}: the task of a partition reaches the rendezvous late, in every stage attempt.</li>
 * </ul>
 * The count of retried stages that resumed from a checkpoint in this JVM is kept for local-mode tests to read.
 */
public final class TrainingFaults {
    private static final String FAIL = "lanes.faults.fail";
    private static final String CRASH = "lanes.faults.crash";
    private static final String LATE = "lanes.faults.late";
    private static final AtomicInteger RESUMES = new AtomicInteger();

    private TrainingFaults() {
    }

    /**
     * The task of {@code partition} throws before global step {@code globalStep} (0-based over the fit), in the
     * stage attempts below {@code attempts}.
     */
    public static void failAt(SparkContext sc, int partition, long globalStep, int attempts) {
        sc.setLocalProperty(FAIL, partition + ":" + globalStep + ":" + attempts);
    }

    /** The executor running {@code partition} halts before global step {@code globalStep}, in stage attempt 0. */
    public static void crashAt(SparkContext sc, int partition, long globalStep) {
        sc.setLocalProperty(CRASH, partition + ":" + globalStep);
    }

    /** The task of {@code partition} sleeps {@code ms} before the rendezvous, in every stage attempt. */
    public static void lateToRendezvous(SparkContext sc, int partition, long ms) {
        sc.setLocalProperty(LATE, partition + ":" + ms);
    }

    /** Disarms this thread's faults and zeroes the resume count. */
    public static void clear(SparkContext sc) {
        sc.setLocalProperty(FAIL, null);
        sc.setLocalProperty(CRASH, null);
        sc.setLocalProperty(LATE, null);
        RESUMES.set(0);
    }

    /** How many times partition 0 of a retried stage resumed from a checkpoint in this JVM. */
    public static int resumes() {
        return RESUMES.get();
    }

    static void resumed(int partition) {
        if (partition == 0) {
            RESUMES.incrementAndGet();
        }
    }

    static void beforeStep(TaskContext ctx, int partition, long globalStep) {
        long[] fail = parse(ctx.getLocalProperty(FAIL));
        if (fail != null && fail[0] == partition && fail[1] == globalStep && ctx.stageAttemptNumber() < fail[2]) {
            throw new IllegalStateException("injected failure of partition " + partition + " at global step "
                    + globalStep);
        }
        long[] crash = parse(ctx.getLocalProperty(CRASH));
        if (crash != null && crash[0] == partition && crash[1] == globalStep && ctx.stageAttemptNumber() == 0
                && !"driver".equals(SparkEnv.get().executorId())) {
            Runtime.getRuntime().halt(17);
        }
    }

    static void beforeRendezvous(TaskContext ctx, int partition) throws InterruptedException {
        long[] late = parse(ctx.getLocalProperty(LATE));
        if (late != null && late[0] == partition) {
            Thread.sleep(late[1]);
        }
    }

    private static long[] parse(String spec) {
        if (spec == null || spec.isEmpty()) {
            return null;
        }
        String[] parts = spec.split(":");
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Long.parseLong(parts[i]);
        }
        return values;
    }
}
