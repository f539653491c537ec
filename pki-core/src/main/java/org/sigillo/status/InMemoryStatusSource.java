package org.sigillo.status;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link StatusSource} held in memory: the live view the engine keeps up to date from its
 * store, and a simple source for tests and benchmarks. Thread-safe; reads take no lock and
 * allocate nothing: entries are found by serial (random 127-bit serials almost never repeat
 * across CAs) and then matched on the issuer key identifier, with a short chain for the rare
 * serial two CAs share.
 */
public final class InMemoryStatusSource implements StatusSource {
    private final Map<BigInteger, Entry> statuses = new ConcurrentHashMap<>();
    private final List<StatusListener> listeners = new CopyOnWriteArrayList<>();

    /** One issuer's status for a serial; {@code next} holds other issuers' entries for the same serial. */
    private record Entry(byte[] issuer, CertStatus status, Entry next) {
    }

    @Override
    public CertStatus status(byte[] issuerKeyId, BigInteger serial) {
        for (Entry e = statuses.get(serial); e != null; e = e.next()) {
            if (Arrays.equals(e.issuer(), issuerKeyId)) {
                return e.status();
            }
        }
        return CertStatus.UNKNOWN;
    }

    /** Sets the status of a certificate (issued: {@link CertStatus#GOOD}) and tells the listeners. */
    public void put(byte[] issuerKeyId, BigInteger serial, CertStatus status) {
        if (status instanceof CertStatus.Unknown) {
            throw new IllegalArgumentException("a known certificate cannot be set to unknown");
        }
        byte[] issuer = issuerKeyId.clone();
        statuses.compute(serial, (k, head) -> {
            Entry rest = null;
            for (Entry e = head; e != null; e = e.next()) {
                if (!Arrays.equals(e.issuer(), issuer)) {
                    rest = new Entry(e.issuer(), e.status(), rest);
                }
            }
            return new Entry(issuer, status, rest);
        });
        for (StatusListener l : listeners) {
            l.changed(issuerKeyId, serial);
        }
    }

    @Override
    public void addListener(StatusListener listener) {
        listeners.add(listener);
    }
}
