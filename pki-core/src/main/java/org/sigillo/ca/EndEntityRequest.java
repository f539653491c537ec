package org.sigillo.ca;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * What a profile asks an issuing CA to certify: everything but issuer, serial, key
 * identifiers, CRL distribution point and AIA, which the CA adds. Checked when built against
 * what RFC 5280 asks of an end-entity certificate (the CA adds basicConstraints CA:false), so no
 * caller of the CA, the profiles or another, can have one signed that breaks it.
 *
 * @param keyUsage BC {@link KeyUsage} bits
 */
public record EndEntityRequest(X500Name subject, SubjectPublicKeyInfo publicKey, Instant notBefore, Instant notAfter,
                               int keyUsage, List<KeyPurposeId> extendedKeyUsages, Optional<GeneralNames> subjectAltName) {
    /** The nine key usages of RFC 5280 4.2.1.3, as Bouncy Castle numbers their bits. */
    private static final int DEFINED_USAGES = KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment
            | KeyUsage.dataEncipherment | KeyUsage.keyAgreement | KeyUsage.keyCertSign | KeyUsage.cRLSign
            | KeyUsage.encipherOnly | KeyUsage.decipherOnly;

    public EndEntityRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(subjectAltName, "subjectAltName");
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
        if (subject.getRDNs().length == 0 && subjectAltName.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs a subject or a subjectAltName (RFC 5280 4.1.2.6)");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        if (keyUsage == 0) {
            throw new IllegalArgumentException("an end-entity certificate needs a keyUsage");
        }
        if ((keyUsage & ~DEFINED_USAGES) != 0) {
            throw new IllegalArgumentException(String.format("keyUsage 0x%X has bits RFC 5280 4.2.1.3 does not define", keyUsage));
        }
        if ((keyUsage & (KeyUsage.keyCertSign | KeyUsage.cRLSign)) != 0) {
            throw new IllegalArgumentException("keyCertSign and cRLSign are for CA certificates; an end-entity certificate is"
                    + " CA:false (RFC 5280 4.2.1.3, 4.2.1.9)");
        }
        if ((keyUsage & (KeyUsage.encipherOnly | KeyUsage.decipherOnly)) != 0 && (keyUsage & KeyUsage.keyAgreement) == 0) {
            throw new IllegalArgumentException("encipherOnly and decipherOnly need keyAgreement (RFC 5280 4.2.1.3)");
        }
        if (extendedKeyUsages.isEmpty()) {
            throw new IllegalArgumentException("an end-entity certificate of Sigillo needs an extendedKeyUsage");
        }
    }
}
