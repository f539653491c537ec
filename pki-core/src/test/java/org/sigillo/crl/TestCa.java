package org.sigillo.crl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed software root CA (EC P-256 or RSA-3072) for the CRL tests. */
final class TestCa {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    final X500Name name;
    final KeyPair keyPair;
    final String signatureAlgorithm;
    final X509CertificateHolder certificate;
    final byte[] keyId;

    private TestCa(X500Name name, KeyPair keyPair, String signatureAlgorithm) throws Exception {
        this.name = name;
        this.keyPair = keyPair;
        this.signatureAlgorithm = signatureAlgorithm;
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
        this.keyId = CrlHeader.keyIdentifier(spki);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, BigInteger.valueOf(1),
                Date.from(now), Date.from(now.plusSeconds(20L * 365 * 86400)), name, spki);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId));
        this.certificate = builder.build(signer());
    }

    static TestCa ecP256(String commonName) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return new TestCa(new X500Name("C=IT, O=Sigillo Test, CN=" + commonName), generator.generateKeyPair(),
                "SHA256withECDSA");
    }

    static TestCa rsa3072(String commonName) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        return new TestCa(new X500Name("C=IT, O=Sigillo Test, CN=" + commonName), generator.generateKeyPair(),
                "SHA256withRSA");
    }

    /** A fresh Bouncy Castle software signer (a ContentSigner signs once). */
    ContentSigner signer() throws OperatorCreationException {
        return new JcaContentSignerBuilder(signatureAlgorithm).setProvider(BC).build(keyPair.getPrivate());
    }

    String certificatePem() throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        }
        return out.toString();
    }

    X509Certificate jcaCertificate() throws GeneralSecurityException, IOException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
    }
}
