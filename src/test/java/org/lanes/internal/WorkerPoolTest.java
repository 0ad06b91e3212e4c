package org.lanes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lanes.internal.threads.WorkerPool;

class WorkerPoolTest {
    @AfterEach
    void restore() {
        WorkerPool.resize(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A caller that fetched the pool just before a resize finds it closed and computes on its own thread: its
     * workers have stopped, and a job handed to them would never finish (the caller parked forever).
     */
    @Test
    void aReplacedPoolTakesNoNewJob() {
        WorkerPool.resize(2);
        WorkerPool old = WorkerPool.shared();
        WorkerPool.resize(2);
        assertFalse(old.tryAcquire(), "a replaced pool must refuse new jobs");
        WorkerPool current = WorkerPool.shared();
        assertTrue(current.tryAcquire());
        try {
            AtomicInteger parts = new AtomicInteger();
            current.runAcquired((part, count) -> parts.incrementAndGet(), 2);
            assertEquals(2, parts.get());
        } finally {
            current.release();
        }
    }
}
