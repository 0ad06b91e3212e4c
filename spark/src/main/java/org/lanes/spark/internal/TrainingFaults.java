package org.lanes.spark.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults injected into the synchronous barrier stage, for tests of its failure handling: a task that throws at a
 * given global step, or a task that reaches the rendezvous late. Each fault fires a given number of times, then
 * disarms; the count of retried stages that resumed from a checkpoint is kept for the tests to read. Faults live in
 * one JVM's static state, so they reach tasks running in the JVM that set them (local mode);
 * nothing sets them outside tests.
 */
public final class TrainingFaults {
    private static volatile int failPartition = -1;
    private static volatile long failGlobalStep = -1;
    private static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    private static volatile int latePartition = -1;
    private static volatile long lateMs;
    private static final AtomicInteger LATE_LEFT = new AtomicInteger();
    private static final AtomicInteger RESUMES = new AtomicInteger();

    private TrainingFaults() {
    }

    /** The task of {@code partition} throws before global step {@code globalStep} (0-based over the fit), {@code times} times. */
    public static void failAt(int partition, long globalStep, int times) {
        failPartition = partition;
        failGlobalStep = globalStep;
        FAILURES_LEFT.set(times);
    }

    /** The task of {@code partition} sleeps {@code ms} before the rendezvous, {@code times} times. */
    public static void lateToRendezvous(int partition, long ms, int times) {
        latePartition = partition;
        lateMs = ms;
        LATE_LEFT.set(times);
    }

    /** How many times partition 0 of a retried stage resumed from a checkpoint in this JVM. */
    public static int resumes() {
        return RESUMES.get();
    }

    public static void clear() {
        RESUMES.set(0);
        FAILURES_LEFT.set(0);
        LATE_LEFT.set(0);
        failPartition = -1;
        latePartition = -1;
    }

    static void beforeStep(int partition, long globalStep) {
        if (partition == failPartition && globalStep == failGlobalStep && FAILURES_LEFT.getAndDecrement() > 0) {
            throw new IllegalStateException("injected failure of partition " + partition + " at global step "
                    + globalStep);
        }
    }

    static void resumed(int partition) {
        if (partition == 0) {
            RESUMES.incrementAndGet();
        }
    }

    static void beforeRendezvous(int partition) throws InterruptedException {
        if (partition == latePartition && LATE_LEFT.getAndDecrement() > 0) {
            Thread.sleep(lateMs);
        }
    }
}
