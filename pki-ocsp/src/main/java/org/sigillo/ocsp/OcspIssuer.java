package org.sigillo.ocsp;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.operator.ContentSigner;
import org.sigillo.status.StatusSource;

/**
 * One issuing CA served by a responder: its certificate, the certificate chain of the key that
 * signs its OCSP responses, where to get a signer for that key, and where its statuses live.
 *
 * <p>The signer is normally a delegated OCSP signer (RFC 6960 4.2.2.2): a certificate issued
 * directly by {@code issuerCertificate} carrying the id-kp-OCSPSigning extended key usage;
 * {@code signerChain} starts with it and may go on with the issuing CA (and above) so that
 * clients can build the path from the response alone; the whole chain is sent in every
 * response's {@code certs}. The CA itself may also sign (then {@code signerChain} starts with
 * the CA certificate). Both are checked here, so an issuer that builds is usable.
 *
 * @param issuerCertificate the issuing CA whose certificates are answered for
 * @param signerChain       the OCSP signer certificate first, then optionally its issuers
 * @param signer            a fresh single-use {@link ContentSigner} for the signer's key on
 *                          every call (for example {@code signerPool::contentSigner})
 * @param statusSource      the live statuses of the certificates this CA issued
 */
public record OcspIssuer(X509Certificate issuerCertificate, List<X509Certificate> signerChain,
                         Supplier<ContentSigner> signer, StatusSource statusSource) {
    public OcspIssuer {
        Objects.requireNonNull(issuerCertificate, "issuerCertificate");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(statusSource, "statusSource");
        signerChain = List.copyOf(Objects.requireNonNull(signerChain, "signerChain"));
        if (signerChain.isEmpty()) {
            throw new InvalidOcspConfigurationException("the OCSP signer chain of "
                    + issuerCertificate.getSubjectX500Principal() + " is empty");
        }
        X509Certificate responder = signerChain.get(0);
        if (!responder.equals(issuerCertificate)) {
            checkDelegated(issuerCertificate, responder);
        }
    }

    /** The certificate whose key signs the responses. */
    public X509Certificate signerCertificate() {
        return signerChain.get(0);
    }

    private static void checkDelegated(X509Certificate ca, X509Certificate responder) {
        String who = "OCSP signer " + responder.getSubjectX500Principal();
        if (!responder.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new InvalidOcspConfigurationException(who + " is issued by " + responder.getIssuerX500Principal()
                    + ", not by the CA it signs for, " + ca.getSubjectX500Principal());
        }
        try {
            responder.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new InvalidOcspConfigurationException(who + " is not signed by the key of " + ca.getSubjectX500Principal(), e);
        }
        List<String> eku;
        try {
            eku = responder.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new InvalidOcspConfigurationException(who + " has an unreadable extended key usage", e);
        }
        if (eku == null || !eku.contains(KeyPurposeId.id_kp_OCSPSigning.getId())) {
            throw new InvalidOcspConfigurationException(who + " lacks the id-kp-OCSPSigning extended key usage");
        }
    }
}
