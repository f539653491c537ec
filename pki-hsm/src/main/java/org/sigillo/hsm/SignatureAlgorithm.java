package org.sigillo.hsm;

import java.io.IOException;
import java.util.Arrays;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The signature algorithms a vault signs with. The digest is always computed in software and
 * only the digest is signed by the key holder ("pre-hash"), so a 49 MB CRL costs one HSM
 * operation, not 49 MB through the PKCS#11 interface.
 */
public enum SignatureAlgorithm {
    SHA256_WITH_RSA("SHA-256", "NONEwithRSA", "SHA256withRSA",
            new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE),
            new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE)),
    SHA384_WITH_RSA("SHA-384", "NONEwithRSA", "SHA384withRSA",
            new AlgorithmIdentifier(PKCSObjectIdentifiers.sha384WithRSAEncryption, DERNull.INSTANCE),
            new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384, DERNull.INSTANCE)),
    SHA256_WITH_ECDSA("SHA-256", "NONEwithECDSA", "SHA256withECDSA",
            new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256), null),
    SHA384_WITH_ECDSA("SHA-384", "NONEwithECDSA", "SHA384withECDSA",
            new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384), null);

    private final String digestAlgorithm;
    private final String rawSignatureAlgorithm;
    private final String jcaName;
    private final AlgorithmIdentifier identifier;
    private final AlgorithmIdentifier digestIdentifier;
    private final int digestLength;
    /** For RSA, the DER of a DigestInfo up to the digest bytes; precomputed to keep signing allocation-light. */
    private final byte[] digestInfoPrefix;

    SignatureAlgorithm(String digestAlgorithm, String rawSignatureAlgorithm, String jcaName,
                       AlgorithmIdentifier identifier, AlgorithmIdentifier digestIdentifier) {
        this.digestAlgorithm = digestAlgorithm;
        this.rawSignatureAlgorithm = rawSignatureAlgorithm;
        this.jcaName = jcaName;
        this.identifier = identifier;
        this.digestIdentifier = digestIdentifier;
        this.digestLength = "SHA-256".equals(digestAlgorithm) ? 32 : 48;
        if (digestIdentifier == null) {
            this.digestInfoPrefix = null;
        } else {
            try {
                byte[] whole = new DigestInfo(digestIdentifier, new byte[digestLength]).getEncoded("DER");
                this.digestInfoPrefix = Arrays.copyOf(whole, whole.length - digestLength);
            } catch (IOException e) {
                throw new IllegalStateException("DER encoding of a DigestInfo failed", e);
            }
        }
    }

    /** JCA digest name, for example {@code SHA-256}. */
    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    /** The JCA raw (pre-hashed input) signature name used with the key holder. */
    public String rawSignatureAlgorithm() {
        return rawSignatureAlgorithm;
    }

    /** The usual JCA name, for verifying with a public key. */
    public String jcaName() {
        return jcaName;
    }

    /** The X.509 signature AlgorithmIdentifier. */
    public AlgorithmIdentifier identifier() {
        return identifier;
    }

    public boolean isRsa() {
        return digestIdentifier != null;
    }

    /** Whether keys of this spec sign with this algorithm. */
    public boolean fits(KeySpec spec) {
        return spec.isRsa() == isRsa();
    }

    /** How many bytes the digest has. */
    public int digestLength() {
        return digestLength;
    }

    /**
     * PKCS#1 v1.5 DigestInfo for RSA; the bare digest for ECDSA.
     *
     * @throws IllegalArgumentException when the digest does not have {@link #digestLength()} bytes
     */
    byte[] toBeSigned(byte[] digest) {
        if (digest == null || digest.length != digestLength) {
            throw new IllegalArgumentException(digestAlgorithm + " digest must be " + digestLength + " bytes, was "
                    + (digest == null ? "null" : digest.length));
        }
        if (digestInfoPrefix == null) {
            return digest;
        }
        byte[] tbs = Arrays.copyOf(digestInfoPrefix, digestInfoPrefix.length + digestLength);
        System.arraycopy(digest, 0, tbs, digestInfoPrefix.length, digestLength);
        return tbs;
    }
}
