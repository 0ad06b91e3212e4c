package org.lanes.spark.internal;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lanes.spark.CollectiveTimeoutException;

/**
 * A ring all-reduce over TCP among the {@code size} tasks of one training stage: rank {@code r} sends to rank
 * {@code r+1} and receives from rank {@code r-1} (mod size), one connection each way.
 *
 * <p>{@link #mean} runs a reduce-scatter then an all-gather over {@code size} contiguous chunks of the vector. The
 * sums are in double precision. <b>Summation order:</b> chunk {@code c}'s sum starts with rank {@code c}'s values and
 * adds the ranks {@code c+1, c+2, ..., c-1} (mod size) one at a time, as {@code partial + own}; the rank holding the
 * whole sum rounds the chunk's means to float once, and the all-gather copies them to every rank. So every rank ends
 * with bitwise the same vector, and the same inputs always give the same result, whatever the timing.
 *
 * <p>Every wait (accepting the previous rank, reading a chunk, finishing a send) is bounded by the timeout; when it
 * passes, a {@link CollectiveTimeoutException} names the waiting task and the peer it waited for.
 */
public final class RingAllReduce implements Closeable {
    private static final int MAGIC = 0x4C52494E; // "LRIN"
    /** Messages up to this size are written by the calling thread: well under a TCP receive buffer. */
    private static final int INLINE_BYTES = 32 * 1024;

    private final int rank;
    private final int size;
    private final long timeoutMs;
    private final String who;
    private final Socket toNext;
    private final Socket fromPrev;
    private final OutputStream out;
    private final InputStream in;
    private final ExecutorService sender;
    private byte[] sendBytes = new byte[0];
    private byte[] recvBytes = new byte[0];
    private long waitNanos;
    private long totalNanos;

