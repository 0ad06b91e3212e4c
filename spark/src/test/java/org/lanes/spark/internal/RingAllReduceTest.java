package org.lanes.spark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
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

    /**
     * Runs {@code size} ranks, each holding {@code means[round][rank]} over {@code rows[round][rank]} rows, for two
     * rounds on the same connections; returns each round's result on each rank.
     */
    private static float[][][] run(float[][][] means, long[][] rows) throws Exception {
        int size = means[0].length;
        List<ServerSocket> servers = new ArrayList<>();
        List<InetSocketAddress> peers = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            ServerSocket s = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0), 8).socket();
            servers.add(s);
            peers.add(new InetSocketAddress(LOOPBACK, s.getLocalPort()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(size);
        try {
            List<Future<float[][]>> out = new ArrayList<>();
            for (int r = 0; r < size; r++) {
                int rank = r;
                out.add(pool.submit(() -> {
                    float[][] results = new float[means.length][];
                    try (RingAllReduce ring = RingAllReduce.join(rank, peers, servers.get(rank), 77, 20_000,
                            "rank " + rank)) {
                        for (int round = 0; round < means.length; round++) {
                            float[] g = means[round][rank];
                            long total = 0;
                            for (long n : rows[round]) {
                                total += n;
                            }
                            results[round] = new float[g.length];
                            ring.mean(g, rows[round][rank], total, results[round]);
                        }
                    }
                    return results;
                }));
            }
            float[][][] results = new float[means.length][size][];
            for (int r = 0; r < size; r++) {
                float[][] mine = out.get(r).get();
                for (int round = 0; round < means.length; round++) {
                    results[round][r] = mine[round];
                }
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
    void everyRankGetsBitwiseTheSameMeanSummedInTheRingOrder() throws Exception {
        Random random = new Random(3);
        for (int size : new int[] {1, 2, 3, 5}) {
            for (int length : new int[] {1, 2, 4, 17, 1000, 20_000, 100_003}) {
                float[][][] means = new float[2][size][length];
                long[][] rows = new long[2][size];
                for (int round = 0; round < 2; round++) {
                    for (int r = 0; r < size; r++) {
                        rows[round][r] = round == 1 && r == size - 1 ? 0 : 1 + random.nextInt(300);
                        for (int i = 0; i < length; i++) {
                            means[round][r][i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4));
                        }
                    }
                }
                float[][][] results = run(means, rows);
                for (int round = 0; round < 2; round++) {
                    long total = 0;
                    for (long n : rows[round]) {
                        total += n;
                    }
                    if (total == 0) {
                        continue;
                    }
                    float[] expected = new float[length];
                    for (int i = 0; i < length; i++) {
                        int chunk = 0;
                        while ((long) (chunk + 1) * length / size <= i) {
                            chunk++;
                        }
                        double sum = (double) means[round][chunk][i] * rows[round][chunk];
                        for (int j = 1; j < size; j++) {
                            int p = (chunk + j) % size;
                            sum = sum + (double) means[round][p][i] * rows[round][p];
                        }
                        expected[i] = (float) (sum / total);
                        // Against the exact weighted mean: within a float rounding of the sum's magnitude.
                        BigDecimal exact = BigDecimal.ZERO;
                        double magnitude = 0;
                        for (int p = 0; p < size; p++) {
                            BigDecimal rowsOfP = BigDecimal.valueOf(rows[round][p]);
                            exact = exact.add(new BigDecimal(means[round][p][i]).multiply(rowsOfP));
                            magnitude += Math.abs((double) means[round][p][i]) * rows[round][p];
                        }
                        double mean = exact.doubleValue() / total;
                        assertEquals(mean, expected[i], Math.ulp((float) (magnitude / total)) + 1e-300,
                                "element " + i);
                    }
                    for (int r = 0; r < size; r++) {
                        assertArrayEquals(expected, results[round][r], "round " + round + ", rank " + r + " of "
                                + size + ", length " + length);
                    }
                }
            }
        }
    }

    @Test
    void aPeerThatNeverJoinsEndsInATimeoutNamingTheWaitingRank() throws Exception {
        try (ServerSocket mine = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0), 8).socket();
                ServerSocket silent = new ServerSocket(0, 8, LOOPBACK)) {
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
