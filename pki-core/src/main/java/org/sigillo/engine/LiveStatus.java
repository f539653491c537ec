package org.sigillo.engine;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Optional;

import org.sigillo.status.CertStatus;
import org.sigillo.status.InMemoryStatusSource;
import org.sigillo.status.StatusSource;

/**
 * The engine's live revocation view, read by OCSP and the validator without touching the
 * database: loaded from the store at start, updated after every committed change.
 */
public final class LiveStatus implements StatusSource {
    private final InMemoryStatusSource view = new InMemoryStatusSource();

    @Override
    public CertStatus status(byte[] issuerKeyId, BigInteger serial) {
        return view.status(issuerKeyId, serial);
    }

    @Override
    public void addListener(StatusListener listener) {
        view.addListener(listener);
    }

    /** Reflects a record as stored (issued ones only). */
    void apply(CertificateRecord r) {
        if (r.serial().isEmpty() || r.issuerKeyId().isEmpty()) {
            return;
        }
        byte[] issuer = HexFormat.of().parseHex(r.issuerKeyId().get());
        view.put(issuer, r.serial().get(), statusOf(r));
    }

    static CertStatus statusOf(CertificateRecord r) {
        Optional<org.sigillo.crl.RevocationReason> reason = r.revocationReason();
        // A reason is set by block and cancel and cleared by unblock; a certificate that expired
        // while blocked or cancelled stays revoked.
        if (reason.isPresent()) {
            return new CertStatus.Revoked(r.revocationTime().orElse(r.stateChangedAt()), reason.get(), Optional.empty());
        }
        return CertStatus.GOOD;
    }
}