    private RingAllReduce(int rank, int size, long timeoutMs, String who, Socket toNext, Socket fromPrev)
            throws IOException {
        this.rank = rank;
        this.size = size;
        this.timeoutMs = timeoutMs;
        this.who = who;
        this.toNext = toNext;
        this.fromPrev = fromPrev;
        this.out = toNext == null ? null : toNext.getOutputStream();
        this.in = fromPrev == null ? null : fromPrev.getInputStream();
        this.sender = size == 1 ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lanes-ring-send-" + rank);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins the ring: connects to the next rank's address and accepts the previous rank on {@code server} (already
     * listening, its address posted in the rendezvous). {@code token} identifies the training stage: a connection
     * carrying another token or rank is refused, so two fits never mix their messages.
     */
    public static RingAllReduce join(int rank, List<InetSocketAddress> peers, ServerSocket server, long token,
            long timeoutMs, String who) throws IOException {
        int size = peers.size();
        if (size == 1) {
            return new RingAllReduce(rank, 1, timeoutMs, who, null, null);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int next = (rank + 1) % size;
        int prev = (rank + size - 1) % size;
        Socket toNext = connect(peers.get(next), deadline, who, next);
        Socket fromPrev = null;
        try {
            DataOutputStream hello = new DataOutputStream(toNext.getOutputStream());
            hello.writeInt(MAGIC);
            hello.writeLong(token);
            hello.writeInt(rank);
            hello.flush();
            fromPrev = accept(server, deadline, who, prev, token);
            fromPrev.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs));
            return new RingAllReduce(rank, size, timeoutMs, who, toNext, fromPrev);
        } catch (IOException | RuntimeException e) {
            closeQuietly(toNext);
            closeQuietly(fromPrev);
            throw e;
        }
    }

    private static Socket connect(InetSocketAddress address, long deadline, String who, int peer)
            throws IOException {
        while (true) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                int left = remainingMs(deadline);
                if (left <= 0) {
                    throw timeout(who, "to connect to partition " + peer + " at " + address, null);
                }
                s.connect(address, left);
                return s;
            } catch (SocketTimeoutException e) {
                closeQuietly(s);
                throw timeout(who, "to connect to partition " + peer + " at " + address, e);
            } catch (ConnectException e) {
                closeQuietly(s);
                if (remainingMs(deadline) <= 0) {
                    throw timeout(who, "to connect to partition " + peer + " at " + address, e);
                }
                sleep(50);
            }
        }
    }

    private static Socket accept(ServerSocket server, long deadline, String who, int prev, long token)
            throws IOException {
        while (true) {
            int left = remainingMs(deadline);
            if (left <= 0) {
                throw timeout(who, "for partition " + prev + " to connect", null);
            }
            server.setSoTimeout(left);
            Socket s;
            try {
                s = server.accept();
            } catch (SocketTimeoutException e) {
                throw timeout(who, "for partition " + prev + " to connect", e);
            }
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout(Math.max(1, remainingMs(deadline)));
                DataInputStream hello = new DataInputStream(s.getInputStream());
                if (hello.readInt() == MAGIC && hello.readLong() == token && hello.readInt() == prev) {
                    return s;
                }
            } catch (SocketTimeoutException e) {
                closeQuietly(s);
                throw timeout(who, "for partition " + prev + " to introduce itself", e);
            } catch (IOException e) {
                // not a peer of this stage: drop it and keep waiting
            }
            closeQuietly(s);
        }
    }

    /**
     * The row-weighted mean of the ranks' vectors: on return, on every rank, {@code out[i] = float(S_i / totalRows)}
     * with {@code S_i} the double sum over the ranks of their {@code v[i]}, in the order the class comment fixes.
     * Each rank's {@code v[i]} must be a float times {@code ownRows} (its mean times its rows), so that it travels as
     * that float on the first hop and is rebuilt exactly; partial sums travel as doubles, the means as floats. The
     * caller's {@code v} is overwritten.
     */
    public void mean(double[] v, long ownRows, long totalRows, float[] out) throws IOException {
        long start = System.nanoTime();
        double total = totalRows;
        if (size == 1) {
            for (int i = 0; i < v.length; i++) {
                out[i] = (float) (v[i] / total);
            }
            totalNanos += System.nanoTime() - start;
            return;
        }
        int chunkMax = (v.length + size - 1) / size + 1;
        if (sendBytes.length < 8 + chunkMax * 8) {
            sendBytes = new byte[8 + chunkMax * 8];
            recvBytes = new byte[8 + chunkMax * 8];
        }
        for (int k = 0; k < size - 1; k++) {
            exchange(v, out, mod(rank - k), mod(rank - k - 1), k == 0 ? Hop.OWN : Hop.PARTIAL, ownRows);
        }
        int owned = mod(rank + 1);
        for (int i = bound(v.length, owned); i < bound(v.length, owned + 1); i++) {
            out[i] = (float) (v[i] / total);
        }
        for (int k = 0; k < size - 1; k++) {
            exchange(v, out, mod(rank + 1 - k), mod(rank - k), Hop.MEAN, ownRows);
        }
        totalNanos += System.nanoTime() - start;
    }

    /**
     * What one message carries: a rank's own values (its row count, then each value divided by it, a float), a
     * partial sum (doubles, added to the receiver's own values), or final means (floats, copied).
     */
    private enum Hop {
        OWN, PARTIAL, MEAN
    }

    /** Sends chunk {@code send} to the next rank while receiving chunk {@code receive} from the previous one. */
    private void exchange(double[] v, float[] out, int send, int receive, Hop hop, long ownRows) throws IOException {
        int sFrom = bound(v.length, send);
        int sLen = bound(v.length, send + 1) - sFrom;
        int rFrom = bound(v.length, receive);
        int rLen = bound(v.length, receive + 1) - rFrom;
        int sBytes = bytes(hop, sLen);
        int rBytes = bytes(hop, rLen);
        Future<?> sent;
        if (sBytes <= INLINE_BYTES) {
            // Fits in the peer's receive buffer: the write returns without the peer reading, so no deadlock, and
            // no hand-off to the sender thread (which costs more than a small message on a loaded machine).
            encode(v, out, sFrom, sLen, hop, ownRows);
            out().write(sendBytes, 0, sBytes);
            out().flush();
            sent = null;
        } else {
            sent = sender.submit(() -> {
                encode(v, out, sFrom, sLen, hop, ownRows);
                out().write(sendBytes, 0, sBytes);
                out().flush();
                return null;
            });
        }
        int prev = mod(rank - 1);
        try {
            long waitStart = System.nanoTime();
            int got = 0;
            while (got < rBytes) {
                int n = in.read(recvBytes, got, rBytes - got);
                if (n < 0) {
                    throw new IOException(who + ": partition " + prev + " closed its connection in the all-reduce");
                }
                if (got == 0) {
                    waitNanos += System.nanoTime() - waitStart;
                }
                got += n;
            }
        } catch (SocketTimeoutException e) {
            if (sent != null) {
                sent.cancel(true);
            }
            throw timeout(who, "for partition " + prev + "'s chunk in the all-reduce", e);
        }
        decode(v, out, rFrom, rLen, hop);
        if (sent == null) {
            return;
        }
        try {
            sent.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw timeout(who, "to hand a chunk to partition " + mod(rank + 1) + " in the all-reduce", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(who + ": interrupted in the all-reduce", e);
        }
    }

    private OutputStream out() {
        return out;
    }

    private static int bytes(Hop hop, int n) {
        return switch (hop) {
            case OWN -> 8 + 4 * n;
            case PARTIAL -> 8 * n;
            case MEAN -> 4 * n;
        };
    }

    private void encode(double[] v, float[] out, int from, int n, Hop hop, long ownRows) {
        ByteBuffer b = ByteBuffer.wrap(sendBytes, 0, bytes(hop, n));
        switch (hop) {
            case OWN -> {
                // v[i] = g * ownRows exactly, so v[i] / ownRows is g exactly, a float.
                b.putLong(ownRows);
                double rows = ownRows;
                java.nio.FloatBuffer f = b.asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    f.put(i, ownRows == 0 ? 0f : (float) (v[from + i] / rows));
                }
            }
            case PARTIAL -> b.asDoubleBuffer().put(v, from, n);
            case MEAN -> b.asFloatBuffer().put(out, from, n);
        }
    }

    private void decode(double[] v, float[] out, int from, int n, Hop hop) {
        ByteBuffer b = ByteBuffer.wrap(recvBytes, 0, bytes(hop, n));
        switch (hop) {
            case OWN -> {
                double rows = b.getLong();
                java.nio.FloatBuffer f = b.asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    v[from + i] = (double) f.get(i) * rows + v[from + i];
                }
            }
            case PARTIAL -> {
                java.nio.DoubleBuffer d = b.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    v[from + i] = d.get(i) + v[from + i];
                }
            }
            case MEAN -> b.asFloatBuffer().get(out, from, n);
        }
    }

    /** Where chunk {@code c} of a vector of {@code n} elements starts. */
    private int bound(int n, int c) {
        return (int) ((long) c * n / size);
    }

    private int mod(int r) {
        return ((r % size) + size) % size;
    }

    /** Nanoseconds spent in {@link #mean} so far. */
    public long totalNanos() {
        return totalNanos;
    }

    /** Of {@link #totalNanos}, the time spent waiting for a chunk's first bytes (the peer not ready yet). */
    public long waitNanos() {
        return waitNanos;
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
        closeQuietly(toNext);
        closeQuietly(fromPrev);
    }

    static CollectiveTimeoutException timeout(String who, String what, Throwable cause) {
        return new CollectiveTimeoutException(who + " waited more than the collective timeout " + what, cause);
    }

    private static int remainingMs(long deadline) {
        return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing after a failure: the first error is the one reported
            }
        }
    }
}
