package org.sigillo.ocsp;

import java.math.BigInteger;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Builds OCSP requests with Bouncy Castle, as a client would. */
public final class OcspRequests {
    private OcspRequests() {
    }

    public static CertificateID certId(AlgorithmIdentifier hash, X509Certificate issuer, BigInteger serial) {
        try {
            DigestCalculator calc = new JcaDigestCalculatorProviderBuilder().build().get(hash);
            return new CertificateID(calc, new JcaX509CertificateHolder(issuer), serial);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static CertificateID sha1(X509Certificate issuer, BigInteger serial) {
        return certId(CertificateID.HASH_SHA1, issuer, serial);
    }

    public static CertificateID sha256(X509Certificate issuer, BigInteger serial) {
        return certId(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), issuer, serial);
    }

    /** A DER request for the given CertIDs, with a nonce extension when {@code nonce} is not null. */
    public static byte[] request(byte[] nonce, CertificateID... ids) {
        try {
            OCSPReqBuilder b = new OCSPReqBuilder();
            for (CertificateID id : ids) {
                b.addRequest(id);
            }
            if (nonce != null) {
                b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(nonce).getEncoded())));
            }
            return b.build().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
