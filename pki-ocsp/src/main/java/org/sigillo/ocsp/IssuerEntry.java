package org.sigillo.ocsp;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** An {@link OcspIssuer} with everything the hot path needs computed once. */
final class IssuerEntry {
    final int index;
    final OcspIssuer config;
    /** The CA's subject key identifier: the key the status source knows it by. */
    final byte[] keyId;
    final RespID responderId;
    final X509CertificateHolder[] certs;
    private final byte[][] nameHashes = new byte[CertIdHash.values().length][];
    private final byte[][] keyHashes = new byte[CertIdHash.values().length][];

    IssuerEntry(int index, OcspIssuer config) {
        this.index = index;
        this.config = config;
        try {
            Certificate ca = Certificate.getInstance(config.issuerCertificate().getEncoded());
            byte[] name = ca.getSubject().getEncoded("DER");
            byte[] key = ca.getSubjectPublicKeyInfo().getPublicKeyData().getBytes();
            for (CertIdHash h : CertIdHash.values()) {
                nameHashes[h.ordinal()] = h.digest(name);
                keyHashes[h.ordinal()] = h.digest(key);
            }
            this.keyId = subjectKeyId(config.issuerCertificate(), keyHashes[CertIdHash.SHA1.ordinal()]);
            List<X509Certificate> chain = config.signerChain();
            this.certs = new X509CertificateHolder[chain.size()];
            for (int i = 0; i < certs.length; i++) {
                certs[i] = new X509CertificateHolder(chain.get(i).getEncoded());
            }
            SubjectPublicKeyInfo signerKey = certs[0].getSubjectPublicKeyInfo();
            DigestCalculator sha1 = new JcaDigestCalculatorProviderBuilder().build().get(RespID.HASH_SHA1);
            this.responderId = new RespID(signerKey, sha1);
        } catch (CertificateEncodingException | IOException | OperatorCreationException | OCSPException e) {
            throw new InvalidOcspConfigurationException("cannot read the certificates of "
                    + config.issuerCertificate().getSubjectX500Principal(), e);
        }
    }

    /** Whether a CertID hashed with {@code hash} names this CA. */
    boolean matches(CertIdHash hash, byte[] nameHash, byte[] keyHash) {
        return Arrays.equals(keyHashes[hash.ordinal()], keyHash) && Arrays.equals(nameHashes[hash.ordinal()], nameHash);
    }

    String name() {
        return config.issuerCertificate().getSubjectX500Principal().getName();
    }

    private static byte[] subjectKeyId(X509Certificate cert, byte[] sha1OfKey) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return sha1OfKey; // RFC 5280 4.2.1.2 method (1)
        }
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }
}
