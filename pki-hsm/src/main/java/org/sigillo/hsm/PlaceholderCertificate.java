package org.sigillo.hsm;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate stored next to a freshly generated key. Key stores (SunPKCS11's
 * and PKCS#12) keep a private key under a label only together with a certificate; this one
 * says "no real certificate yet" and is replaced by {@link KeyVault#attachCertificateChain}.
 */
final class PlaceholderCertificate {
    private PlaceholderCertificate() {
    }

    /** Whether {@code c} is a placeholder: self-issued, named as {@link #create} names it (RFC 2253 order). */
    static boolean is(Certificate c) {
        return c instanceof X509Certificate x && x.getSubjectX500Principal().equals(x.getIssuerX500Principal())
                && x.getSubjectX500Principal().getName().startsWith("O=Sigillo,OU=key placeholder,CN=");
    }

    static X509Certificate create(String label, KeySpec spec, KeyPair pair, Provider signingProvider) {
        try {
            X500Name name = new X500Name("CN=" + label + ",OU=key placeholder,O=Sigillo");
            Date from = new Date(0L);
            Date to = new Date(253402300799000L); // 9999-12-31T23:59:59Z, RFC 5280 "no expiry"
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, from, to, name, pair.getPublic());
            JcaContentSignerBuilder sb = new JcaContentSignerBuilder(spec.defaultSignatureAlgorithm().jcaName());
            if (signingProvider != null) {
                sb.setProvider(signingProvider);
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(sb.build(pair.getPrivate())));
        } catch (OperatorCreationException | CertificateException e) {
            throw Pkcs11Errors.wrap(e, "making the placeholder certificate for key '" + label + "'");
        }
    }
}
