package org.sigillo.validation;

import org.sigillo.status.CertStatus;
import org.sigillo.status.StatusHandle;
import org.sigillo.status.StatusSource;

import java.math.BigInteger;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.IstatCode;

/**
 * The immutable facts of one certificate whose signature a trusted CA's key verified, keyed on
 * the exact DER they were read from (which the caller must not change afterwards): safe to
 * cache. Nothing live (status, people, time) is here.
 */
final class CertFacts extends DerKey implements Examination {
    final TrustedIssuer issuer;
    final CertKind kind;
    final BigInteger serial;
    final long notBeforeMillis;
    final long notAfterMillis;
    /** Workstation and server certificates: the ente and the code; otherwise null. */
    final IstatCode ente;
    final String code;
    /** Smart-card certificates: the CF, or null with {@link #cfProblem} saying why. */
    final CodiceFiscale cf;
    final String cfProblem;
    private final X500Name subjectName;
    private final SubjectPublicKeyInfo publicKeyInfo;
    private volatile AsymmetricKeyParameter publicKey;
    /** Live handles, resolved on first use by the validator that caches these facts (one source each). */
    private volatile StatusHandle statusHandle;
    private volatile PersonHandle personHandle;
    /** The last {@link CardRef} found to name this certificate (immutable, so it always will). */
    private volatile CardRef namedBy;

    CertFacts(byte[] der, TrustedIssuer issuer, CertKind kind, BigInteger serial, long notBeforeMillis, long notAfterMillis,
              IstatCode ente, String code, CodiceFiscale cf, String cfProblem, X500Name subjectName,
              SubjectPublicKeyInfo publicKeyInfo) {
        super(der);
        this.issuer = issuer;
        this.kind = kind;
        this.serial = serial;
        this.notBeforeMillis = notBeforeMillis;
        this.notAfterMillis = notAfterMillis;
        this.ente = ente;
        this.code = code;
        this.cf = cf;
        this.cfProblem = cfProblem;
        this.subjectName = subjectName;
        this.publicKeyInfo = publicKeyInfo;
    }

    /**
     * This certificate's live status through a handle taken from {@code source} on first use:
     * afterwards one load, no lookup. Only for facts cached by one validator, whose source is
     * always the same.
     */
    CertStatus status(StatusSource source) {
        StatusHandle h = statusHandle;
        if (h == null) {
            h = source.handle(issuer.keyId, serial);
            statusHandle = h; // benign race: every thread gets the same entry
        }
        return h.current();
    }

    /** As {@link #status}, for the holder of a smart-card certificate (whose CF is valid). */
    PersonFacts holder(LiveRegistry registry) {
        PersonHandle h = personHandle;
        if (h == null) {
            h = registry.person(cf);
            personHandle = h;
        }
        return h.now();
    }

    /**
     * Whether {@code ref} names this certificate (its issuer's key identifier and serial). The
     * person's current-card reference changes only with a new card, so the last one that matched
     * is remembered and recognised by identity, without reading it again.
     */
    boolean isNamedBy(CardRef ref) {
        if (ref == namedBy) {
            return true;
        }
        if (ref.matches(issuer.keyId, serial)) {
            namedBy = ref;
            return true;
        }
        return false;
    }

    /** The subject as text, for refusal details (built only when asked: refusals are rare). */
    String subject() {
        return subjectName.toString();
    }

    /**
     * The subject's public key for the lightweight API, decoded on first use (only a
     * possession proof needs it). Returns null if the key cannot be decoded.
     */
    AsymmetricKeyParameter publicKey() {
        AsymmetricKeyParameter key = publicKey;
        if (key == null) {
            try {
                key = PublicKeyFactory.createKey(publicKeyInfo);
            } catch (Exception e) {
                return null;
            }
            publicKey = key; // benign race: every thread decodes the same value
        }
        return key;
    }
}
