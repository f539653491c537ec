package org.sigillo.crl;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.sigillo.der.DerTime;

/**
 * Everything of a CRL except its entries and its signature: issuer, validity window, CRL
 * number, the issuer's key identifier (authorityKeyIdentifier) and whether it is full or
 * delta. Times are encoded to the second.
 *
 * @param issuer the issuing CA's subject name, encoded as given
 * @param authorityKeyId the CA's subjectKeyIdentifier bytes (see {@link #keyIdentifier})
 * @param thisUpdate when this CRL was issued
 * @param nextUpdate when the next CRL will be issued, after {@code thisUpdate}
 * @param crlNumber this CRL's number, 0 to 20 octets (RFC 5280 5.2.3)
 * @param scope full or delta
 */
public record CrlHeader(X500Name issuer, byte[] authorityKeyId, Instant thisUpdate, Instant nextUpdate,
        BigInteger crlNumber, CrlScope scope) {

    public CrlHeader {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(authorityKeyId, "authorityKeyId");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        Objects.requireNonNull(crlNumber, "crlNumber");
        Objects.requireNonNull(scope, "scope");
        if (authorityKeyId.length == 0) {
            throw new IllegalArgumentException("authorityKeyId is empty");
        }
        authorityKeyId = authorityKeyId.clone();
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("nextUpdate " + nextUpdate + " is not after thisUpdate " + thisUpdate);
        }
        checkTime(thisUpdate, "thisUpdate");
        checkTime(nextUpdate, "nextUpdate");
        if (crlNumber.signum() < 0 || crlNumber.bitLength() / 8 + 1 > CrlEntries.MAX_SERIAL_OCTETS) {
            throw new IllegalArgumentException("CRL number must be 0 to 20 octets: " + crlNumber);
        }
        if (scope instanceof CrlScope.Delta
                && ((CrlScope.Delta) scope).baseCrlNumber().compareTo(crlNumber) >= 0) {
            throw new IllegalArgumentException("delta CRL number " + crlNumber
                    + " must be greater than its base CRL number " + ((CrlScope.Delta) scope).baseCrlNumber());
        }
    }

    /** The authority key identifier bytes (a copy). */
    @Override
    public byte[] authorityKeyId() {
        return authorityKeyId.clone();
    }

    /**
     * The RFC 5280 4.2.1.2 method (1) key identifier of a public key: SHA-1 of the
     * subjectPublicKey BIT STRING value. Use the CA certificate's subjectKeyIdentifier
     * instead when it has one computed otherwise.
     */
    public static byte[] keyIdentifier(SubjectPublicKeyInfo issuerPublicKey) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(issuerPublicKey.getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    private static void checkTime(Instant time, String what) {
        long s = time.getEpochSecond();
        if (s < DerTime.MIN_EPOCH_SECOND || s > DerTime.MAX_EPOCH_SECOND) {
            throw new IllegalArgumentException(what + " outside years 0001-9999: " + time);
        }
    }
}
