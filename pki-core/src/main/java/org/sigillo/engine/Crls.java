package org.sigillo.engine;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.bouncycastle.asn1.x500.X500Name;
import org.sigillo.ca.CaHierarchy;
import org.sigillo.ca.CertificateAuthority;
import org.sigillo.crl.PublishedCrl;
import org.sigillo.store.Database;

/**
 * The CRL series of the two issuing CAs ({@code workstation.crl}, {@code smartcard.crl} and
 * their {@code -delta} files under the CRL directory) and the root's ({@code root.crl}, the CRL
 * distribution point of both issuing CA certificates), reissued on demand or on a schedule.
 */
public final class Crls {
    /** The series: one per issuing CA, and the root's. */
    public enum Series {
        WORKSTATION("workstation", true),
        SMARTCARD("smartcard", true),
        /**
         * The root's CRL, signed by the root key: it would list a revoked issuing CA. Full CRLs
         * only (it changes when an issuing CA does, which no delta is needed for); without it a
         * relying party that checks the whole chain ({@code openssl verify -crl_check_all})
         * refuses every certificate.
         */
        ROOT("root", false);

        private final String fileName;
        private final boolean deltas;

        Series(String fileName, boolean deltas) {
            this.fileName = fileName;
            this.deltas = deltas;
        }

        /** The stem of the published files. */
        public String fileName() {
            return fileName;
        }

        /** Whether the series has delta CRLs (the root's has none). */
        public boolean hasDeltas() {
            return deltas;
        }

        /** Every series, or with {@code delta} the ones that have deltas, in declaration order. */
        public static List<Series> all(boolean delta) {
            List<Series> out = new ArrayList<>();
            for (Series s : values()) {
                if (!delta || s.hasDeltas()) {
                    out.add(s);
                }
            }
            return List.copyOf(out);
        }

        /**
         * The series whose files are named {@code fileName} ({@code workstation}, {@code smartcard}
         * or {@code root}).
         *
         * @throws IllegalArgumentException naming the three when it is none of them
         */
        public static Series ofFileName(String fileName) {
            for (Series s : values()) {
                if (s.fileName.equals(fileName)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("a CRL series is workstation, smartcard or root, was: " + fileName);
        }
    }

    private final CaHierarchy ca;
    private final CrlService service;
    /** The schedules running, stopped by {@link #close} (the engine's close). */
    private final Set<ScheduledExecutorService> schedules = ConcurrentHashMap.newKeySet();

    Crls(Database db, CaHierarchy ca, EngineSettings settings, Audit audit) {
        this.ca = ca;
        this.service = new CrlService(db, audit, settings.clock(), settings.crlValidity(), settings.crlDirectory());
        for (Series s : Series.values()) {
            service.realignPem(issuer(s));
        }
    }

    /**
     * Issues and publishes one CRL (full, or a delta against the last full one).
     *
     * @throws IllegalArgumentException for a delta of a series without deltas (the root's)
     */
    public PublishedCrl reissue(Series series, boolean delta) {
        if (delta && !series.hasDeltas()) {
            throw new IllegalArgumentException("the " + series.fileName() + " CRL has no deltas: reissue it in full");
        }
        CrlIssuer issuer = issuer(series);
        return service.publish(issuer, delta); // audited inside, with the state changes it makes
    }

    /**
     * Reissues every series: full CRLs, or the deltas of the series that have them. A series that
     * fails does not stop the others (each CA's CRL must be out before its nextUpdate): they are all
     * tried, then the first failure is thrown with the later ones suppressed.
     */
    public List<PublishedCrl> reissueAll(boolean delta) {
        return reissue(Series.all(delta), delta, Progress.NONE, published -> { });
    }

    /**
     * Reissues each of {@code series} in turn, as {@link #reissueAll(boolean)} does: a series that
     * fails does not stop the ones after it, and the first failure is thrown once all were tried,
     * the later ones suppressed. {@code published} hears of each CRL as soon as it is out (so a
     * caller that gets the failure still knows what was published before it); {@code progress}
     * counts the series tried.
     *
     * @throws IllegalArgumentException before anything is issued, for a delta of a series without
     *         deltas (the root's)
     */
    public List<PublishedCrl> reissue(List<Series> series, boolean delta, Progress progress,
            Consumer<PublishedCrl> published) {
        for (Series s : series) {
            if (delta && !s.hasDeltas()) {
                throw new IllegalArgumentException("the " + s.fileName() + " CRL has no deltas: reissue it in full");
            }
        }
        List<PublishedCrl> out = new ArrayList<>();
        RuntimeException failure = null;
        int tried = 0;
        for (Series s : series) {
            try {
                PublishedCrl p = reissue(s, delta);
                out.add(p);
                published.accept(p);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            progress.advanced(++tried, series.size());
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /** The number of the last CRL of a series. */
    public Optional<Long> lastNumber(Series series) {
        return service.lastNumber(issuer(series));
    }

    /**
     * Reissues full CRLs every {@code fullEvery} and deltas every {@code deltaEvery} (0 for none)
     * until the returned handle is closed.
     *
     * @throws IllegalArgumentException when {@code fullEvery} is longer than a CRL's validity
     *         (published CRLs would pass their nextUpdate before the next one came) or not positive
     */
    public AutoCloseable schedule(Duration fullEvery, Duration deltaEvery) {
        if (fullEvery.isNegative() || fullEvery.isZero() || fullEvery.compareTo(service.validity()) > 0) {
            throw new IllegalArgumentException("full CRLs every " + fullEvery + ": it must be positive and at most a CRL's validity, "
                    + service.validity() + ", or the published CRL would expire before the next");
        }
        if (deltaEvery.isNegative()) {
            throw new IllegalArgumentException("deltas every " + deltaEvery + ": negative");
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sigillo-crl-schedule");
            t.setDaemon(true);
            return t;
        });
        s.scheduleAtFixedRate(() -> safely(false), 0, fullEvery.toMillis(), TimeUnit.MILLISECONDS);
        if (!deltaEvery.isZero()) {
            s.scheduleAtFixedRate(() -> safely(true), deltaEvery.toMillis(), deltaEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
        schedules.add(s);
        return () -> {
            schedules.remove(s);
            Background.stop(s);
        };
    }

    /** Stops every schedule still running (the engine closes). */
    void close() {
        for (ScheduledExecutorService s : schedules) {
            schedules.remove(s);
            Background.stop(s);
        }
    }

    private void safely(boolean delta) {
        try {
            reissueAll(delta);
        } catch (RuntimeException e) {
            System.getLogger(Crls.class.getName()).log(System.Logger.Level.ERROR, "scheduled CRL reissue failed", e);
        }
    }

    /** A full CRL of {@code issuer} through this engine's service (tests give a signer that acts while signing). */
    PublishedCrl publish(CrlIssuer issuer) {
        return service.publish(issuer, false);
    }

    CrlIssuer issuer(Series series) {
        if (series == Series.ROOT) {
            X509Certificate root = ca.root();
            return new CrlIssuer(series.fileName(), X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                    CertificateAuthority.keyIdOf(root), () -> ca.rootSignerPool().contentSigner(), Optional.empty());
        }
        CertificateAuthority authority = series == Series.WORKSTATION ? ca.workstationCa() : ca.smartCardCa();
        URI full = authority.crlUri();
        URI delta = URI.create(full.toString().replaceFirst("\\.crl$", "-delta.crl"));
        return new CrlIssuer(series.fileName(), X500Name.getInstance(authority.certificate().getSubjectX500Principal().getEncoded()),
                authority.keyId(), () -> authority.signerPool().contentSigner(), Optional.of(delta));
    }
}
