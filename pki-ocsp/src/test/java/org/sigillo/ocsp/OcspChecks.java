package org.sigillo.ocsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Parses responses back with Bouncy Castle and checks what every successful response must hold. */
final class OcspChecks {
    private OcspChecks() {
    }

    /** The response status of a DER OCSPResponse. */
    static int status(byte[] der) {
        try {
            return new OCSPResp(der).getStatus();
        } catch (Exception e) {
            throw new AssertionError("not an OCSPResponse", e);
        }
    }

    /**
     * Parses a successful response signed by {@code ca}'s delegated signer and checks its
     * signature, responder id (byKey) and certs ([signer, CA]).
     */
    static BasicOCSPResp verified(byte[] der, OcspTestPki.Ca ca) {
        try {
            OCSPResp resp = new OCSPResp(der);
            assertEquals(OCSPResp.SUCCESSFUL, resp.getStatus(), "responseStatus");
            BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
            X509Certificate signer = ca.ocspSigner();
            assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(OcspTestPki.BC).build(signer)),
                    "signature verifies with the OCSP signer's key");
            RespID expected = new RespID(SubjectPublicKeyInfo.getInstance(signer.getPublicKey().getEncoded()),
                    new JcaDigestCalculatorProviderBuilder().build().get(RespID.HASH_SHA1));
            assertEquals(expected, basic.getResponderId(), "responderID byKey");
            assertTrue(basic.getResponderId().toASN1Primitive().getName() == null, "responderID is not byName");
            X509CertificateHolder[] certs = basic.getCerts();
            assertEquals(2, certs.length, "certs: signer and CA");
            assertArrayEquals(signer.getEncoded(), certs[0].getEncoded(), "certs[0] is the signer");
            assertArrayEquals(ca.certificate().getEncoded(), certs[1].getEncoded(), "certs[1] is the CA");
            assertEquals(basic.getSignatureAlgOID(), X9ObjectIdentifiers.ecdsa_with_SHA256);
            return basic;
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("response does not parse or verify", e);
        }
    }
}
