package org.sigillo.validation;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A software test PKI shaped like Sigillo's: a "workstation and server" issuing CA and a
 * smart-card issuing CA (EC P-256 or RSA-3072, with SKI), issuing workstation (PC), server
 * (CO) and smart-card leaves with AKI. Shared by the validator tests, the negative-corpus
 * generator and the dual-check benchmark.
 */
public final class TestPki {

    /** The CA key algorithm. */
    public enum Algorithm { EC_P256, RSA_3072 }

    /** One issued certificate, its DER, serial and key pair. */
    public record Leaf(byte[] der, BigInteger serial, KeyPair keyPair) {
        /** The certificate as the JDK decodes it (a new object each call). */
        public X509Certificate x509() {
            return TestPki.x509(der);
        }
    }

    /** An issuing CA: name, keys, signature algorithm, certificate and key identifier. */
    public static final class Ca {
        public final X500Name name;
        public final KeyPair keyPair;
        public final String signatureAlgorithm;
        public final byte[] der;
        public final byte[] keyId;

        Ca(X500Name name, KeyPair keyPair, String signatureAlgorithm, Instant from, Instant to) {
            this.name = name;
            this.keyPair = keyPair;
            this.signatureAlgorithm = signatureAlgorithm;
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
            try {
                this.keyId = new JcaX509ExtensionUtils().createSubjectKeyIdentifier(spki).getKeyIdentifier();
                X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.ONE,
                        Date.from(from), Date.from(to), name, spki);
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId));
                this.der = b.build(signer(keyPair.getPrivate(), signatureAlgorithm)).getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** The CA certificate as the JDK decodes it. */
        public X509Certificate x509() {
            return TestPki.x509(der);
        }
    }

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    public final Algorithm algorithm;
    public final Ca workstationCa;
    public final Ca smartCardCa;
    /** Default validity of issued leaves. */
    public final Instant notBefore;
    public final Instant notAfter;
    private final AtomicLong serials = new AtomicLong(0x1000);
    private final KeyPair defaultLeafKey;

    /** A PKI whose CA names are the standard Sigillo test names. */
    public TestPki(Algorithm algorithm, Instant notBefore, Instant notAfter) {
        this(algorithm, "Sigillo Test", notBefore, notAfter);
    }

    /** A PKI whose CAs are named {@code CN=… CA, O=organization, C=IT}. */
    public TestPki(Algorithm algorithm, String organization, Instant notBefore, Instant notAfter) {
        this.algorithm = algorithm;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        Instant caFrom = notBefore.minusSeconds(365L * 86400);
        Instant caTo = notAfter.plusSeconds(5 * 365L * 86400);
        this.workstationCa = new Ca(new X500Name("CN=Workstation and Server CA, O=" + organization + ", C=IT"),
                caKeys(algorithm), sigAlg(algorithm), caFrom, caTo);
        this.smartCardCa = new Ca(new X500Name("CN=Smart Card CA, O=" + organization + ", C=IT"),
                caKeys(algorithm), sigAlg(algorithm), caFrom, caTo);
        this.defaultLeafKey = ecKeyPair();
    }

    /** A fresh EC P-256 key pair (BC). */
    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared leaf key pair used when none is given. */
    public KeyPair defaultLeafKey() {
        return defaultLeafKey;
    }

    /** A workstation certificate {@code {istat}-PC-{number}} (clientAuth), default validity. */
    public Leaf workstation(String istat, int number, KeyPair key) {
        return issue(workstationCa, workstationName(istat, "PC", number), key, notBefore, notAfter,
                new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, nextSerial());
    }

    /** A server certificate {@code {istat}-CO-{number}} (serverAuth, clientAuth), default validity. */
    public Leaf server(String istat, int number, KeyPair key) {
        return issue(workstationCa, workstationName(istat, "CO", number), key, notBefore, notAfter,
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}, nextSerial());
    }

    /** A smart-card certificate for {@code cf} as written on the card (clientAuth, emailProtection). */
    public Leaf card(String cf, String givenName, String surname, KeyPair key) {
        return issue(smartCardCa, cardName(cf, givenName, surname), key, notBefore, notAfter,
                new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_emailProtection}, nextSerial());
    }

    /** The subject of a workstation or server certificate. */
    public static X500Name workstationName(String istat, String kind, int number) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "IT")
                .addRDN(BCStyle.O, "Comune " + istat)
                .addRDN(BCStyle.CN, String.format("%s-%s-%04d", istat, kind, number))
                .build();
    }

    /** The subject of a smart-card certificate. */
    public static X500Name cardName(String cf, String givenName, String surname) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "IT")
                .addRDN(BCStyle.SURNAME, surname)
                .addRDN(BCStyle.GIVENNAME, givenName)
                .addRDN(BCStyle.SERIALNUMBER, "TINIT-" + cf)
                .addRDN(BCStyle.CN, givenName + " " + surname)
                .build();
    }

    /** The next serial number of this PKI. */
    public BigInteger nextSerial() {
        return BigInteger.valueOf(serials.incrementAndGet());
    }

    /** Issues any leaf (never a CA) from {@code ca}, with AKI and the given EKUs. */
    public Leaf issue(Ca ca, X500Name subject, KeyPair key, Instant from, Instant to, KeyPurposeId[] ekus,
                      BigInteger serial) {
        KeyPair k = key == null ? defaultLeafKey : key;
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(k.getPublic().getEncoded());
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(ca.name, serial, Date.from(from), Date.from(to),
                    subject, spki);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ca.keyId));
            if (ekus != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus));
            }
            byte[] der = b.build(signer(ca.keyPair.getPrivate(), ca.signatureAlgorithm)).getEncoded();
            return new Leaf(der, serial, k);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes DER with the JDK (a new object each call: no factory cache is shared). */
    public static X509Certificate x509(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A BC software content signer. */
    public static ContentSigner signer(PrivateKey key, String algorithm) {
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(BC).build(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs {@code data} with {@code key} as a card would for a possession proof (SHA-256). */
    public static byte[] signChallenge(KeyPair key, byte[] data) {
        String alg = key.getPrivate().getAlgorithm().startsWith("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            Signature s = Signature.getInstance(alg, BC);
            s.initSign(key.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A valid codice fiscale for person number {@code n} (0 ≤ n < 26^3): surname letters from
     * {@code n}, name MRA, born 10 December 1985 in Roma (H501), with its check letter.
     */
    public static String codiceFiscale(int n) {
        char a = (char) ('B' + n % 20);
        char b = (char) ('B' + (n / 20) % 20);
        char c = (char) ('B' + (n / 400) % 20);
        String first15 = "" + a + b + c + "MRA" + String.format("%02d", (n / 8000) % 100) + "T10H501";
        return first15 + checkLetter(first15);
    }

    /** The codice fiscale check letter of 15 characters (DOMAIN.md). */
    public static char checkLetter(String first15) {
        int[] odd = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char ch = first15.charAt(i);
            int index = ch >= '0' && ch <= '9' ? ch - '0' : ch - 'A';
            sum += i % 2 == 0 ? odd[index] : index;
        }
        return (char) ('A' + sum % 26);
    }

    private static KeyPair caKeys(Algorithm algorithm) {
        if (algorithm == Algorithm.EC_P256) {
            return ecKeyPair();
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", BC);
            g.initialize(3072, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sigAlg(Algorithm algorithm) {
        return algorithm == Algorithm.EC_P256 ? "SHA256withECDSA" : "SHA256withRSA";
    }

}
