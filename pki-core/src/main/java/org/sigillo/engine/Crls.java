package org.sigillo.engine;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.sigillo.ca.CaHierarchy;
import org.sigillo.ca.CertificateAuthority;
import org.sigillo.crl.PublishedCrl;
import org.sigillo.store.Database;

/**
 * The CRL series of the two issuing CAs ({@code workstation.crl}, {@code smartcard.crl} and
 * their {@code -delta} files under the CRL directory), reissued on demand or on a schedule.
 */
public final class Crls {
    /** The two series, by issuing CA. */
    public enum Series {
        WORKSTATION("workstation"),
        SMARTCARD("smartcard");

        private final String fileName;

        Series(String fileName) {
            this.fileName = fileName;
        }

        /** The stem of the published files. */
        public String fileName() {
            return fileName;
        }
    }

    private final Database db;
    private final CaHierarchy ca;
    private final CrlService service;
    private final Audit audit;

    Crls(Database db, CaHierarchy ca, EngineSettings settings, Audit audit) {
        this.db = db;
        this.ca = ca;
        this.audit = audit;
        this.service = new CrlService(db, settings.clock(), settings.crlValidity(), settings.crlDirectory());
        for (Series s : Series.values()) {
            service.realignPem(issuer(s));
        }
    }

    /** Issues and publishes one CRL (full, or a delta against the last full one). */
    public PublishedCrl reissue(Series series, boolean delta) {
        CrlIssuer issuer = issuer(series);
        CrlService.Numbered n = service.publish(issuer, delta);
        PublishedCrl p = n.crl();
        long number = n.number();
        db.inTransaction(tx -> {
            audit.append(tx, Audit.CRL_PUBLISHED, series.fileName(), (delta ? "delta" : "full") + " number=" + number
                    + " file=" + p.der().getFileName());
            return null;
        });
        return p;
    }

    /** Reissues both series. */
    public List<PublishedCrl> reissueAll(boolean delta) {
        List<PublishedCrl> out = new ArrayList<>();
        for (Series s : Series.values()) {
            out.add(reissue(s, delta));
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
     */
    public AutoCloseable schedule(java.time.Duration fullEvery, java.time.Duration deltaEvery) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sigillo-crl-schedule");
            t.setDaemon(true);
            return t;
        });
        s.scheduleAtFixedRate(() -> safely(false), 0, fullEvery.toMillis(), TimeUnit.MILLISECONDS);
        if (!deltaEvery.isZero()) {
            s.scheduleAtFixedRate(() -> safely(true), deltaEvery.toMillis(), deltaEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
        return Background.stopper(s);
    }

    private void safely(boolean delta) {
        try {
            reissueAll(delta);
        } catch (RuntimeException e) {
            System.getLogger(Crls.class.getName()).log(System.Logger.Level.ERROR, "scheduled CRL reissue failed", e);
        }
    }

    CrlIssuer issuer(Series series) {
        CertificateAuthority authority = series == Series.WORKSTATION ? ca.workstationCa() : ca.smartCardCa();
        URI full = authority.crlUri();
        URI delta = URI.create(full.toString().replaceFirst("\\.crl$", "-delta.crl"));
        return new CrlIssuer(series.fileName(), X500Name.getInstance(authority.certificate().getSubjectX500Principal().getEncoded()),
                authority.keyId(), () -> authority.signerPool().contentSigner(), Optional.of(delta));
    }
}
