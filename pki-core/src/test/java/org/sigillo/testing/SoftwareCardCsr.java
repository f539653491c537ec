package org.sigillo.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/**
 * A smart card's PKCS#10 request made with a software EC P-256 key, for tests that need many
 * cards quickly (tests of the card itself use a SoftHSM2 token, see CardsTest).
 */
public final class SoftwareCardCsr {
    private SoftwareCardCsr() {
    }

    /** A new key pair and its self-signed request (DER). */
    public static byte[] newCsr() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair kp = g.generateKeyPair();
        return new PKCS10CertificationRequestBuilder(new X500Name("CN=card"), SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
    }
}
