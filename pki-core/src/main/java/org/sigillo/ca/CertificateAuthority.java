package org.sigillo.ca;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.sigillo.hsm.SignerPool;

/**
 * A CA as the rest of the engine sees it: its certificate, its signer (the key stays in the
 * vault), and the one seam through which end-entity certificates are made,
 * {@link #issue(EndEntityRequest)}. Thread-safe: batches issue in parallel.
 */
public final class CertificateAuthority {
    private static final ASN1ObjectIdentifier OCSP_NOCHECK = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.48.1.5");

    private final CaRole role;
    private final X509Certificate certificate;
    private final SignerPool signer;
    private final URI crlUri;
    private final URI ocspUri;
    private final SerialNumbers serials;
    private final byte[] keyId;
    private final JcaX509ExtensionUtils extensions;
    /** Settled once: the same for every certificate this CA issues. */
    private final X500Name issuerName;
    /** Writes this CA's end-entity certificates. */
    private final CertificateEncoder encoder;
    private final Instant notAfter;
    private final String keyIdHex;
    /** CertificateFactory is not documented thread-safe: one per thread. */
    private static final ThreadLocal<CertificateFactory> FACTORY = ThreadLocal.withInitial(() -> {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    });

    CertificateAuthority(CaRole role, X509Certificate certificate, SignerPool signer, URI crlUri, URI ocspUri,
                         SerialNumbers serials) {
        this.role = role;
        this.certificate = certificate;
        this.signer = signer;
        this.crlUri = crlUri;
        this.ocspUri = ocspUri;
        this.serials = serials;
        try {
            this.extensions = new JcaX509ExtensionUtils();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from the JDK", e);
        }
        this.keyId = keyIdOf(certificate);
        this.issuerName = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        AuthorityKeyIdentifier aki = new AuthorityKeyIdentifier(keyId);
        AuthorityInformationAccess aia = ocspUri == null ? null : new AuthorityInformationAccess(new AccessDescription(AccessDescription.id_ad_ocsp,
                new GeneralName(GeneralName.uniformResourceIdentifier, ocspUri.toString())));
        List<Extension> tail = new ArrayList<>();
        tail.add(CertificateEncoder.caExtension(Extension.cRLDistributionPoints, crlDp(crlUri)));
        if (aia != null) {
            tail.add(CertificateEncoder.caExtension(Extension.authorityInfoAccess, aia));
        }
        this.encoder = new CertificateEncoder(signer.algorithm().identifier(), issuerName,
                CertificateEncoder.caExtension(Extension.authorityKeyIdentifier, aki), tail);
        this.notAfter = certificate.getNotAfter().toInstant();
        this.keyIdHex = HexFormat.of().formatHex(keyId);
    }

    public CaRole role() {
        return role;
    }

    /** This CA's own certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The end of this CA's own validity: no certificate it issues ends later. */
    public Instant notAfter() {
        return notAfter;
    }

