package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.KeySpec;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.InvalidCodeException;
import org.sigillo.registry.Census;
import org.sigillo.registry.CensusCsvParser;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;
import org.sigillo.testing.MutableClock;

/** A card number of no known form is bad input; a Prefettura never gets a sixth workstation (DOMAIN.md). */
class CardNumbersAndPrefetturaWorkstationsTest {
    private static final IstatCode PREF_ROMA = IstatCode.parse("058000");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    @TempDir
    Path dir;
    private TestPki pki;
    private Sigillo engine;
    private Database db;

    @BeforeEach
    void open() {
        pki = TestPki.create(KeySpec.EC_P256, clock);
        db = TestDatabases.fresh(Dialect.H2, dir).get();
        engine = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("crl"), "t"));
    }

    @AfterEach
    void close() {
        engine.close();
        db.close();
        pki.close();
    }

    private static Census census(String users) throws Exception {
        return census("058000,Prefettura di Roma", users);
    }

    private static Census census(String ente, String users) throws Exception {
        return new CensusCsvParser().parse("ente," + ente + "\nworkstations,5\n"
                + "workstation,\n".repeat(5) + "codice_fiscale,nome,cognome,email,pec,profili,ambienti\n" + users);
    }

    private long audited() {
        return ((AuditVerification.Intact) engine.verifyAudit()).count();
    }

    private long pcs(IstatCode ente) {
        return engine.certificates().list(ente, Optional.of(CertificateKind.WORKSTATION), Optional.empty()).size();
    }

    /**
     * DOMAIN.md "Who is who": a Prefettura has at most five workstations (guide 002: "il numero
     * massimo di postazioni previste per le Prefetture è cinque"). The user limit holds across
     * inserts and imports; the workstation limit held only inside one census file.
     */
    @Test
    void aPrefetturaNeverGetsASixthWorkstation() throws Exception {
        engine.importCensus(census("RSSMRA85T10A562S,Mario,Rossi,mario.rossi@prefettura.it,,ALS,PRODUZIONE\n"
                + "BNCLRA90A41H501F,Laura,Bianchi,laura.bianchi@prefettura.it,,ALP,PRODUZIONE\n"));
        assertEquals(5, pcs(PREF_ROMA));
        long before = audited();
        RefusedException sixth = assertThrows(RefusedException.class, () -> engine.workstations().register(PREF_ROMA, Optional.empty()));
        assertEquals(Refusal.LIMIT_REACHED, sixth.refusal());
        assertEquals(5, pcs(PREF_ROMA), "the refused sixth workstation is not stored");
        assertEquals(before, audited(), "nor audited");
        // a second census (two other users, room for them) must not bring five more workstations either;
        // it is refused before it gets to them: the initial census is made once
        Census second = census("VRDGPP80B29F205T,Giuseppe,Verdi,g.verdi@prefettura.it,,ALS,PRODUZIONE\n"
                + "MRNLCU70E51F839O,Lucia,Marino,l.marino@prefettura.it,,ALP,PRODUZIONE\n");
        assertEquals(Refusal.CENSUS_DONE, assertThrows(RefusedException.class, () -> engine.importCensus(second)).refusal());
        assertEquals(5, pcs(PREF_ROMA), "a refused census stores nothing");
        assertEquals(before, audited(), "a refused census audits nothing (neither its workstations nor its users)");
        assertEquals(List.of("BNCLRA90A41H501F", "RSSMRA85T10A562S"),
                engine.users().list(Actor.operator(), PREF_ROMA).stream().map(u -> u.cf().canonical()).sorted().toList(),
                "the refused census registered none of its users");
        // a Prefettura's first census counts the workstations registered before it (the CENSUS_DONE
        // refusal above never got as far as the limit)
        IstatCode prefMilano = IstatCode.parse("015000");
        engine.enti().add(Ente.of(prefMilano, "Prefettura di Milano"));
        engine.workstations().register(prefMilano, Optional.empty());
        long beforeMilano = audited();
        Census five = census("015000,Prefettura di Milano",
                "VRDGPP80B29F205T,Giuseppe,Verdi,g.verdi@prefettura.it,,ALS,PRODUZIONE\n"
                        + "MRNLCU70E51F839O,Lucia,Marino,l.marino@prefettura.it,,ALP,PRODUZIONE\n");
        assertEquals(Refusal.LIMIT_REACHED, assertThrows(RefusedException.class, () -> engine.importCensus(five)).refusal());
        assertEquals(1, pcs(prefMilano), "the refused census stores none of its five workstations");
        assertEquals(beforeMilano, audited(), "nor audits anything");
        assertEquals(List.of(), engine.users().list(Actor.operator(), prefMilano), "nor registers its users");
        // a municipality has no such limit
        IstatCode roma = IstatCode.parse("058091");
        engine.enti().add(Ente.of(roma, "Roma Capitale"));
        for (int i = 0; i < 6; i++) {
            engine.workstations().register(roma, Optional.empty());
        }
        assertEquals(6, pcs(roma), "all six registered");
    }

    /**
     * README "Bad input": a code of no known form (a 12-digit card number among them) is
     * InvalidCodeException, bad input; only a well-formed unknown one is a refusal. The card
     * commands answered UNKNOWN_CARD (a refusal, exit 1) for any text.
     */
    @Test
    void aCardNumberOfNoKnownFormIsBadInput() {
        long before = audited();
        assertThrows(InvalidCodeException.class, () -> engine.cards().block(Actor.operator(), "abc"));
        assertThrows(InvalidCodeException.class, () -> engine.cards().deliver(Actor.operator(), "058091-PC-0001"));
        assertThrows(InvalidCodeException.class, () -> engine.cards().resendPin(Actor.operator(), "58091000001"));
        RefusedException unknown = assertThrows(RefusedException.class, () -> engine.cards().block(Actor.operator(), "058091000001"));
        assertEquals(Refusal.UNKNOWN_CARD, unknown.refusal());
        assertEquals(before, audited(), "bad input and refusals write nothing");
    }
}
