package org.lanes.spark.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Times {@link RingAllReduce#mean} on its own: {@code size} ranks as threads of this JVM over loopback, each call
 * reducing a vector of {@code length} floats, {@code calls} calls; prints rank 0's median, 10th and 90th
 * percentile per call over the last two thirds. Arguments: {@code size length calls} (defaults 2, 407051, 300:
 * two tasks and the 784-512-10 network's gradient with its loss).
 */
public final class RingBench {
    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int length = args.length > 1 ? Integer.parseInt(args[1]) : 407_051;
        int iters = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<ServerSocket> servers = new ArrayList<>();
        List<InetSocketAddress> peers = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            ServerSocket s = java.nio.channels.ServerSocketChannel.open().bind(new InetSocketAddress(lo, 0), 8)
                    .socket();
            servers.add(s);
            peers.add(new InetSocketAddress(lo, s.getLocalPort()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(size);
        List<Future<double[]>> out = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            int rank = r;
            out.add(pool.submit(() -> {
                try (RingAllReduce ring = RingAllReduce.join(rank, peers, servers.get(rank), 1, 60_000, "r" + rank)) {
                    float[] g = new float[length];
                    for (int i = 0; i < length; i++) {
                        g[i] = (float) Math.sin(i + rank);
                    }
                    float[] means = new float[length];
                    double[] times = new double[iters];
                    for (int it = 0; it < iters; it++) {
                        long t0 = System.nanoTime();
                        ring.mean(g, 256, 256L * size, means);
                        times[it] = (System.nanoTime() - t0) / 1e6;
                    }
                    return times;
                }
            }));
        }
        double[] t = out.get(0).get();
        pool.shutdown();
        double[] warm = java.util.Arrays.copyOfRange(t, iters / 3, iters);
        java.util.Arrays.sort(warm);
        System.out.printf("size %d, length %d: median %.3f ms, p10 %.3f, p90 %.3f%n", size, length,
                warm[warm.length / 2], warm[warm.length / 10], warm[warm.length * 9 / 10]);
    }
}
