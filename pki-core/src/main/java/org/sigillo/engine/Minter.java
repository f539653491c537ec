package org.sigillo.engine;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.sigillo.ca.CaHierarchy;
import org.sigillo.ca.CertificateAuthority;
import org.sigillo.ca.EndEntityRequest;
import org.sigillo.ca.IssuedCertificate;
import org.sigillo.hsm.Sealer;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.EndEntityKeys;
import org.sigillo.profile.EntityCode;
import org.sigillo.profile.ExportBundle;
import org.sigillo.profile.InstallationPassword;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.profile.Pkcs12Exporter;
import org.sigillo.profile.Profiles;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.Ente;

/** Turns one queued request into a signed certificate and a sealed private key (no store access). */
final class Minter {
    private final CaHierarchy ca;
    private final Sealer sealer;
    private final Profiles profiles;
    private final EndEntityKeys keys = new EndEntityKeys();

    /**
     * A certificate made for a request, not yet recorded: the row to store, already encoded and
     * read on the signing thread (the one recording thread is the batch's narrowest point), and
     * the detail of its audit entry.
     */
    record Minted(CertificateRecord request, CertificateStore.Issued row, String auditDetail) {
    }

    private static Minted minted(CertificateRecord r, IssuedCertificate c, String issuerKeyId, byte[] sealedKey) {
        CertificateStore.Issued row = new CertificateStore.Issued(r.id(), c.serial(), issuerKeyId, c.notBefore(), c.notAfter(),
                c.der(), sealedKey);
        return new Minted(r, row, "serial=" + row.serial().toString(16) + " kind=" + r.kind() + " notAfter=" + c.notAfter());
    }

    Minter(CaHierarchy ca, Sealer sealer, Clock clock) {
        this.ca = ca;
        this.sealer = sealer;
        this.profiles = new Profiles(clock);
    }

    /** A smart-card request's inputs: the key from the card's CSR and the holder. */
    record CardInput(SubjectPublicKeyInfo key, CertificateStore.Holder holder) {
    }

    /**
     * Certifies the key of a smart card: no key pair is made here, none is stored.
     *
     * @throws RefusedException {@link Refusal#CA_EXPIRES_TOO_SOON} when the CA ends before the certificate would
     */
    Minted mintCard(CertificateRecord r, CardInput in) {
        EndEntityRequest request = profiles.smartCard(CodiceFiscale.parse(r.holderCf().orElseThrow()),
                in.holder().givenName(), in.holder().surname(), in.holder().email().map(EmailAddress::parse),
                in.key());
        CertificateAuthority issuer = ca.smartCardCa();
        IssuerCoverage.require(issuer, request.notAfter());
        return minted(r, issuer.issueEncoded(request), issuer.keyIdHex(), null);
    }

    /**
     * Makes the key pair of a workstation or server certificate, certifies and seals it.
     *
     * @throws RefusedException {@link Refusal#CA_EXPIRES_TOO_SOON} when the CA ends before the certificate would
     */
    Minted mint(CertificateRecord r, Ente ente) {
        KeyPair pair = keys.generate(r.keySpec());
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        EntityCode code = EntityCode.parse(r.code());
        EndEntityRequest request = r.kind() == CertificateKind.WORKSTATION
                ? profiles.workstation(code, ente, spki)
                : profiles.server(code, ente, spki);
        CertificateAuthority issuer = ca.workstationCa();
        // on the request's own notAfter, so the clock is read once per request, as before (a key
        // pair is made in vain for a request the CA no longer covers: only those queued just
        // before the CA's last 6 years began, see BatchIssuer)
        IssuerCoverage.require(issuer, request.notAfter());
        IssuedCertificate cert = issuer.issueEncoded(request);
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        try {
            byte[] sealed = sealer.seal(pkcs8, r.code().getBytes(StandardCharsets.UTF_8));
            return minted(r, cert, issuer.keyIdHex(), sealed);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    static Export pkcs12(CertificateRecord r, PrivateKey key, CaHierarchy ca, Pkcs12Encryption encryption) {
        InstallationPassword password = InstallationPassword.generate();
        CertificateAuthority issuer = ca.workstationCa();
        byte[] p12 = new Pkcs12Exporter().exportWithPrivateKey(key, r.certificate(), List.of(issuer.certificate(), ca.root()),
                r.code(), password, encryption);
        return new Export(r.code(), p12, password);
    }

    /** The export-all ZIP of {@code exports}, its entries dated {@code at} (the engine's clock). */
    static byte[] zip(List<Export> exports, Instant at) {
        ExportBundle bundle = new ExportBundle(at);
        for (Export e : exports) {
            bundle.add(e.code(), e.pkcs12(), e.password());
        }
        return bundle.finish();
    }
}
