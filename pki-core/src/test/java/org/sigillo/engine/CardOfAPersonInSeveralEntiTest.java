package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.KeySpec;
import org.sigillo.lifecycle.CardState;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.Ente;
import org.sigillo.registry.Environment;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Principal;
import org.sigillo.registry.Profile;
import org.sigillo.registry.ProfileSet;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;
import org.sigillo.testing.MutableClock;
import org.sigillo.testing.SoftwareCardCsr;

/**
 * DOMAIN.md "Who is who": a person registered in several enti "still holds exactly one smart
 * card, valid for all of them"; "Users": deleting one of several registrations leaves the card
 * valid ("the law lets them keep working there"); "Who may do what": always only inside the
 * actor's own ente. The card operations on a person's card belong to the enti the person is a
 * user of, not to the ente whose number the card happens to carry.
 */
class CardOfAPersonInSeveralEntiTest {
    private static final IstatCode ROMA = IstatCode.parse("058091");
    private static final IstatCode FIUMICINO = IstatCode.parse("058120");
    private static final IstatCode PREF_ROMA = IstatCode.parse("058000");
    private static final CodiceFiscale ROSSI = CodiceFiscale.parse("RSSMRA85T10A562S");
    private static final CodiceFiscale ALS_ROMA = CodiceFiscale.parse("VRDGPP70C15H501K");
    private static final CodiceFiscale ALS_FIUMICINO = CodiceFiscale.parse("BNCLRA90A41H501F");
    private static final CodiceFiscale ALS_PREF = CodiceFiscale.parse("NREFNC75M05H501Q");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    @TempDir
    Path dir;
    private TestPki pki;
    private Database db;
    private Sigillo engine;
    private Actor alsRoma;
    private Actor alsFiumicino;

    @BeforeEach
    void open() {
        pki = TestPki.create(KeySpec.EC_P256, Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC));
        db = TestDatabases.fresh(Dialect.H2, dir).get();
        engine = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("crl"), "t"));
        for (IstatCode e : List.of(ROMA, FIUMICINO, PREF_ROMA)) {
            engine.enti().add(Ente.of(e, "Ente " + e));
        }
        engine.users().add(Actor.operator(), ROMA, user(ALS_ROMA, "Giuseppe", "Verdi", ProfileSet.of(Profile.ALS)));
        engine.users().add(Actor.operator(), FIUMICINO, user(ALS_FIUMICINO, "Laura", "Bianchi", ProfileSet.of(Profile.ALS)));
        engine.users().add(Actor.operator(), PREF_ROMA, user(ALS_PREF, "Franco", "Neri", ProfileSet.of(Profile.ALS, Profile.ALP)));
        alsRoma = Actor.console(new Principal(ROMA, ALS_ROMA, ProfileSet.of(Profile.ALS)));
        alsFiumicino = Actor.console(new Principal(FIUMICINO, ALS_FIUMICINO, ProfileSet.of(Profile.ALS)));
    }

    @AfterEach
    void close() {
        engine.close();
        db.close();
        pki.close();
    }

    private static NewUser user(CodiceFiscale cf, String given, String surname, ProfileSet profiles) {
        return new NewUser(cf, given, surname, profiles, EnvironmentSet.of(Environment.PRODUZIONE),
                EmailAddress.parse(given.toLowerCase() + "." + surname.toLowerCase() + "@comune.example.it"), Optional.empty());
    }

    /** Rossi, registered in Roma and Fiumicino, with an active card requested by Roma. */
    private String rossisCardFromRoma() throws Exception {
        engine.users().add(alsRoma, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.CONSULTAZIONE)));
        engine.users().add(alsFiumicino, FIUMICINO, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.CONSULTAZIONE)));
        CardRequested r = engine.cards().request(alsRoma, ROMA, ROSSI, SoftwareCardCsr.newCsr(), CardRequestReason.FIRST);
        r.destroy();
        engine.batch().run();
        engine.cards().handOver(Actor.console(new Principal(PREF_ROMA, ALS_PREF, ProfileSet.of(Profile.ALS))), ROMA);
        engine.cards().deliver(alsRoma, r.number());
        return r.number();
    }

    private long auditLength() {
        return ((AuditVerification.Intact) engine.verifyAudit()).count();
    }

    @Test
    void anEnteThePersonLeftCannotRevokeOrBlockTheCardHeKeepsForAnotherEnte() throws Exception {
        String card = rossisCardFromRoma();
        assertEquals(List.of(), engine.users().delete(alsRoma, ROMA, ROSSI), "registered in Fiumicino too: the card stays valid");
        long audited = auditLength();
        for (Runnable r : List.<Runnable>of(
                () -> engine.cards().revoke(alsRoma, card, CardRevocationReason.OTHER),
                () -> engine.cards().block(alsRoma, card))) {
            RefusedException x = assertThrows(RefusedException.class, r::run, "Rossi is no user of Roma any more");
            assertEquals(Refusal.UNKNOWN_USER, x.refusal(), x.getMessage());
        }
        assertEquals(audited, auditLength(), "a refusal writes nothing");
        assertEquals(CardState.ATTIVA, engine.cards().find(card).orElseThrow().state());
        assertEquals(CertificateState.ATTIVO, engine.certificates().require(card).state());
        assertTrue(engine.people().currentCard(ROSSI).isPresent(), "he keeps working in Fiumicino");
    }

    @Test
    void theAlsOfAnEnteOfTheHolderBlocksUnblocksAndRevokesHisOneCard() throws Exception {
        String card = rossisCardFromRoma();
        assertEquals(CardState.BLOCCATA, engine.cards().block(alsFiumicino, card).state());
        assertEquals(CertificateState.BLOCCATO, engine.certificates().require(card).state());
        assertEquals(CardState.ATTIVA, engine.cards().unblock(alsFiumicino, card).state());
        engine.cards().resendPin(alsFiumicino, card);
        assertEquals(CardState.REVOCATA, engine.cards().revoke(alsFiumicino, card, CardRevocationReason.LOSS_OR_THEFT).state());
        assertEquals(CertificateState.REVOCA_IN_LAVORAZIONE, engine.certificates().require(card).state());
    }
}
