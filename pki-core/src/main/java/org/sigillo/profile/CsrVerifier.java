package org.sigillo.profile;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.Base64;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Checks the PKCS#10 request a smart card made: it parses, its signature verifies with its own
 * public key (proof that the card holds the private key; BC's provider, as ECDSA verification
 * in SunEC is an order of magnitude slower), the signature algorithm is SHA-2 RSA or ECDSA, and
 * the key passes {@link KeyPolicy}. Returns the key to certify.
 */
public final class CsrVerifier {
    private static final Set<ASN1ObjectIdentifier> ACCEPTED = Set.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, PKCSObjectIdentifiers.sha384WithRSAEncryption,
            PKCSObjectIdentifiers.sha512WithRSAEncryption, X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA512);
    private static final int MAX_BYTES = 64 * 1024;

    private final Provider bc = BouncyCastle.PROVIDER;

    /**
     * @param derOrPem the request, DER or PEM
     * @throws CsrRejectedException with the reason
     */
    public SubjectPublicKeyInfo verify(byte[] derOrPem) {
        if (derOrPem == null || derOrPem.length == 0 || derOrPem.length > MAX_BYTES) {
            throw new CsrRejectedException(CsrRejectedException.Reason.MALFORMED, "empty or larger than 64 KiB", null);
        }
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(der(derOrPem));
        } catch (Exception e) {
            throw new CsrRejectedException(CsrRejectedException.Reason.MALFORMED, "not a PKCS#10 request: " + e.getMessage(), e);
        }
        ASN1ObjectIdentifier alg = csr.getSignatureAlgorithm().getAlgorithm();
        if (!ACCEPTED.contains(alg)) {
            throw new CsrRejectedException(CsrRejectedException.Reason.UNSUPPORTED_ALGORITHM,
                    "signature algorithm " + alg + " is not accepted (SHA-2 with RSA or ECDSA only)", null);
        }
        SubjectPublicKeyInfo spki = csr.getSubjectPublicKeyInfo();
        try {
            KeyPolicy.check(spki);
        } catch (WeakKeyException e) {
            throw new CsrRejectedException(CsrRejectedException.Reason.WEAK_KEY, e.getMessage(), e);
        }
        boolean valid;
        try {
            ContentVerifierProvider v = new JcaContentVerifierProviderBuilder().setProvider(bc).build(spki);
            valid = csr.isSignatureValid(v);
        } catch (Exception e) {
            throw new CsrRejectedException(CsrRejectedException.Reason.BAD_SIGNATURE, "the signature cannot be checked: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new CsrRejectedException(CsrRejectedException.Reason.BAD_SIGNATURE,
                    "the request's signature does not verify with its own key (no proof of possession)", null);
        }
        return spki;
    }

    private static byte[] der(byte[] in) {
        String text = new String(in, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN ");
        if (begin < 0) {
            return in;
        }
        int headerEnd = text.indexOf("-----", begin + 11);
        String type = text.substring(begin + 11, headerEnd);
        if (!type.equals("CERTIFICATE REQUEST") && !type.equals("NEW CERTIFICATE REQUEST")) {
            throw new IllegalArgumentException("PEM of type " + type + ", not a CERTIFICATE REQUEST");
        }
        int end = text.indexOf("-----END ", headerEnd);
        if (end < 0) {
            throw new IllegalArgumentException("PEM without an END line");
        }
        return Base64.getMimeDecoder().decode(text.substring(headerEnd + 5, end));
    }
}
