package org.sigillo.ocsp;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.SignatureAlgorithm;
import org.sigillo.hsm.SignerPool;
import org.sigillo.status.CertStatus;
import org.sigillo.status.InMemoryStatusSource;
import org.sigillo.testing.OpenSsl;

/**
 * A small PKI for OCSP tests, built with Bouncy Castle: a root, issuing CAs with software keys,
 * and per issuing CA a delegated OCSP signer (id-kp-OCSPSigning, id-pkix-ocsp-nocheck) whose
 * key lives in a {@link KeyVault} (a SoftHSM2 token in the tests). End-entity certificates share
 * one software key; only their serials and issuers matter to OCSP.
 */
public final class OcspTestPki {
    /** The Bouncy Castle provider instance the fixture signs and verifies with (not registered globally). */
    public static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter().setProvider(BC);

    private final KeyVault vault;
    private final InMemoryStatusSource statuses = new InMemoryStatusSource();
    private final KeyPair rootKeys;
    private final X509Certificate root;
    private final KeyPair endEntityKeys;
    private final List<Ca> cas = new ArrayList<>();
    private final AtomicLong serials = new AtomicLong(0x1000);

    /** An issuing CA with its delegated OCSP signer. */
    public final class Ca {
        private final String name;
        private final KeyPair keys;
        private final X509Certificate certificate;
        private final X509Certificate ocspSigner;
        private final SignerPool signerPool;

        private Ca(String name, KeyPair keys, X509Certificate certificate, X509Certificate ocspSigner, SignerPool signerPool) {
            this.name = name;
            this.keys = keys;
            this.certificate = certificate;
            this.ocspSigner = ocspSigner;
            this.signerPool = signerPool;
        }

        public String name() {
            return name;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        public X509Certificate ocspSigner() {
            return ocspSigner;
        }

        public SignerPool signerPool() {
            return signerPool;
        }

        /** The subject key identifier, as the status source knows the CA. */
        public byte[] keyId() {
            return subjectKeyId(certificate);
        }

        /** The responder configuration: signer chain = [OCSP signer, this CA]. */
        public OcspIssuer issuer() {
            return new OcspIssuer(certificate, List.of(ocspSigner, certificate), signerPool::contentSigner, statuses);
        }

        /** Issues an end-entity certificate and records it as good. */
        public X509Certificate issue(String cn) {
            // a long positive serial like a real CA's: a counter above 64 random bits
            BigInteger serial = BigInteger.valueOf(serials.incrementAndGet()).shiftLeft(64)
                    .or(new BigInteger(64, new SecureRandom()));
            X509Certificate cert = build(certificate, keys, new X500Name("CN=" + cn + ",O=Sigillo Test"), serial,
                    endEntityKeys.getPublic(), false, null);
            statuses.put(keyId(), serial, CertStatus.GOOD);
            return cert;
        }

        /** An end-entity certificate this CA signed but never recorded (the status source says unknown). */
        public X509Certificate issueUnrecorded(String cn) {
            BigInteger serial = BigInteger.valueOf(serials.incrementAndGet());
            return build(certificate, keys, new X500Name("CN=" + cn + ",O=Sigillo Test"), serial,
                    endEntityKeys.getPublic(), false, null);
        }

        public void block(X509Certificate cert, Instant when) {
            statuses.put(keyId(), cert.getSerialNumber(), new CertStatus.Revoked(when,
                    RevocationReason.CERTIFICATE_HOLD, Optional.empty()));
        }

        public void unblock(X509Certificate cert) {
            statuses.put(keyId(), cert.getSerialNumber(), CertStatus.GOOD);
        }

        public void revoke(X509Certificate cert, Instant when, RevocationReason reason) {
            statuses.put(keyId(), cert.getSerialNumber(), new CertStatus.Revoked(when, reason, Optional.empty()));
        }
    }

    /**
     * A root and the named issuing CAs; each CA's OCSP signer key is generated in {@code vault}
     * under the label {@code ocsp-<name>}.
     */
    public OcspTestPki(KeyVault vault, String... caNames) {
        this.vault = vault;
        this.rootKeys = ecKeys();
        this.endEntityKeys = ecKeys();
        X500Name rootName = new X500Name("CN=Sigillo Test Root,O=Sigillo Test");
        this.root = build(null, rootKeys, rootName, BigInteger.ONE, rootKeys.getPublic(), true, null);
        for (String name : caNames) {
            KeyPair caKeys = ecKeys();
            X509Certificate ca = build(root, rootKeys, new X500Name("CN=" + name + ",O=Sigillo Test"),
                    BigInteger.valueOf(serials.incrementAndGet()), caKeys.getPublic(), true, null);
            // a random suffix, so that several fixtures (benchmark forks) can share one token
            String label = "ocsp-" + name.toLowerCase().replaceAll("[^a-z0-9]", "-") + "-"
                    + Long.toHexString(new SecureRandom().nextLong() & 0xffffffL);
            PublicKey signerKey = vault.generate(label, KeySpec.EC_P256).publicKey();
            X509Certificate signer = build(ca, caKeys, new X500Name("CN=OCSP " + name + ",O=Sigillo Test"),
                    BigInteger.valueOf(serials.incrementAndGet()), signerKey, false, KeyPurposeId.id_kp_OCSPSigning);
            vault.attachCertificateChain(label, new X509Certificate[] {signer, ca, root});
            cas.add(new Ca(name, caKeys, ca, signer, vault.signerPool(label, SignatureAlgorithm.SHA256_WITH_ECDSA)));
        }
    }

    public X509Certificate root() {
        return root;
    }

    public Ca ca(int i) {
        return cas.get(i);
    }

    public InMemoryStatusSource statuses() {
        return statuses;
    }

    public KeyVault vault() {
        return vault;
    }

    /** Every test certificate's validity. */
    public static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    public static final Instant NOT_AFTER = Instant.parse("2036-01-01T00:00:00Z");

    /** A certificate with a given issuer and key usage profile, signed with BC in software. */
    public static X509Certificate build(X509Certificate issuer, KeyPair issuerKeys, X500Name subject, BigInteger serial,
                                 PublicKey subjectKey, boolean ca, KeyPurposeId eku) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name issuerName = issuer == null ? subject : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            // fixed, and wide: the tests' clocks (fixed instants of 2026, and now) must all fall inside
            Instant from = NOT_BEFORE;
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial, Date.from(from),
                    Date.from(NOT_AFTER), subject, subjectKey);
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, issuer == null
                    ? ext.createAuthorityKeyIdentifier(subjectKey) : ext.createAuthorityKeyIdentifier(issuer));
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            if (eku != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
                b.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
            }
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(issuerKeys.getPrivate());
            X509CertificateHolder holder = b.build(signer);
            return CONVERTER.getCertificate(holder);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("building a test certificate failed", e);
        }
    }

    public static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] subjectKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return SubjectKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }

    /** Writes certificates as one PEM file. */
    public static Path pem(Path file, X509Certificate... certs) {
        return OpenSsl.writePem(file, certs);
    }
}
