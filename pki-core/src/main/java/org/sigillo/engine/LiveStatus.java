package org.sigillo.engine;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Optional;

import org.sigillo.crl.RevocationReason;
import org.sigillo.status.CertStatus;
import org.sigillo.status.InMemoryStatusSource;
import org.sigillo.status.StatusHandle;
import org.sigillo.status.StatusSource;

/**
 * The engine's live revocation view, read by OCSP and the validator without touching the
 * database: loaded from the store at start, updated after every committed change. Updates may
 * arrive out of order (two threads change one certificate one after the other and apply after
 * their commits in the other order, or a sync overlaps a local change): each certificate keeps
 * the store change number it last applied, and an older value is ignored. Reads never look at
 * those numbers.
 */
public final class LiveStatus implements StatusSource {
    private final InMemoryStatusSource view = new InMemoryStatusSource();

    @Override
    public CertStatus status(byte[] issuerKeyId, BigInteger serial) {
        return view.status(issuerKeyId, serial);
    }

    /** The view's own entry: the validator's cache reads it without a lookup. */
    @Override
    public StatusHandle handle(byte[] issuerKeyId, BigInteger serial) {
        return view.handle(issuerKeyId, serial);
    }

    @Override
    public void addListener(StatusListener listener) {
        view.addListener(listener);
    }

    /** Reflects a record as stored (issued ones only), unless a newer one was applied already. */
    void apply(CertificateRecord r) {
        if (r.serial().isEmpty() || r.issuerKeyId().isEmpty()) {
            return;
        }
        // the change number is kept in the view's own entry for the certificate
        view.putIfNewer(HexFormat.of().parseHex(r.issuerKeyId().get()), r.serial().get(), statusOf(r), r.changeSeq());
    }

    static CertStatus statusOf(CertificateRecord r) {
        Optional<RevocationReason> reason = r.revocationReason();
        // A reason is set by block and cancel and cleared by unblock; a certificate that expired
        // while blocked or cancelled stays revoked.
        if (reason.isPresent()) {
            // the invalidity date goes out in OCSP answers as it does in CRL entries (RFC 6960 4.4.5)
            return new CertStatus.Revoked(r.revocationTime().orElse(r.stateChangedAt()), reason.get(), r.invalidityDate());
        }
        return CertStatus.GOOD;
    }
}
