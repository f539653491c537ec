package org.sigillo.ocsp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/** The hash algorithms accepted in a request's CertID (SHA-1 is OpenSSL's default). */
enum CertIdHash {
    SHA1(OIWObjectIdentifiers.idSHA1, "SHA-1"),
    SHA256(NISTObjectIdentifiers.id_sha256, "SHA-256"),
    SHA384(NISTObjectIdentifiers.id_sha384, "SHA-384"),
    SHA512(NISTObjectIdentifiers.id_sha512, "SHA-512");

    private static final CertIdHash[] ALL = values();

    private final ASN1ObjectIdentifier oid;
    private final String jcaName;

    CertIdHash(ASN1ObjectIdentifier oid, String jcaName) {
        this.oid = oid;
        this.jcaName = jcaName;
    }

    byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(jcaName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is missing from this JDK", e);
        }
    }

    /**
     * The variant of an AlgorithmIdentifier: {@code 2 * ordinal} with NULL parameters,
     * {@code 2 * ordinal + 1} with absent parameters, or -1 when not accepted. Requests with
     * different variants get (byte-wise) different CertIDs echoed, so the cache keeps them apart.
     */
    static int variant(AlgorithmIdentifier alg) {
        ASN1ObjectIdentifier id = alg.getAlgorithm();
        for (CertIdHash h : ALL) {
            if (h.oid.equals(id)) {
                ASN1Encodable params = alg.getParameters();
                if (params == null) {
                    return 2 * h.ordinal() + 1;
                }
                return DERNull.INSTANCE.equals(params) ? 2 * h.ordinal() : -1;
            }
        }
        return -1;
    }

    static CertIdHash ofVariant(int variant) {
        return ALL[variant >> 1];
    }

    static int variantCount() {
        return 2 * ALL.length;
    }
}
