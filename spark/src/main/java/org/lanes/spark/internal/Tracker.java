package org.lanes.spark.internal;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;

/**
 * The driver's meeting point for the tasks of a synchronous fit's barrier stages (as XGBoost's tracker is for its
 * workers). Each task connects, registers its rank, the address of its ring socket and a note, under a group (one
 * per epoch and stage attempt); when all {@code size} tasks of a group have registered, every one of them receives
 * the whole list in rank order. Only connections that present the fit's token are heard.
 *
 * <p>Why not {@code BarrierTaskContext.allGather}: Spark's barrier calls poll their reply once a second
 * ({@code Thread.sleep(1000)} in {@code BarrierTaskContext.runBarrier}), so a rendezvous through them costs about a
 * second per stage, measured 1.0–1.1 s here, against a few milliseconds through this socket.
 */
public final class Tracker implements Closeable {
    static final int MAGIC = 0x4C54524B; // "LTRK"

    private final ServerSocket server;
    private final long token;
    private final int size;
    private final Map<Long, Group> groups = new HashMap<>();
    private final Thread acceptor;

    private static final class Group {
        final Socket[] sockets;
        final String[] posts;
        int count;

        Group(int size) {
            sockets = new Socket[size];
            posts = new String[size];
        }
    }

    private Tracker(ServerSocket server, long token, int size) {
        this.server = server;
        this.token = token;
        this.size = size;
        this.acceptor = new Thread(this::serve, "lanes-tracker");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a tracker for groups of {@code size} tasks on {@code host} (the driver's address for executors). */
    public static Tracker start(String host, long token, int size) throws IOException {
        return new Tracker(new ServerSocket(0, 64, InetAddress.getByName(host)), token, size);
    }

    /** The address tasks connect to: {@code host:port}. */
    public String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                if (in.readInt() != MAGIC || in.readLong() != token) {
                    s.close();
                    continue;
                }
                long group = in.readLong();
                int rank = in.readInt();
                String post = in.readUTF();
                if (rank < 0 || rank >= size) {
                    s.close();
                    continue;
                }
                register(group, rank, post, s);
            } catch (IOException e) {
                RingAllReduce.closeQuietly(s);
            }
        }
    }

    private synchronized void register(long key, int rank, String post, Socket s) {
        Group g = groups.computeIfAbsent(key, k -> new Group(size));
        if (g.sockets[rank] != null) {
            RingAllReduce.closeQuietly(g.sockets[rank]); // a retried task of the same attempt replaces its stale post
        } else {
            g.count++;
        }
        g.sockets[rank] = s;
        g.posts[rank] = post;
        if (g.count < size) {
            return;
        }
        groups.remove(key);
        for (Socket peer : g.sockets) {
            try {
                DataOutputStream out = new DataOutputStream(peer.getOutputStream());
                out.writeInt(size);
                for (String p : g.posts) {
                    out.writeUTF(p);
                }
                out.flush();
            } catch (IOException e) {
                // that task is gone; the others go on and fail on the ring, naming it
            } finally {
                RingAllReduce.closeQuietly(peer);
            }
        }
    }

    @Override
    public synchronized void close() {
        RingAllReduce.closeQuietly(server);
        for (Group g : groups.values()) {
            for (Socket s : g.sockets) {
                RingAllReduce.closeQuietly(s);
            }
        }
    }
}
