package org.lanes.spark.internal;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * <p><b>How the bytes move.</b> One call is one stream each way: the {@code 2(size-1)} messages a rank sends follow
 * each other on its connection to the next rank, and those it receives on the one from the previous rank. One
 * thread drives both connections without blocking (no hand-off to another thread): it writes what the socket takes,
 * reads what has arrived, and reduces the elements received so far straight into the next outgoing message, so the
 * next hop's bytes leave while the current hop's are still arriving (the hops overlap element by element, not chunk
 * by chunk). The buffers are direct and in the machine's byte order, filled and read in bulk through float and
 * double views, allocated once for a vector length; a call allocates nothing the size of the vector.
 *
 * <p>Every wait (accepting the previous rank, a message's bytes, finishing a send) is bounded by the timeout; when it
 * passes, a {@link CollectiveTimeoutException} names the waiting task and the peer it waited for.
 */
public final class RingAllReduce implements Closeable {
    private static final int MAGIC = 0x4C52494E; // "LRIN"
    /** Elements reduced per batch: the arrivals are decoded in batches of at most this many. */
    private static final int BATCH = 32768;

    private final int rank;
    private final int size;
    private final long timeoutMs;
    private final String who;
    private final SocketChannel toNext;
    private final SocketChannel fromPrev;
    private final Selector selector;
    private final SelectionKey sendKey;
    private final SelectionKey recvKey;
    private Layout layout;
    private long waitNanos;
    private long totalNanos;

    private RingAllReduce(int rank, int size, long timeoutMs, String who, SocketChannel toNext,
            SocketChannel fromPrev) throws IOException {
        this.rank = rank;
        this.size = size;
        this.timeoutMs = timeoutMs;
        this.who = who;
        this.toNext = toNext;
        this.fromPrev = fromPrev;
        if (size == 1) {
            selector = null;
            sendKey = null;
            recvKey = null;
            return;
        }
        selector = Selector.open();
        try {
            toNext.configureBlocking(false);
            fromPrev.configureBlocking(false);
            sendKey = toNext.register(selector, 0);
            recvKey = fromPrev.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    /**
     * Joins the ring: connects to the next rank's address and accepts the previous rank on {@code server} (already
     * listening, its address posted in the rendezvous; it must be a {@code ServerSocketChannel}'s socket).
     * {@code token} identifies the training stage: a connection carrying another token or rank is refused, so two
     * fits never mix their messages.
     */
    public static RingAllReduce join(int rank, List<InetSocketAddress> peers, ServerSocket server, long token,
            long timeoutMs, String who) throws IOException {
        int size = peers.size();
        if (size == 1) {
            return new RingAllReduce(rank, 1, timeoutMs, who, null, null);
        }
        if (server.getChannel() == null) {
            throw new IllegalArgumentException("the ring's server socket must be a ServerSocketChannel's socket");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int next = (rank + 1) % size;
        int prev = (rank + size - 1) % size;
        SocketChannel toNext = connect(peers.get(next), deadline, who, next);
        SocketChannel fromPrev = null;
        try {
            DataOutputStream hello = new DataOutputStream(toNext.socket().getOutputStream());
            hello.writeInt(MAGIC);
            hello.writeLong(token);
            hello.writeInt(rank);
            hello.flush();
            fromPrev = accept(server, deadline, who, prev, token);
            return new RingAllReduce(rank, size, timeoutMs, who, toNext, fromPrev);
        } catch (IOException | RuntimeException e) {
            closeQuietly(toNext);
            closeQuietly(fromPrev);
            throw e;
        }
    }

    private static SocketChannel connect(InetSocketAddress address, long deadline, String who, int peer)
            throws IOException {
        while (true) {
            SocketChannel s = SocketChannel.open();
            try {
                s.socket().setTcpNoDelay(true);
                int left = remainingMs(deadline);
                if (left <= 0) {
                    throw timeout(who, "to connect to partition " + peer + " at " + address, null);
                }
                s.socket().connect(address, left);
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
            } catch (IOException | RuntimeException e) {
                closeQuietly(s);
                throw e;
            }
        }
    }

    private static SocketChannel accept(ServerSocket server, long deadline, String who, int prev, long token)
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
                    s.setSoTimeout(0);
                    return s.getChannel();
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
     * with {@code S_i} the double sum over the ranks of their {@code own[i] * ownRows} (exact in double), in the
     * order the class comment fixes; a rank with no rows adds 0. {@code own} is the rank's mean over its
     * {@code ownRows} rows; it is not modified, and it may not be {@code out}.
     */
    public void mean(float[] own, long ownRows, long totalRows, float[] out) throws IOException {
        long start = System.nanoTime();
        int n = own.length;
        double total = totalRows;
        if (size == 1 && ownRows == totalRows && ownRows > 0) {
            // own[i] * rows is exact in double, and so is its quotient by the same rows: own[i] itself
            System.arraycopy(own, 0, out, 0, n);
            totalNanos += System.nanoTime() - start;
            return;
        }
        if (size == 1) {
            double rows = ownRows;
            for (int i = 0; i < n; i++) {
                out[i] = (float) ((ownRows == 0 ? 0.0 : own[i] * rows) / total);
            }
            totalNanos += System.nanoTime() - start;
            return;
        }
        if (layout == null || layout.length != n) {
            layout = new Layout(n);
        }
        Layout m = layout;
        ByteBuffer send = m.send;
        ByteBuffer recv = m.recv;
        send.clear();
        recv.clear();
        // Message 0: this rank's own chunk, its row count then its floats (the mean; 0 without rows).
        int first = m.sendChunk[0];
        send.putLong(0, ownRows);
        if (ownRows == 0) {
            for (int i = 0; i < m.len(first); i++) {
                m.sendFloats[0].put(i, 0f);
            }
        } else {
            m.sendFloats[0].put(0, own, m.from(first), m.len(first));
        }
        int produced = m.sendOffset[1];
        int hop = 0; // the message being received
        int decoded = 0; // its elements reduced so far
        long otherRows = 0;
        boolean arrived = false;
        long lastProgress = System.nanoTime();
        int messages = 2 * (size - 1);
        while (hop < messages || send.position() < m.sendEnd) {
            boolean progress = false;
            if (send.position() < produced) {
                send.limit(produced);
                progress = toNext.write(send) > 0;
            }
            if (hop < messages) {
                int got = fromPrev.read(recv);
                if (got < 0) {
                    throw new IOException(who + ": partition " + mod(rank - 1)
                            + " closed its connection in the all-reduce");
                }
                if (got > 0) {
                    progress = true;
                    if (!arrived) {
                        arrived = true;
                        waitNanos += System.nanoTime() - start;
                    }
                }
                // Reduce what has arrived, message by message, into the next outgoing message.
                while (hop < messages) {
                    int body = m.recvOffset[hop] + (hop == 0 ? 8 : 0);
                    int width = m.recvWidth(hop);
                    int ready = Math.min(m.len(m.recvChunk[hop]), Math.max(0, (recv.position() - body) / width));
                    if (hop == 0 && recv.position() >= 8) {
                        otherRows = recv.getLong(0);
                    }
                    if (ready - decoded < BATCH && ready < m.len(m.recvChunk[hop])) {
                        break;
                    }
                    reduce(m, hop, decoded, ready, own, ownRows, otherRows, total, out);
                    decoded = ready;
                    if (hop + 1 < messages) {
                        produced = m.sendOffset[hop + 1] + decoded * m.sendWidth(hop + 1);
                    }
                    if (decoded < m.len(m.recvChunk[hop])) {
                        break;
                    }
                    hop++;
                    decoded = 0;
                    if (hop < messages) {
                        produced = m.sendOffset[hop + 1]; // the next message is whole, with its padding
                    }
                }
            }
            long now = System.nanoTime();
            if (progress) {
                lastProgress = now;
                continue;
            }
            long leftMs = timeoutMs - TimeUnit.NANOSECONDS.toMillis(now - lastProgress);
            if (leftMs <= 0) {
                if (hop < messages) {
                    throw timeout(who, "for partition " + mod(rank - 1) + "'s chunk in the all-reduce", null);
                }
                throw timeout(who, "to hand a chunk to partition " + mod(rank + 1) + " in the all-reduce", null);
            }
            sendKey.interestOps(send.position() < produced ? SelectionKey.OP_WRITE : 0);
            recvKey.interestOps(hop < messages ? SelectionKey.OP_READ : 0);
            selector.select(leftMs);
            selector.selectedKeys().clear();
        }
        totalNanos += System.nanoTime() - start;
    }

    /**
     * Reduces elements {@code [a, b)} of received message {@code hop}: the reduce-scatter's partial sums go to the
     * next message, the owned chunk's sums become means (in {@code out} and the next message), the all-gather's means
     * are copied to {@code out} (and forwarded, but for the last).
     */
    private void reduce(Layout m, int hop, int a, int b, float[] own, long ownRows, long otherRows, double total,
            float[] out) {
        for (int from = a; from < b; from += m.sums.length) {
            reducePiece(m, hop, from, Math.min(b, from + m.sums.length), own, ownRows, otherRows, total, out);
        }
    }

    private void reducePiece(Layout m, int hop, int a, int b, float[] own, long ownRows, long otherRows,
            double total, float[] out) {
        int chunk = m.recvChunk[hop];
        int base = m.from(chunk);
        int count = b - a;
        double[] sums = m.sums;
        if (hop < size - 1) {
            // own contributions, then the received values added as partial + own
            double rows = ownRows;
            if (ownRows == 0) {
                java.util.Arrays.fill(sums, 0, count, 0.0);
            } else {
                for (int i = 0; i < count; i++) {
                    sums[i] = own[base + a + i] * rows;
                }
            }
            if (hop == 0) {
                float[] f = m.floats;
                m.recvFloats[0].get(a, f, 0, count);
                double other = otherRows;
                for (int i = 0; i < count; i++) {
                    sums[i] = f[i] * other + sums[i];
                }
            } else {
                double[] d = m.doubles;
                m.recvDoubles[hop].get(a, d, 0, count);
                for (int i = 0; i < count; i++) {
                    sums[i] = d[i] + sums[i];
                }
            }
            if (hop < size - 2) {
                m.sendDoubles[hop + 1].put(a, sums, 0, count);
            } else {
                for (int i = 0; i < count; i++) {
                    out[base + a + i] = (float) (sums[i] / total);
                }
                m.sendFloats[hop + 1].put(a, out, base + a, count);
            }
        } else {
            m.recvFloats[hop].get(a, out, base + a, count);
            if (hop + 1 < 2 * (size - 1)) {
                m.sendFloats[hop + 1].put(a, out, base + a, count);
            }
        }
    }

    /**
     * Where each message of one call sits in the send and receive streams, for a vector of {@code length} elements,
     * with the buffers and their views. Message {@code k} (0-based) of the reduce-scatter sends chunk
     * {@code rank - k} and receives {@code rank - k - 1}; message {@code size - 1 + k} (the all-gather) sends
     * {@code rank + 1 - k} and receives {@code rank - k} (mod size). Message 0 carries a row count then floats, the
     * reduce-scatter's later messages doubles, the all-gather's floats; each starts at a multiple of 8 bytes.
     */
    private final class Layout {
        final int length;
        final int[] sendChunk;
        final int[] recvChunk;
        final int[] sendOffset;
        final int[] recvOffset;
        final int sendEnd;
        final ByteBuffer send;
        final ByteBuffer recv;
        final FloatBuffer[] sendFloats;
        final FloatBuffer[] recvFloats;
        final DoubleBuffer[] sendDoubles;
        final DoubleBuffer[] recvDoubles;
        final float[] floats;
        final double[] doubles;
        final double[] sums;

        Layout(int length) {
            this.length = length;
            int messages = 2 * (size - 1);
            sendChunk = new int[messages];
            recvChunk = new int[messages];
            for (int k = 0; k < size - 1; k++) {
                sendChunk[k] = mod(rank - k);
                recvChunk[k] = mod(rank - k - 1);
                sendChunk[size - 1 + k] = mod(rank + 1 - k);
                recvChunk[size - 1 + k] = mod(rank - k);
            }
            sendOffset = new int[messages + 1];
            recvOffset = new int[messages + 1];
            for (int k = 0; k < messages; k++) {
                sendOffset[k + 1] = sendOffset[k] + padded(k, len(sendChunk[k]));
                recvOffset[k + 1] = recvOffset[k] + padded(k, len(recvChunk[k]));
            }
            sendEnd = sendOffset[messages];
            send = ByteBuffer.allocateDirect(sendEnd).order(ByteOrder.nativeOrder());
            recv = ByteBuffer.allocateDirect(recvOffset[messages]).order(ByteOrder.nativeOrder());
            sendFloats = new FloatBuffer[messages];
            recvFloats = new FloatBuffer[messages];
            sendDoubles = new DoubleBuffer[messages];
            recvDoubles = new DoubleBuffer[messages];
            for (int k = 0; k < messages; k++) {
                int header = k == 0 ? 8 : 0;
                ByteBuffer s = send.slice(sendOffset[k] + header, sendOffset[k + 1] - sendOffset[k] - header)
                        .order(ByteOrder.nativeOrder());
                ByteBuffer r = recv.slice(recvOffset[k] + header, recvOffset[k + 1] - recvOffset[k] - header)
                        .order(ByteOrder.nativeOrder());
                sendFloats[k] = s.asFloatBuffer();
                recvFloats[k] = r.asFloatBuffer();
                sendDoubles[k] = s.asDoubleBuffer();
                recvDoubles[k] = r.asDoubleBuffer();
            }
            int batch = Math.min(BATCH, length / size + 1);
            floats = new float[batch];
            doubles = new double[batch];
            sums = new double[batch];
        }

        /** Message {@code k}'s bytes for {@code n} elements, rounded up to a multiple of 8. */
        private int padded(int k, int n) {
            int bytes = k == 0 ? 8 + 4 * n : k < size - 1 ? 8 * n : 4 * n;
            return (bytes + 7) & ~7;
        }

        int recvWidth(int k) {
            return k == 0 || k >= size - 1 ? 4 : 8;
        }

        int sendWidth(int k) {
            return recvWidth(k);
        }

        int from(int c) {
            return (int) ((long) c * length / size);
        }

        int len(int c) {
            return from(c + 1) - from(c);
        }
    }

    private int mod(int r) {
        return ((r % size) + size) % size;
    }

    /** Nanoseconds spent in {@link #mean} so far. */
    public long totalNanos() {
        return totalNanos;
    }

    /**
     * Of {@link #totalNanos}, the time from the start of each call to the first bytes of the previous rank's first
     * message: waiting for a peer that is not ready yet (still computing, or descheduled), plus one message latency.
     */
    public long waitNanos() {
        return waitNanos;
    }

    @Override
    public void close() {
        closeQuietly(selector);
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
