package org.sigillo.ca;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.SignerPool;
import org.sigillo.hsm.VaultKey;

/**
 * Sigillo's CA hierarchy, every key in a {@link KeyVault}: a root; a workstation-and-server
 * issuing CA and a smart-card issuing CA under it; a delegated OCSP signer under each issuing
 * CA. {@link #create} makes it once; {@link #load} finds it again from any later engine,
 * because each certificate is stored next to its key in the vault.
 *
 * <p>Each key gets only its own certificate attached, never the chain: SunPKCS11 stores chain
 * certificates as shared token objects, and deleting or replacing one key's entry can then
 * delete a certificate another entry still needs.
 */
public final class CaHierarchy {
    /** Certificates are back-dated this much to tolerate clock skew between machines. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    /** How long before its end an OCSP signer certificate is certified again, at the next load. */
    static final Duration OCSP_RENEWAL = Duration.ofDays(30);

    private final KeyVault vault;
    private final CaSettings settings;
    private final X509Certificate root;
    private final Map<CaRole, CertificateAuthority> cas;
    private final Map<CaRole, OcspSigner> ocspCerts;

    private CaHierarchy(KeyVault vault, CaSettings settings, X509Certificate root, Map<CaRole, CertificateAuthority> cas,
                        Map<CaRole, OcspSigner> ocspCerts) {
        this.vault = vault;
        this.settings = settings;
        this.root = root;
        this.cas = cas;
        this.ocspCerts = ocspCerts;
    }

    /**
     * Generates every key in the vault and issues the hierarchy.
     *
     * @throws CaException {@link CaException.Kind#ALREADY_EXISTS} when any of its keys exists already
     */
    public static CaHierarchy create(KeyVault vault, CaSettings settings, Clock clock) {
        Objects.requireNonNull(vault, "vault");
        for (CaRole role : CaRole.values()) {
            if (vault.find(settings.label(role)).isPresent()) {
                throw new CaException(CaException.Kind.ALREADY_EXISTS, "key '" + settings.label(role) + "' already exists in "
                        + vault.description() + ": a hierarchy is there; load it instead");
            }
        }
        SerialNumbers serials = new SerialNumbers(clock);
        Instant now = clock.instant();
        Instant from = now.minus(BACKDATE);
        // all or nothing: a create that fails half-way deletes the keys it generated, so the vault
        // is left as it was (else load would call the hierarchy MISSING and create ALREADY_EXISTS)
        List<String> generated = new ArrayList<>();
        try {
            return create(vault, settings, serials, now, from, generated);
        } catch (RuntimeException | Error e) {
            for (int i = generated.size() - 1; i >= 0; i--) {
                try {
                    vault.delete(generated.get(i));
                } catch (RuntimeException d) {
                    e.addSuppressed(d);
                }
            }
            throw e;
        }
    }

    private static CaHierarchy create(KeyVault vault, CaSettings settings, SerialNumbers serials, Instant now, Instant from,
                                      List<String> generated) {
        VaultKey rootKey = vault.generate(settings.label(CaRole.ROOT), settings.keySpec());
        generated.add(rootKey.label());
        SignerPool rootPool = vault.signerPool(rootKey.label(), settings.keySpec().defaultSignatureAlgorithm());
        X509Certificate root = selfSigned(settings.name(CaRole.ROOT), rootKey, rootPool, from,
                plus(now, settings.validity(CaRole.ROOT)), serials);
        vault.attachCertificateChain(rootKey.label(), new X509Certificate[] {root});
        CertificateAuthority rootCa = new CertificateAuthority(CaRole.ROOT, root, rootPool, settings.crlUri(CaRole.ROOT), null, serials);

        Map<CaRole, CertificateAuthority> cas = new EnumMap<>(CaRole.class);
        Map<CaRole, OcspSigner> ocsp = new EnumMap<>(CaRole.class);
        for (CaRole issuing : List.of(CaRole.WORKSTATION_CA, CaRole.SMARTCARD_CA)) {
            VaultKey key = vault.generate(settings.label(issuing), settings.keySpec());
            generated.add(key.label());
            X509Certificate cert = rootCa.issueSubordinate(settings.name(issuing), spki(key), from,
                    plus(now, settings.validity(issuing)));
            vault.attachCertificateChain(key.label(), new X509Certificate[] {cert});
            CertificateAuthority ca = new CertificateAuthority(issuing, cert,
                    vault.signerPool(key.label(), settings.keySpec().defaultSignatureAlgorithm()),
                    settings.crlUri(issuing), settings.ocspUri(issuing), serials);
            cas.put(issuing, ca);

            CaRole ocspRole = ocspRoleOf(issuing);
            VaultKey ocspKey = vault.generate(settings.label(ocspRole), settings.keySpec());
            generated.add(ocspKey.label());
            // the signer never outlives the CA it answers for (as in a renewal)
            X509Certificate ocspCert = ca.issueOcspSigner(settings.name(ocspRole), spki(ocspKey), from,
                    earlier(plus(now, settings.validity(ocspRole)), cert.getNotAfter().toInstant()));
            vault.attachCertificateChain(ocspKey.label(), new X509Certificate[] {ocspCert});
            ocsp.put(issuing, new OcspSigner(ocspKey.label(), ocspCert));
        }
        return new CaHierarchy(vault, settings, root, cas, ocsp);
    }

