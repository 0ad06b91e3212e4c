package org.lanes.spark.internal;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.lanes.spark.CollectiveTimeoutException;

/**
 * Whether the cluster can run the synchronous barrier stage, and what its failures mean to a user.
 *
 * <p>Spark runs a barrier stage only when every one of its tasks can start at once, and refuses it under dynamic
 * allocation. It checks the slots itself but, when they are short, retries for minutes
 * ({@code spark.scheduler.barrier.maxConcurrentTasksCheck.*}) before failing; so the trainer checks first, waiting
 * up to the collective timeout for executors to register, and fails at once with the way out.
 */
final class BarrierCheck {
    private BarrierCheck() {
    }

    /** Throws {@link IllegalStateException} unless {@code partitions} tasks can run at once. */
    static void slots(SparkContext sc, int partitions, long timeoutMs) {
        if (!sc.isLocal() && sc.conf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw refused("Spark refuses barrier stages under dynamic allocation (spark.dynamicAllocation.enabled)");
        }
        // Executors of a cluster may still be registering; a local master's slots are all there from the start.
        long deadline = System.nanoTime() + (sc.isLocal() ? 0 : TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        int slots = available(sc);
        while (slots < partitions && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            slots = available(sc);
        }
        if (slots < partitions) {
            throw refused(String.format(Locale.ROOT, "the fit has %d partitions, so its barrier stage needs %d task"
                    + " slots at once, and the cluster has %d", partitions, partitions, slots));
        }
    }

    private static int available(SparkContext sc) {
        return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    }

    private static IllegalStateException refused(String why) {
        return new IllegalStateException("syncTransport 'barrier' cannot run: " + why + ". Set syncTransport to"
                + " 'treeAggregate' (one Spark job per step, no barrier stage), or numWorkers to at most the task"
                + " slots of the cluster");
    }

    /** The error to report for a failed barrier job: a collective timeout or a refusal by Spark, else as it was. */
    static RuntimeException explain(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CollectiveTimeoutException c) {
                return new CollectiveTimeoutException(c.getMessage(), e);
            }
            String name = t.getClass().getSimpleName();
            if (name.startsWith("BarrierJob")) {
                return refused("Spark refused the barrier stage: " + t.getMessage());
            }
        }
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf(CollectiveTimeoutException.class.getName() + ": ");
        if (at >= 0) {
            String rest = message.substring(at + CollectiveTimeoutException.class.getName().length() + 2);
            int end = rest.indexOf('\n');
            return new CollectiveTimeoutException(end < 0 ? rest : rest.substring(0, end), e);
        }
        return e instanceof RuntimeException r ? r : BarrierCheck.<RuntimeException>sneaky(e);
    }

    /** Rethrows a checked exception unchanged (Spark's own, raised by Scala code that declares none). */
    @SuppressWarnings("unchecked")
    private static <T extends Exception> T sneaky(Exception e) throws T {
        throw (T) e;
    }
}
