package org.lanes.spark.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's side of the meeting at the driver's {@link Tracker}: it posts {@code host:port|note} (its ring socket and
 * a note) and receives every task's post, in rank order. The wait is bounded by the fit's collective timeout; when
 * a peer never comes, the error names the waiting task.
 */
public final class Rendezvous {
    private final List<InetSocketAddress> peers;
    private final List<String> notes;

    private Rendezvous(List<InetSocketAddress> peers, List<String> notes) {
        this.peers = peers;
        this.notes = notes;
    }

    /** Registers with the tracker at {@code tracker} ({@code host:port}) and waits for the group to be complete. */
    public static Rendezvous meet(String tracker, long token, long group, int rank, String host, int port, String note,
            long timeoutMs, String who) throws IOException {
        int colon = tracker.lastIndexOf(':');
        InetSocketAddress at = new InetSocketAddress(tracker.substring(0, colon),
                Integer.parseInt(tracker.substring(colon + 1)));
        int timeout = (int) Math.min(Integer.MAX_VALUE, timeoutMs);
        try (Socket s = new Socket()) {
            try {
                s.connect(at, timeout);
            } catch (SocketTimeoutException e) {
                throw RingAllReduce.timeout(who, "to reach the driver's tracker at " + tracker, e);
            }
            s.setSoTimeout(timeout);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(Tracker.MAGIC);
            out.writeLong(token);
            out.writeLong(group);
            out.writeInt(rank);
            out.writeUTF(host + ":" + port + "|" + note);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int size;
            try {
                size = in.readInt();
            } catch (SocketTimeoutException e) {
                throw RingAllReduce.timeout(who, "for every task of the stage to reach the rendezvous", e);
            }
            List<InetSocketAddress> peers = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String p = in.readUTF();
                int bar = p.indexOf('|');
                String address = p.substring(0, bar);
                int c = address.lastIndexOf(':');
                peers.add(new InetSocketAddress(address.substring(0, c), Integer.parseInt(address.substring(c + 1))));
                notes.add(p.substring(bar + 1));
            }
            return new Rendezvous(peers, notes);
        }
    }

    public List<InetSocketAddress> peers() {
        return peers;
    }

    /** Task {@code rank}'s note. */
    public String note(int rank) {
        return notes.get(rank);
    }
}
