package org.sigillo.engine;

import java.util.Optional;

import org.sigillo.hsm.KeySpec;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.CsrVerifier;
import org.sigillo.profile.KeyPolicy;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.Database;
import org.sigillo.store.DurableCounters;

/**
 * Smart-card certificates: the key pair is made on the card, which sends a PKCS#10 request
 * signed with it. The request is checked (proof of possession, key policy) before anything is
 * stored, then queued; the batch certifies the card's key with the smart-card CA. The card
 * number is the ente's ISTAT code followed by a six-digit progressive.
 */
public final class Cards {
    private final Database db;
    private final CertificateStore store;
    private final Audit audit;
    private final DurableCounters counters;
    private final EngineSettings settings;
    private final CsrVerifier verifier = new CsrVerifier();

    Cards(Database db, CertificateStore store, Audit audit, DurableCounters counters, EngineSettings settings) {
        this.db = db;
        this.store = store;
        this.audit = audit;
        this.counters = counters;
        this.settings = settings;
    }

    /**
     * Queues the certificate of a card whose key made {@code csr}; returns the card number.
     *
     * @throws org.sigillo.profile.CsrRejectedException when the request does not prove possession
     *         or its key is weak (nothing is stored)
     * @throws RefusedException {@link Refusal#UNKNOWN_ENTE}
     */
    public String request(IstatCode ente, CodiceFiscale cf, String givenName, String surname, Optional<EmailAddress> email,
                          byte[] csr) {
        var spki = verifier.verify(csr);
        KeySpec spec = specOf(spki);
        if (givenName == null || givenName.isBlank() || surname == null || surname.isBlank()) {
            throw new IllegalArgumentException("the card holder needs a given name and a surname");
        }
        return db.inTransaction(tx -> {
            if (store.ente(tx, ente).isEmpty()) {
                throw new RefusedException(Refusal.UNKNOWN_ENTE, "no ente with ISTAT code " + ente);
            }
            long n = counters.next(tx, "card-" + ente.value());
            String number = ente.value() + String.format("%06d", n);
            CertificateRecord r = store.insertRequest(tx, CertificateKind.SMART_CARD, number, ente, Optional.empty(), spec,
                    Optional.of(cf.canonical()), csr, settings.clock().instant());
            store.setHolder(tx, r.id(), new CertificateStore.Holder(givenName.trim(), surname.trim(), email.map(EmailAddress::toString)));
            audit.append(tx, Audit.CERT_REQUESTED, number, "kind=SMART_CARD cf=" + cf.canonical());
            return number;
        });
    }

    /** The key kind recorded for a card key (RSA 2048 cards are recorded as RSA_3072's family). */
    private static KeySpec specOf(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki) {
        try {
            return KeySpec.of(java.security.KeyFactory.getInstance(KeyPolicy.check(spki) == KeyPolicy.Family.RSA ? "RSA" : "EC")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(spki.getEncoded())));
        } catch (org.sigillo.hsm.HsmException e) {
            return KeyPolicy.check(spki) == KeyPolicy.Family.RSA ? KeySpec.RSA_3072 : KeySpec.EC_P256;
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("the card key does not decode", e);
        }
    }
}
