package org.sigillo.engine;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.KeySpec;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.CertificateKind;
import org.sigillo.registry.IstatCode;

/**
 * One certificate as the store keeps it, from request to revocation. Fields that exist only
 * once issued ({@code serial}, {@code der}, validity) are empty while the request is queued.
 * The sealed private key is never part of this value. {@code changeSeq} is the store's change
 * number of the write this value reflects: of two values of one certificate, the higher is newer.
 */
public record CertificateRecord(
        long id,
        CertificateKind kind,
        String code,
        IstatCode ente,
        CertificateState state,
        Optional<String> label,
        KeySpec keySpec,
        Optional<String> holderCf,
        Instant requestedAt,
        Instant stateChangedAt,
        Optional<BigInteger> serial,
        Optional<String> issuerKeyId,
        Optional<Instant> notBefore,
        Optional<Instant> notAfter,
        Optional<byte[]> der,
        Optional<Instant> revocationTime,
        Optional<RevocationReason> revocationReason,
        Optional<Instant> invalidityDate,
        long changeSeq) {

    public CertificateRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(ente, "ente");
        Objects.requireNonNull(state, "state");
        der = der.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> der() {
        return der.map(byte[]::clone);
    }

    /** The issued certificate, parsed. */
    public X509Certificate certificate() {
        byte[] bytes = der.orElseThrow(() -> new IllegalStateException(code + " is not issued yet (" + state + ")"));
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw new IllegalStateException("stored certificate " + code + " does not parse", e);
        }
    }

    /**
     * Whether the certificate is past its notAfter at {@code now} (RFC 5280: valid through
     * notAfter inclusive), whatever its state says: the batch moves it to SCADUTO only when it
     * next runs, and until then it is expired all the same.
     */
    public boolean expiredAt(Instant now) {
        return notAfter.isPresent() && now.isAfter(notAfter.get());
    }

    /** The serial in lowercase hex, as operators type it. */
    public Optional<String> serialHex() {
        return serial.map(s -> s.toString(16));
    }
}
