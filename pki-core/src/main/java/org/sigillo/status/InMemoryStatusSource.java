package org.sigillo.status;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link StatusSource} held in memory: the live view the engine keeps up to date from its
 * store, and a simple source for tests and benchmarks. Thread-safe; reads take no lock.
 */
public final class InMemoryStatusSource implements StatusSource {
    private final Map<Key, CertStatus> statuses = new ConcurrentHashMap<>();
    private final List<StatusListener> listeners = new CopyOnWriteArrayList<>();

    private record Key(ByteBuffer issuer, BigInteger serial) {
        static Key of(byte[] issuer, BigInteger serial) {
            return new Key(ByteBuffer.wrap(issuer.clone()), serial);
        }
    }

    @Override
    public CertStatus status(byte[] issuerKeyId, BigInteger serial) {
        CertStatus s = statuses.get(new Key(ByteBuffer.wrap(issuerKeyId), serial));
        return s == null ? CertStatus.UNKNOWN : s;
    }

    /** Sets the status of a certificate (issued: {@link CertStatus#GOOD}) and tells the listeners. */
    public void put(byte[] issuerKeyId, BigInteger serial, CertStatus status) {
        if (status instanceof CertStatus.Unknown) {
            throw new IllegalArgumentException("a known certificate cannot be set to unknown");
        }
        statuses.put(Key.of(issuerKeyId, serial), status);
        for (StatusListener l : listeners) {
            l.changed(issuerKeyId, serial);
        }
    }

    @Override
    public void addListener(StatusListener listener) {
        listeners.add(listener);
    }
}
