package org.lanes.spark.internal;

import org.apache.spark.SparkEnv;
import org.lanes.Lanes;

/**
 * How many threads Lanes' kernels use inside an executor: {@code spark.task.cpus} (the cores Spark reserved for one
 * task) unless the {@code threadsPerTask} param names another count. Lanes' pool is one per JVM, so it is resized
 * once, before the first training task of the executor computes anything; in local mode the driver's JVM is also
 * the executor and keeps its own setting ({@code -Dlanes.threads}), since resizing would change every other user of
 * the library in that JVM.
 */
public final class TaskThreads {
    private static final Object LOCK = new Object();

    private TaskThreads() {
    }

    /** Sizes this executor's Lanes pool for tasks of {@code taskCpus} cores; {@code requested} > 0 overrides. */
    public static void apply(int requested, int taskCpus) {
        SparkEnv env = SparkEnv.get();
        if (env == null || "driver".equals(env.executorId())) {
            return;
        }
        int wanted = requested > 0 ? requested : Math.max(1, taskCpus);
        synchronized (LOCK) {
            if (Lanes.threads() != wanted) {
                Lanes.setThreads(wanted);
            }
        }
    }
}