    /**
     * The subject key identifier of a CA certificate (its SKI extension, else the SHA-1 of its
     * key, RFC 5280 4.2.1.2 method 1): what the certificates and CRLs it signs carry as AKI.
     */
    public static byte[] keyIdOf(X509Certificate ca) {
        byte[] ski = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ski != null) {
            return SubjectKeyIdentifier.getInstance(
                    ASN1OctetString.getInstance(ski).getOctets()).getKeyIdentifier();
        }
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(ca.getPublicKey()).getKeyIdentifier();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from the JDK", e);
        }
    }

    /** The subject key identifier of this CA (what its certificates and CRLs carry as AKI). */
    public byte[] keyId() {
        return keyId.clone();
    }

    /** {@link #keyId()} in lowercase hex, as the store records it. */
    public String keyIdHex() {
        return keyIdHex;
    }

    /** The signer pool of this CA's key in the vault. */
    public SignerPool signerPool() {
        return signer;
    }

    /** Where this CA's CRL is published (the CRL DP of what it issues). */
    public URI crlUri() {
        return crlUri;
    }

    /** This CA's OCSP responder (the AIA of what it issues). */
    public URI ocspUri() {
        return ocspUri;
    }

    /**
     * Issues an end-entity certificate: adds a fresh serial, issuer, AKI, SKI, basicConstraints
     * CA:false, keyUsage (critical), EKU, CRL distribution point and OCSP AIA, and signs with
     * this CA's key.
     *
     * @throws CaException {@link CaException.Kind#REQUEST_REFUSED} when the validity leaves the CA's own
     */
    public X509Certificate issue(EndEntityRequest r) {
        return toJdk(issueEncoded(r).der());
    }

    /**
     * As {@link #issue}, returning the DER with the serial and validity it carries: what the batch
     * records, with no parse at all. The certificate is written by {@link CertificateEncoder} and
     * signed through this CA's signer pool.
     *
     * @throws CaException {@link CaException.Kind#REQUEST_REFUSED} when the validity leaves the CA's own
     */
    public IssuedCertificate issueEncoded(EndEntityRequest r) {
        if (r.notAfter().isAfter(notAfter)) {
            throw new CaException(CaException.Kind.REQUEST_REFUSED, "notAfter " + r.notAfter() + " is beyond the CA's own "
                    + notAfter);
        }
        BigInteger serial = serials.next();
        byte[] tbs = encoder.tbs(r, serial);
        byte[] der = encoder.certificate(tbs, signer.sign(tbs));
        return new IssuedCertificate(der, serial, CertificateEncoder.second(r.notBefore()), CertificateEncoder.second(r.notAfter()));
    }

    /** The TBSCertificate this CA would sign for {@code r} with {@code serial} (CertificateEncoderTest). */
    byte[] tbs(EndEntityRequest r, BigInteger serial) {
        return encoder.tbs(r, serial);
    }

    /** Issues the delegated OCSP signer certificate of this CA. */
    X509Certificate issueOcspSigner(X500Name subject, SubjectPublicKeyInfo key, Instant notBefore, Instant notAfter) {
        try {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuerName(), serials.next(),
                    Date.from(notBefore), Date.from(notAfter), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
            b.addExtension(OCSP_NOCHECK, false, DERNull.INSTANCE);
            b.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key));
            return sign(b);
        } catch (IOException | CertificateException e) {
            throw new CaException(CaException.Kind.SIGNING_FAILED, "issuing the OCSP signer " + subject + " failed", e);
        }
    }

    /** Issues a subordinate CA certificate (pathLen 0). */
    X509Certificate issueSubordinate(X500Name subject, SubjectPublicKeyInfo key, Instant notBefore, Instant notAfter) {
        try {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuerName(), serials.next(),
                    Date.from(notBefore), Date.from(notAfter), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.cRLDistributionPoints, false, crlDp(crlUri));
            return sign(b);
        } catch (IOException | CertificateException e) {
            throw new CaException(CaException.Kind.SIGNING_FAILED, "issuing the CA certificate " + subject + " failed", e);
        }
    }

    static CRLDistPoint crlDp(URI uri) {
        GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri.toString()));
        return new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(names), null, null)});
    }

    private X500Name issuerName() {
        return issuerName;
    }

    private X509Certificate sign(X509v3CertificateBuilder b) {
        return toJdk(b.build(signer.contentSigner()));
    }

    private static X509Certificate toJdk(X509CertificateHolder holder) {
        try {
            return toJdk(holder.getEncoded());
        } catch (IOException e) {
            throw new CaException(CaException.Kind.SIGNING_FAILED, "the signed certificate does not encode", e);
        }
    }

    private static X509Certificate toJdk(byte[] der) {
        try {
            return (X509Certificate) FACTORY.get().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new CaException(CaException.Kind.SIGNING_FAILED, "the signed certificate does not parse", e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + role + ", " + certificate.getSubjectX500Principal() + "]";
    }

}
