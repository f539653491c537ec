package org.sigillo.status;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link StatusSource} held in memory: the live view the engine keeps up to date from its
 * store, and a simple source for tests and benchmarks. Thread-safe; reads take no lock and
 * allocate nothing: entries are found by serial (serials carry 72 random bits and almost never repeat
 * across CAs) and then matched on the issuer key identifier, with a short chain for the rare
 * serial two CAs share.
 *
 * <p>Each (issuer, serial) has one entry for the life of the source, updated in place, and the
 * entry is its own {@link StatusHandle}: a cache that holds it reads the status with one load.
 * An entry asked for by {@link #handle} before its certificate is known reads
 * {@link CertStatus#UNKNOWN} until a {@link #put} makes it known.
 */
public final class InMemoryStatusSource implements StatusSource {
    private final Map<BigInteger, Entry> statuses = new ConcurrentHashMap<>();
    private final List<StatusListener> listeners = new CopyOnWriteArrayList<>();
    /** One copy of each issuer key identifier seen (a handful of CAs), shared by all their entries. */
    private final List<byte[]> issuers = new CopyOnWriteArrayList<>();

    /**
     * One issuer's status for a serial; {@code next} holds other issuers' entries for the same
     * serial. Entries are only ever added in front of a chain, never replaced, so a handle stays
     * the entry every later {@link #put} writes to.
     */
    private static final class Entry implements StatusHandle {
        final byte[] issuer;
        final Entry next;
        volatile CertStatus status;
        /** The version of the last {@link #putIfNewer} (written under the map's lock for the serial). */
        long version = Long.MIN_VALUE;

        Entry(byte[] issuer, CertStatus status, Entry next) {
            this.issuer = issuer;
            this.status = status;
            this.next = next;
        }

        @Override
        public CertStatus current() {
            return status;
        }
    }

    @Override
    public CertStatus status(byte[] issuerKeyId, BigInteger serial) {
        for (Entry e = statuses.get(serial); e != null; e = e.next) {
            if (Arrays.equals(e.issuer, issuerKeyId)) {
                return e.status;
            }
        }
        return CertStatus.UNKNOWN;
    }

    /**
     * The entry of (issuer, serial) itself; one is made, reading {@link CertStatus#UNKNOWN},
     * when the certificate is not known yet. Ask only for certificates whose CA signature was
     * verified, or anyone could fill the source with entries.
     */
    @Override
    public StatusHandle handle(byte[] issuerKeyId, BigInteger serial) {
        return entry(issuerKeyId, serial, null, false, 0);
    }

    /** Sets the status of a certificate (issued: {@link CertStatus#GOOD}) and tells the listeners. */
    public void put(byte[] issuerKeyId, BigInteger serial, CertStatus status) {
        write(issuerKeyId, serial, status, false, 0);
    }

    /**
     * Sets the status as {@link #put} does, unless a put of a higher {@code version} came first:
     * for writers whose updates may arrive out of order (the engine's store change numbers).
     * Returns whether the status was written (and the listeners told).
     */
    public boolean putIfNewer(byte[] issuerKeyId, BigInteger serial, CertStatus status, long version) {
        return write(issuerKeyId, serial, status, true, version);
    }

    private boolean write(byte[] issuerKeyId, BigInteger serial, CertStatus status, boolean versioned, long version) {
        if (status instanceof CertStatus.Unknown) {
            throw new IllegalArgumentException("a known certificate cannot be set to unknown");
        }
        Objects.requireNonNull(status, "status");
        if (entry(issuerKeyId, serial, status, versioned, version) == null) {
            return false;
        }
        for (StatusListener l : listeners) {
            l.changed(issuerKeyId, serial);
        }
        return true;
    }

    /**
     * The entry of (issuer, serial), made in front of the serial's chain when there is none
     * (reading {@code status}, or {@link CertStatus#UNKNOWN}); {@code status}, when given, is
     * written to it, when {@code versioned} only if the entry holds no higher {@code version}
     * (else null is returned). Under the map's lock for the serial, so entries are never replaced.
     */
    private Entry entry(byte[] issuerKeyId, BigInteger serial, CertStatus status, boolean versioned, long version) {
        Entry[] found = new Entry[1];
        statuses.compute(serial, (k, head) -> {
            for (Entry e = head; e != null; e = e.next) {
                if (Arrays.equals(e.issuer, issuerKeyId)) {
                    if (status != null) {
                        if (versioned && e.version > version) {
                            return head; // a newer status is there already: found[0] stays null
                        }
                        if (versioned) {
                            e.version = version;
                        }
                        e.status = status;
                    }
                    found[0] = e;
                    return head;
                }
            }
            found[0] = new Entry(issuer(issuerKeyId), status != null ? status : CertStatus.UNKNOWN, head);
            found[0].version = versioned ? version : Long.MIN_VALUE;
            return found[0];
        });
        return found[0];
    }

    /** The shared copy of {@code keyId}, made on first sight. */
    private byte[] issuer(byte[] keyId) {
        for (byte[] known : issuers) {
            if (Arrays.equals(known, keyId)) {
                return known;
            }
        }
        synchronized (issuers) {
            for (byte[] known : issuers) {
                if (Arrays.equals(known, keyId)) {
                    return known;
                }
            }
            byte[] copy = keyId.clone();
            issuers.add(copy);
            return copy;
        }
    }

    @Override
    public void addListener(StatusListener listener) {
        listeners.add(listener);
    }
}
