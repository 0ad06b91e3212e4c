package org.lanes.spark.internal;

import org.apache.spark.ml.util.Identifiable;

/**
 * Hands a Spark ML stage its uid while its superclass constructor runs. Spark's Scala stages set {@code uid} before
 * their parents' constructors create the inherited params (which read it); a Java subclass cannot, so its
 * constructor passes the uid here first and its {@code uid()} takes it on the first call.
 */
public final class PendingUid {
    private static final ThreadLocal<String> NEXT = new ThreadLocal<>();

    private PendingUid() {
    }

    /** Remembers {@code uid} for the stage about to be constructed on this thread; returns it. */
    public static String pass(String uid) {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("uid must not be empty");
        }
        NEXT.set(uid);
        return uid;
    }

    /** The uid passed on this thread (then forgotten), or a new random one with {@code prefix}. */
    public static String take(String prefix) {
        String uid = NEXT.get();
        NEXT.remove();
        return uid != null ? uid : Identifiable.randomUID(prefix);
    }
}