    /**
     * Finds the hierarchy again in the vault; {@code clock} stamps the serial numbers it issues.
     * A delegated OCSP signer whose certificate ends within 30 days gets a new key and
     * certificate here (see {@code currentOcspSigner}).
     *
     * @throws CaException {@link CaException.Kind#MISSING} naming the key or certificate that is not there
     */
    public static CaHierarchy load(KeyVault vault, CaSettings settings, Clock clock) {
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(clock, "clock");
        // one listing of the vault (each lookup by label reloads the token's whole key store)
        Map<String, VaultKey> keys = new HashMap<>();
        vault.list().forEach(k -> keys.put(k.label(), k));
        Map<CaRole, X509Certificate> certs = new EnumMap<>(CaRole.class);
        for (CaRole role : CaRole.values()) {
            String label = settings.label(role);
            VaultKey key = Optional.ofNullable(keys.get(label)).orElseThrow(() -> new CaException(CaException.Kind.MISSING,
                    "key '" + label + "' of the " + role + " is not in " + vault.description()));
            X509Certificate cert = vault.certificateChain(label)[0];
            if (!cert.getPublicKey().equals(key.publicKey())
                    || !X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).equals(settings.name(role))) {
                throw new CaException(CaException.Kind.MISSING, "no " + role + " certificate is stored with key '" + label
                        + "' (found " + cert.getSubjectX500Principal() + ")");
            }
            certs.put(role, cert);
        }
        X509Certificate root = certs.get(CaRole.ROOT);
        SerialNumbers serials = new SerialNumbers(clock);
        Map<CaRole, CertificateAuthority> cas = new EnumMap<>(CaRole.class);
        Map<CaRole, OcspSigner> ocsp = new EnumMap<>(CaRole.class);
        for (CaRole issuing : List.of(CaRole.WORKSTATION_CA, CaRole.SMARTCARD_CA)) {
            X509Certificate cert = certs.get(issuing);
            verifySignedBy(cert, root, issuing);
            verifySignedBy(certs.get(ocspRoleOf(issuing)), cert, ocspRoleOf(issuing));
            CertificateAuthority ca = new CertificateAuthority(issuing, cert,
                    vault.signerPool(settings.label(issuing), settings.keySpec().defaultSignatureAlgorithm()),
                    settings.crlUri(issuing), settings.ocspUri(issuing), serials);
            cas.put(issuing, ca);
            ocsp.put(issuing, currentOcspSigner(vault, keys, settings, ca, certs.get(ocspRoleOf(issuing)), clock));
        }
        return new CaHierarchy(vault, settings, root, cas, ocsp);
    }

    /**
     * The delegated OCSP signer of {@code ca}: the newest generation of its key in the vault
     * ({@code sigillo-workstation-ocsp}, then {@code -2}, {@code -3}, ...) whose certificate the
     * CA signed. When that certificate ends within {@link #OCSP_RENEWAL} a new generation is made:
     * a new key in the HSM and its certificate for the role's validity. Its certificate lives 2
     * years by default, the CA 12 and the engine for years, and an answer signed under an expired
     * signer certificate is refused by every client (the responder also caps each answer's
     * nextUpdate at its signer's notAfter and signs nothing after it).
     *
     * <p>A new key, not the old key certified again: SunPKCS11's key store, asked to replace the
     * certificate of an existing entry, deletes the old certificate's issuer chain with it, the
     * issuing CA's and the root's certificates (measured: the hierarchy could no longer be loaded).
     * Attaching to a new key replaces only its placeholder. Old generations stay in the vault.
     */
    private static OcspSigner currentOcspSigner(KeyVault vault, Map<String, VaultKey> keys, CaSettings settings,
                                                CertificateAuthority ca, X509Certificate first, Clock clock) {
        CaRole role = ocspRoleOf(ca.role());
        String base = settings.label(role);
        OcspSigner newest = new OcspSigner(base, first);
        int n = 2;
        for (; ; n++) {
            String label = base + "-" + n;
            VaultKey key = keys.get(label);
            if (key == null) {
                break;
            }
            X509Certificate c = vault.certificateChain(label)[0];
            if (c.getPublicKey().equals(key.publicKey()) && signedBy(c, ca.certificate())) {
                newest = new OcspSigner(label, c); // else a generation whose certificate never came: skipped
            }
        }
        Instant now = clock.instant();
        Instant newestEnd = newest.certificate().getNotAfter().toInstant();
        if (newestEnd.isAfter(now.plus(OCSP_RENEWAL))) {
            return newest;
        }
        // never beyond the CA's own end; a renewal that would not end later than the newest
        // generation (the CA itself ends within 30 days, or has ended) makes no new key
        Instant to = earlier(plus(now, settings.validity(role)), ca.certificate().getNotAfter().toInstant());
        if (!to.isAfter(newestEnd) || !to.isAfter(now)) {
            System.getLogger(CaHierarchy.class.getName()).log(System.Logger.Level.WARNING, "OCSP signer of {0} not renewed:"
                    + " its CA ends {1}, the signer''s certificate {2}", ca.role(), ca.certificate().getNotAfter().toInstant(),
                    newestEnd);
            return newest;
        }
        String label = base + "-" + n;
        VaultKey key = vault.generate(label, settings.keySpec());
        X509Certificate renewed = ca.issueOcspSigner(settings.name(role), spki(key), now.minus(BACKDATE), to);
        vault.attachCertificateChain(label, new X509Certificate[] {renewed});
        System.getLogger(CaHierarchy.class.getName()).log(System.Logger.Level.INFO, "OCSP signer of {0} renewed: key {1}"
                + " (the previous certificate ended {2}, this one ends {3})", ca.role(), label,
                newest.certificate().getNotAfter().toInstant(), renewed.getNotAfter().toInstant());
        return new OcspSigner(label, renewed);
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** An OCSP signer: the vault label of its key and its certificate. */
    private record OcspSigner(String label, X509Certificate certificate) {
    }

    private static void verifySignedBy(X509Certificate cert, X509Certificate issuer, CaRole role) {
        try {
            cert.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CaException(CaException.Kind.INCONSISTENT, "the stored " + role + " certificate is not signed by "
                    + issuer.getSubjectX500Principal(), e);
        }
    }

    static CaRole ocspRoleOf(CaRole issuing) {
        return issuing == CaRole.WORKSTATION_CA ? CaRole.WORKSTATION_OCSP : CaRole.SMARTCARD_OCSP;
    }

    public X509Certificate root() {
        return root;
    }

    /** The signer pool of the root's key: it signs the root's CRL, which lists revoked issuing CAs. */
    public SignerPool rootSignerPool() {
        return vault.signerPool(settings.label(CaRole.ROOT), settings.keySpec().defaultSignatureAlgorithm());
    }

    /** Issues workstation and server certificates. */
    public CertificateAuthority workstationCa() {
        return cas.get(CaRole.WORKSTATION_CA);
    }

    /** Issues smart-card certificates. */
    public CertificateAuthority smartCardCa() {
        return cas.get(CaRole.SMARTCARD_CA);
    }

    /** The delegated OCSP signer certificate of an issuing CA (its newest generation). */
    public X509Certificate ocspSignerCertificate(CaRole issuing) {
        return ocspSigner(issuing).certificate();
    }

    /** The signer pool of an issuing CA's delegated OCSP signer key (its newest generation). */
    public SignerPool ocspSignerPool(CaRole issuing) {
        return vault.signerPool(ocspSigner(issuing).label(), settings.keySpec().defaultSignatureAlgorithm());
    }

    private OcspSigner ocspSigner(CaRole issuing) {
        OcspSigner signer = ocspCerts.get(issuing);
        if (signer == null) {
            throw new IllegalArgumentException(issuing + " is not an issuing CA");
        }
        return signer;
    }

    public CaSettings settings() {
        return settings;
    }

    /** The time the certificates are back-dated by (clock skew tolerance). */
    public static Duration backdate() {
        return BACKDATE;
    }

    private static X509Certificate selfSigned(X500Name name, VaultKey key, SignerPool pool, Instant from, Instant to,
                                              SerialNumbers serials) {
        try {
            SubjectPublicKeyInfo spki = spki(key);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, serials.next(), Date.from(from), Date.from(to), name, spki);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(spki));
            return new JcaX509CertificateConverter().getCertificate(b.build(pool.contentSigner()));
        } catch (IOException | CertificateException | NoSuchAlgorithmException e) {
            throw new CaException(CaException.Kind.SIGNING_FAILED, "making the root certificate failed", e);
        }
    }

    static SubjectPublicKeyInfo spki(VaultKey key) {
        return SubjectPublicKeyInfo.getInstance(key.publicKey().getEncoded());
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isAfter(b) ? b : a;
    }

    private static Instant plus(Instant now, Period p) {
        return now.atOffset(ZoneOffset.UTC).plus(p).toInstant();
    }
}
