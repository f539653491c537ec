package org.sigillo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigInteger;
import java.util.Date;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.junit.jupiter.api.Test;
import org.sigillo.registry.Environment;
import org.sigillo.status.CertStatus;

/**
 * RFC 5280 4.2.1.12: a certificate with both key usage and extended key usage may be used only
 * for a purpose consistent with both; TLS client authentication and the card's possession proof
 * are signatures, so a key usage without digitalSignature is not a workstation or card
 * certificate even with clientAuth. RFC 5280 4.2: a critical extension the relying party does
 * not recognise must make it reject the certificate.
 */
class KeyUsageAndCriticalExtensionTest {

    private static byte[] leaf(Fixture f, TestPki.Ca ca, X500Name subject, int keyUsage, boolean unknownCritical,
                               BigInteger serial) throws Exception {
        TestPki pki = f.pki;
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pki.defaultLeafKey().getPublic().getEncoded());
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(ca.name, serial, Date.from(pki.notBefore),
                Date.from(pki.notAfter), subject, spki);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ca.keyId));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        if (unknownCritical) {
            b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), true, DERNull.INSTANCE);
        }
        byte[] der = b.build(TestPki.signer(ca.keyPair.getPrivate(), ca.signatureAlgorithm)).getEncoded();
        f.status.put(ca.keyId, serial, CertStatus.GOOD);
        return der;
    }

    private static void assertRefused(RefusalReason reason, Slot slot, CheckResult r) {
        CheckResult.Refused refused = assertInstanceOf(CheckResult.Refused.class, r, r.toString());
        assertEquals(reason, refused.reason(), refused.toString());
        assertEquals(slot, refused.slot(), refused.toString());
    }

    @Test
    void aKeyUsageWithoutDigitalSignatureIsNeitherAWorkstationNorACardCertificate() throws Exception {
        Fixture f = new Fixture(TestPki.Algorithm.EC_P256);
        for (DualCheckValidator v : new DualCheckValidator[] {f.validator(), f.validator(0)}) {
            byte[] ws = leaf(f, f.pki.workstationCa, TestPki.workstationName("058091", "PC", 9), KeyUsage.keyAgreement,
                    false, f.pki.nextSerial());
            assertRefused(RefusalReason.WRONG_KIND, Slot.WORKSTATION, v.check(ws, f.card.der(), Environment.PRODUZIONE));

            BigInteger serial = f.pki.nextSerial();
            byte[] card = leaf(f, f.pki.smartCardCa, TestPki.cardName(Fixture.CF.asGiven(), "Mario", "Rossi"),
                    KeyUsage.keyEncipherment, false, serial);
            f.registry.setCurrentCard(Fixture.CF, new CardRef(f.pki.smartCardCa.keyId, serial));
            assertRefused(RefusalReason.WRONG_KIND, Slot.CARD, v.check(f.workstation.der(), card, Environment.PRODUZIONE));

            // the same with digitalSignature is accepted: only the key usage differs
            BigInteger good = f.pki.nextSerial();
            byte[] signing = leaf(f, f.pki.smartCardCa, TestPki.cardName(Fixture.CF.asGiven(), "Mario", "Rossi"),
                    KeyUsage.digitalSignature, false, good);
            f.registry.setCurrentCard(Fixture.CF, new CardRef(f.pki.smartCardCa.keyId, good));
            assertInstanceOf(CheckResult.Accepted.class, v.check(f.workstation.der(), signing, Environment.PRODUZIONE));
        }
    }

    @Test
    void anUnrecognisedCriticalExtensionIsRefused() throws Exception {
        Fixture f = new Fixture(TestPki.Algorithm.EC_P256);
        for (DualCheckValidator v : new DualCheckValidator[] {f.validator(), f.validator(0)}) {
            byte[] ws = leaf(f, f.pki.workstationCa, TestPki.workstationName("058091", "PC", 10), KeyUsage.digitalSignature,
                    true, f.pki.nextSerial());
            assertRefused(RefusalReason.WRONG_KIND, Slot.WORKSTATION, v.check(ws, f.card.der(), Environment.PRODUZIONE));

            BigInteger serial = f.pki.nextSerial();
            byte[] card = leaf(f, f.pki.smartCardCa, TestPki.cardName(Fixture.CF.asGiven(), "Mario", "Rossi"),
                    KeyUsage.digitalSignature, true, serial);
            f.registry.setCurrentCard(Fixture.CF, new CardRef(f.pki.smartCardCa.keyId, serial));
            assertRefused(RefusalReason.WRONG_KIND, Slot.CARD, v.check(f.workstation.der(), card, Environment.PRODUZIONE));
        }
    }
}
