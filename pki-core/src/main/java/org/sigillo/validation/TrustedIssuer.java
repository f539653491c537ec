package org.sigillo.validation;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * One of the two trusted issuing CAs: its role, subject name, key identifier and public key
 * (decoded once for Bouncy Castle's lightweight verifiers). Thread-safe.
 */
final class TrustedIssuer {

    /** Which CA: the workstation-and-server CA or the smart-card CA. */
    enum Role { WORKSTATION_CA, SMART_CARD_CA }

    final Role role;
    final byte[] subjectDer;
    final byte[] keyId;
    final String name;
    private final AsymmetricKeyParameter key;

    TrustedIssuer(Role role, X509Certificate certificate) {
        this.role = role;
        try {
            Certificate c = Certificate.getInstance(certificate.getEncoded());
            this.subjectDer = certificate.getSubjectX500Principal().getEncoded(); // as encoded, not re-encoded
            this.name = c.getSubject().toString();
            Extensions extensions = c.getTBSCertificate().getExtensions();
            SubjectKeyIdentifier ski = extensions == null ? null : SubjectKeyIdentifier.fromExtensions(extensions);
            if (ski == null) {
                throw new IllegalArgumentException(role + " certificate " + name + " has no "
                        + Extension.subjectKeyIdentifier + " (subject key identifier) extension");
            }
            this.keyId = ski.getKeyIdentifier();
            this.key = PublicKeyFactory.createKey(c.getSubjectPublicKeyInfo());
        } catch (CertificateEncodingException | IOException e) {
            throw new IllegalArgumentException(role + " certificate cannot be decoded: " + e.getMessage(), e);
        }
        if (!(key instanceof ECPublicKeyParameters) && !(key instanceof RSAKeyParameters)) {
            throw new IllegalArgumentException(role + " key is neither EC nor RSA: " + key.getClass().getSimpleName());
        }
    }

    /** Whether {@code der[from, to)} is this CA's subject name, byte for byte. */
    boolean isNamed(byte[] der, int from, int to) {
        return Arrays.equals(subjectDer, 0, subjectDer.length, der, from, to);
    }

    /**
     * Whether {@code signature} over {@code data[offset, offset+length)} verifies with this CA's
     * key under {@code algorithm}; false for an algorithm that does not fit the key.
     */
    boolean verifies(AlgorithmIdentifier algorithm, byte[] data, int offset, int length, byte[] signature) {
        Signer verifier = verifierFor(algorithm, key);
        if (verifier == null) {
            return false;
        }
        verifier.init(false, key);
        verifier.update(data, offset, length);
        try {
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A fresh lightweight verifier for the algorithm and key kind, or null if they do not fit. */
    static Signer verifierFor(AlgorithmIdentifier algorithm, AsymmetricKeyParameter key) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (key instanceof ECPublicKeyParameters) {
            if (algorithm.getParameters() != null) {
                return null; // RFC 5758: the ECDSA identifiers have absent parameters
            }
            Digest digest = X9ObjectIdentifiers.ecdsa_with_SHA256.equals(oid) ? new SHA256Digest()
                    : X9ObjectIdentifiers.ecdsa_with_SHA384.equals(oid) ? new SHA384Digest()
                    : X9ObjectIdentifiers.ecdsa_with_SHA512.equals(oid) ? new SHA512Digest() : null;
            return digest == null ? null : new DSADigestSigner(new ECDSASigner(), digest);
        }
        if (key instanceof RSAKeyParameters) {
            if (algorithm.getParameters() != null && !DERNull.INSTANCE.equals(algorithm.getParameters())) {
                return null;
            }
            if (PKCSObjectIdentifiers.sha256WithRSAEncryption.equals(oid)) {
                return new RSADigestSigner(new SHA256Digest());
            }
            if (PKCSObjectIdentifiers.sha384WithRSAEncryption.equals(oid)) {
                return new RSADigestSigner(new SHA384Digest());
            }
            if (PKCSObjectIdentifiers.sha512WithRSAEncryption.equals(oid)) {
                return new RSADigestSigner(new SHA512Digest());
            }
        }
        return null;
    }

    /** The identifier of SHA-256 with the signature scheme of {@code key}'s kind (for possession proofs). */
    static AlgorithmIdentifier sha256With(AsymmetricKeyParameter key) {
        return key instanceof RSAKeyParameters
                ? new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE)
                : new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    }

}
