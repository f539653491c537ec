package org.sigillo.ca;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.sigillo.crl.CrlHeader;
import org.sigillo.der.DerLength;
import org.sigillo.der.DerTime;

/**
 * Writes the DER of one CA's end-entity certificates straight into a byte array: the parts that
 * are the same for every certificate of the CA (signature algorithm, issuer, basicConstraints,
 * AKI, CRL distribution point, AIA) are encoded once, the key usages and extended key usages
 * once per value, and only serial, validity, subject, key, SKI and subjectAltName per
 * certificate. Bouncy Castle's {@code X509v3CertificateBuilder}, which it replaces, builds the
 * same certificate byte for byte (CertificateEncoderTest) but encodes an object tree anew for
 * every certificate, and its holder parses the times back through {@code SimpleDateFormat}: the
 * batch issues ~20% more certificates per second without it (pki-bench/README.md).
 *
 * <p>Extensions come in the order the builder was given them: basicConstraints (critical),
 * keyUsage (critical), extendedKeyUsage, AKI, SKI, CRL distribution points, AIA, then the
 * subjectAltName when the request has one. Thread-safe.
 */
final class CertificateEncoder {
    /** {@code [0] EXPLICIT INTEGER 2}: an X.509 v3 certificate. */
    private static final byte[] VERSION_3 = {(byte) 0xA0, 0x03, 0x02, 0x01, 0x02};
    /** An SKI extension up to its 20-byte key identifier: SEQUENCE, OID 2.5.29.14, OCTET STRING { OCTET STRING }. */
    private static final byte[] SKI_PREFIX = {0x30, 0x1D, 0x06, 0x03, 0x55, 0x1D, 0x0E, 0x04, 0x16, 0x04, 0x14};

    private final byte[] signatureAlgorithm;
    private final byte[] issuer;
    private final byte[] basicConstraints;
    private final byte[] authorityKeyIdentifier;
    /** CRL DP and (when the CA has an OCSP responder) AIA, in that order. */
    private final byte[] commonTail;
    private final Map<Integer, byte[]> keyUsages = new ConcurrentHashMap<>();
    private final Map<List<KeyPurposeId>, byte[]> extendedKeyUsages = new ConcurrentHashMap<>();

    CertificateEncoder(AlgorithmIdentifier signatureAlgorithm, X500Name issuer, Extension authorityKeyIdentifier,
                       List<Extension> commonTail) {
        this.signatureAlgorithm = der(signatureAlgorithm);
        this.issuer = der(issuer);
        this.authorityKeyIdentifier = der(authorityKeyIdentifier);
        this.basicConstraints = extension(Extension.basicConstraints, true, new BasicConstraints(false));
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        for (Extension e : commonTail) {
            tail.writeBytes(der(e));
        }
        this.commonTail = tail.toByteArray();
    }

    /** A CA's (non-critical) extension as the certificate carries it. */
    static Extension caExtension(ASN1ObjectIdentifier oid, ASN1Encodable value) {
        return extensionOf(oid, false, value);
    }

    private static Extension extensionOf(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(oid, critical, new DEROctetString(value.toASN1Primitive().getEncoded(ASN1Encoding.DER)));
        } catch (IOException e) {
            throw new UncheckedIOException("encoding extension " + oid, e);
        }
    }

    /**
     * The TBSCertificate of {@code r} with {@code serial}; validity to the second (DER times
     * carry no fractions), so the instants the caller records are {@link #second} of the request's.
     */
    byte[] tbs(EndEntityRequest r, BigInteger serial) {
        byte[] serialBytes = serial.toByteArray();
        long notBefore = r.notBefore().getEpochSecond();
        long notAfter = r.notAfter().getEpochSecond();
        byte[] subject = der(r.subject());
        byte[] key = der(r.publicKey());
        byte[] keyUsage = keyUsages.computeIfAbsent(r.keyUsage(), bits -> extension(Extension.keyUsage, true, new KeyUsage(bits)));
        byte[] eku = extendedKeyUsages.computeIfAbsent(r.extendedKeyUsages(), list -> extension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(list.toArray(new KeyPurposeId[0]))));
        byte[] san = r.subjectAltName().map(names -> extension(Extension.subjectAlternativeName, false, names)).orElse(null);

        int validity = DerTime.timeLength(notBefore) + DerTime.timeLength(notAfter);
        int extensions = basicConstraints.length + keyUsage.length + eku.length + authorityKeyIdentifier.length
                + SKI_PREFIX.length + 20 + commonTail.length
                + (san == null ? 0 : san.length);
        int extensionsSequence = tlv(extensions);
        int content = VERSION_3.length + tlv(serialBytes.length) + signatureAlgorithm.length + issuer.length + tlv(validity)
                + subject.length + key.length + tlv(extensionsSequence);

        byte[] out = new byte[tlv(content)];
        int p = header(out, 0, 0x30, content);
        p = put(out, p, VERSION_3);
        p = header(out, p, 0x02, serialBytes.length);
        p = put(out, p, serialBytes);
        p = put(out, p, signatureAlgorithm);
        p = put(out, p, issuer);
        p = header(out, p, 0x30, validity);
        p = DerTime.writeTime(out, p, notBefore);
        p = DerTime.writeTime(out, p, notAfter);
        p = put(out, p, subject);
        p = put(out, p, key);
        p = header(out, p, 0xA3, extensionsSequence);
        p = header(out, p, 0x30, extensions);
        p = put(out, p, basicConstraints);
        p = put(out, p, keyUsage);
        p = put(out, p, eku);
        p = put(out, p, authorityKeyIdentifier);
        p = put(out, p, SKI_PREFIX);
        p = put(out, p, CrlHeader.keyIdentifier(r.publicKey())); // RFC 5280 4.2.1.2 (1), as BC computes it
        p = put(out, p, commonTail);
        if (san != null) {
            p = put(out, p, san);
        }
        if (p != out.length) {
            throw new IllegalStateException("TBSCertificate length mismatch: wrote " + p + " of " + out.length);
        }
        return out;
    }

    /** The Certificate: {@code tbs}, the signature algorithm and {@code signature} as a BIT STRING. */
    byte[] certificate(byte[] tbs, byte[] signature) {
        int bits = signature.length + 1;
        int content = tbs.length + signatureAlgorithm.length + tlv(bits);
        byte[] out = new byte[tlv(content)];
        int p = header(out, 0, 0x30, content);
        p = put(out, p, tbs);
        p = put(out, p, signatureAlgorithm);
        p = header(out, p, 0x03, bits);
        out[p++] = 0; // no unused bits
        p = put(out, p, signature);
        if (p != out.length) {
            throw new IllegalStateException("Certificate length mismatch: wrote " + p + " of " + out.length);
        }
        return out;
    }

    /** An instant as a DER time keeps it: to the second. */
    static Instant second(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    private static byte[] extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        return der(extensionOf(oid, critical, value));
    }

    private static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding " + value.getClass().getSimpleName(), e);
        }
    }

    /** The length of a TLV whose contents are {@code content} bytes long. */
    private static int tlv(int content) {
        return (int) DerLength.tlvLength(content);
    }

    private static int header(byte[] out, int p, int tag, int length) {
        return DerLength.writeHeader(out, p, tag, length);
    }

    private static int put(byte[] out, int p, byte[] bytes) {
        System.arraycopy(bytes, 0, out, p, bytes.length);
        return p + bytes.length;
    }
}
