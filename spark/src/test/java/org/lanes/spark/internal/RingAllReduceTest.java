package org.lanes.spark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.lanes.spark.CollectiveTimeoutException;

/** The ring all-reduce on its own: ranks as threads of this JVM over loopback TCP. */
class RingAllReduceTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Runs {@code size} ranks summing {@code inputs[rank]}; returns each rank's result. */
    private static double[][] run(double[][] inputs) throws Exception {
        int size = inputs.length;
        List<ServerSocket> servers = new ArrayList<>();
        List<InetSocketAddress> peers = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            ServerSocket s = new ServerSocket(0, 8, LOOPBACK);
            servers.add(s);
            peers.add(new InetSocketAddress(LOOPBACK, s.getLocalPort()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(size);
        try {
            List<Future<double[]>> out = new ArrayList<>();
            for (int r = 0; r < size; r++) {
                int rank = r;
                out.add(pool.submit(() -> {
                    double[] v = inputs[rank].clone();
                    try (RingAllReduce ring = RingAllReduce.join(rank, peers, servers.get(rank), 77, 20_000,
                            "rank " + rank)) {
                        ring.sum(v);
                        ring.sum(v); // a second round on the same connections: the sum of the sums
                    }
                    return v;
                }));
            }
            double[][] results = new double[size][];
            for (int r = 0; r < size; r++) {
                results[r] = out.get(r).get();
            }
            return results;
        } finally {
            pool.shutdownNow();
            for (ServerSocket s : servers) {
                s.close();
            }
        }
    }

    @Test
    void everyRankGetsBitwiseTheSameSumInTheRingOrder() throws Exception {
        Random random = new Random(3);
        for (int size : new int[] {1, 2, 3, 5}) {
            for (int length : new int[] {1, 2, 4, 17, 1000}) {
                double[][] inputs = new double[size][length];
                for (double[] v : inputs) {
                    for (int i = 0; i < length; i++) {
                        v[i] = random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
                    }
                }
                double[][] results = run(inputs);
                double[] expected = new double[length];
                for (int i = 0; i < length; i++) {
                    int chunk = 0;
                    while ((long) (chunk + 1) * length / size <= i) {
                        chunk++;
                    }
                    double once = inputs[chunk][i];
                    for (int j = 1; j < size; j++) {
                        once = once + inputs[(chunk + j) % size][i];
                    }
                    // The second round sums size copies of the first round's result in the same order.
                    double twice = once;
                    for (int j = 1; j < size; j++) {
                        twice = twice + once;
                    }
                    expected[i] = twice;
                    BigDecimal exact = BigDecimal.ZERO;
                    for (double[] v : inputs) {
                        exact = exact.add(new BigDecimal(v[i]));
                    }
                    double magnitude = 0;
                    for (double[] v : inputs) {
                        magnitude += Math.abs(v[i]);
                    }
                    assertEquals(exact.doubleValue(), once, 4 * size * Math.ulp(magnitude), "element " + i);
                }
                for (int r = 0; r < size; r++) {
                    assertArrayEquals(expected, results[r], "rank " + r + " of " + size + ", length " + length);
                }
            }
        }
    }

    @Test
    void aPeerThatNeverJoinsEndsInATimeoutNamingTheWaitingRank() throws Exception {
        try (ServerSocket mine = new ServerSocket(0, 8, LOOPBACK); ServerSocket silent = new ServerSocket(0, 8, LOOPBACK)) {
            List<InetSocketAddress> peers = List.of(new InetSocketAddress(LOOPBACK, mine.getLocalPort()),
                    new InetSocketAddress(LOOPBACK, silent.getLocalPort()));
            long start = System.nanoTime();
            CollectiveTimeoutException e = assertThrows(CollectiveTimeoutException.class,
                    () -> RingAllReduce.join(0, peers, mine, 5, 500, "the task of partition 0"));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(e.getMessage().startsWith("the task of partition 0 waited more than the collective timeout"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("partition 1"), e.getMessage());
            assertTrue(seconds >= 0.45 && seconds < 30, seconds + " s");
        }
    }
}
