package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.KeySpec;
import org.sigillo.lifecycle.CardState;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.CertificateKind;
import org.sigillo.registry.Census;
import org.sigillo.registry.CensusCsvParser;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.DailyPasswordGrant;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.Ente;
import org.sigillo.registry.Environment;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.NotAuthorizedException;
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
 * Rules of the operating guides (seeds/) that are easy to miss: the register of the ente's
 * servers, the mayor's card at the Prefettura's hand-over, who registers a delivery, the daily
 * password's mail, the census as a one-off submission. (The notification certificate once
 * cancelled: LifecycleEdgesTest.)
 */
class GuideRulesTest {
    private static final IstatCode ROMA = IstatCode.parse("058091");
    private static final IstatCode FIUMICINO = IstatCode.parse("058120");
    private static final IstatCode PREF_ROMA = IstatCode.parse("058000");
    private static final CodiceFiscale ROSSI = CodiceFiscale.parse("RSSMRA85T10A562S");
    private static final CodiceFiscale BIANCHI = CodiceFiscale.parse("BNCLRA90A41H501F");
    private static final CodiceFiscale ALS_ROMA = CodiceFiscale.parse("VRDGPP70C15H501K");
    private static final CodiceFiscale ALS_PREF = CodiceFiscale.parse("NREFNC75M05H501Q");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    @TempDir
    Path dir;
    private static TestPki pki;
    private Database db;
    private Sigillo engine;
    private Actor als;
    private Actor prefettura;

    @org.junit.jupiter.api.BeforeAll
    static void hierarchy() {
        pki = TestPki.create(KeySpec.EC_P256, Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @org.junit.jupiter.api.AfterAll
    static void closeHierarchy() {
        pki.close();
    }

    @BeforeEach
    void open() {
        db = TestDatabases.fresh(Dialect.H2, dir).get();
        engine = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("crl"), "t"));
        for (IstatCode e : List.of(ROMA, FIUMICINO, PREF_ROMA)) {
            engine.enti().add(Ente.of(e, "Ente " + e));
        }
        engine.users().add(Actor.operator(), ROMA, user(ALS_ROMA, "Giuseppe", "Verdi", ProfileSet.of(Profile.ALS)));
        engine.users().add(Actor.operator(), PREF_ROMA, user(ALS_PREF, "Franco", "Neri", ProfileSet.of(Profile.ALS, Profile.ALP)));
        als = Actor.console(new Principal(ROMA, ALS_ROMA, ProfileSet.of(Profile.ALS)));
        prefettura = Actor.console(new Principal(PREF_ROMA, ALS_PREF, ProfileSet.of(Profile.ALS)));
    }

    @AfterEach
    void close() {
        engine.close();
        db.close();
    }

    private static NewUser user(CodiceFiscale cf, String given, String surname, ProfileSet profiles) {
        return new NewUser(cf, given, surname, profiles, EnvironmentSet.of(Environment.PRODUZIONE),
                EmailAddress.parse(given.toLowerCase() + "." + surname.toLowerCase() + "@comune.example.it"), Optional.empty());
    }

    private long audited() {
        return ((AuditVerification.Intact) engine.verifyAudit()).count();
    }

    private List<Path> mails() throws Exception {
        Path folder = dir.resolve("mail");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
    }

    /**
     * Guide 001: "Per l'accesso ad ANPR tramite WEB SERVICES, occorre annotare nel «Registro» anche
     * i server comunali sui quali è installato il certificato di sicurezza del Comune"; guide 002
     * 7.1: "la riservatezza e non alterabilità del registro delle postazioni e server del comune".
     * The register refused the server certificate (WRONG_KIND): the ALP could not record where it is installed.
     */
    @Test
    void theRegisterAlsoRecordsTheServersCarryingTheServerCertificate() {
        String co = engine.servers().request(ROMA).toString();
        engine.batch().run();
        assertEquals(CertificateState.ATTIVO, engine.certificates().require(co).state());
        engine.workstations().registerPc(co, "00:1A:2B:3C:4D:70", "SRVANAGRAFE");
        List<Workstations.PcRegistration> history = engine.workstations().pcHistory(co);
        assertEquals(List.of("00:1A:2B:3C:4D:70/SRVANAGRAFE"), history.stream().map(h -> h.mac() + "/" + h.hostname()).toList());
    }

    /**
     * Guide 000 (replacing the mayor): "Al momento della consegna da parte della Prefettura il sistema
     * invierà una mail contenente la seconda metà di PIN, Puk e Password ... NB. Avendo inserito
     * l'utenza con profilo ASC non sarà necessario procedere alla registrazione/consegna della smart
     * card da parte dell'ALS. Tale operazione andrà invece eseguita se l'inserimento è relativo ad un
     * nuovo utente con profilo diverso da Sindaco o Commissario (ASC) o Amministratore di primo
     * livello (APL)." Guide 002 6.1: the mayor picks his own card out of the batch and logs in with
     * it to appoint the ALS. The hand-over left the mayor's card CONSEGNATA_DALLA_PREFETTURA, no
     * mail, nobody's current card: the mayor could not log in to appoint the ALS who would register it.
     */
    @Test
    void thePrefetturasHandOverActivatesTheMayorsCardAndMailsItsHalves() throws Exception {
        engine.users().add(Actor.operator(), FIUMICINO, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ASC)));
        engine.users().add(Actor.operator(), FIUMICINO, user(BIANCHI, "Laura", "Bianchi", ProfileSet.of(Profile.CONSULTAZIONE)));
        CardRequested mayor = engine.cards().request(Actor.operator(), FIUMICINO, ROSSI, SoftwareCardCsr.newCsr(), CardRequestReason.FIRST);
        CardRequested operator = engine.cards().request(Actor.operator(), FIUMICINO, BIANCHI, SoftwareCardCsr.newCsr(),
                CardRequestReason.FIRST);
        mayor.destroy();
        operator.destroy();
        engine.batch().run();

        engine.cards().handOver(prefettura, FIUMICINO);

        assertEquals(CardState.CONSEGNATA_DALLA_PREFETTURA, engine.cards().find(operator.number()).orElseThrow().state(),
                "an operator's card waits for the ALS to register its delivery");
        assertEquals(CardState.ATTIVA, engine.cards().find(mayor.number()).orElseThrow().state(),
                "the mayor's card needs no delivery by the ALS");
        assertTrue(engine.people().currentCard(ROSSI).isPresent(), "the mayor can log in with it");
        List<Path> sent = mails();
        assertEquals(1, sent.size(), "the second halves go to the mayor at the hand-over");
        assertTrue(Files.readString(sent.get(0), StandardCharsets.UTF_8).contains("To: mario.rossi@comune.example.it\r\n"));
    }

    /**
     * Guide 002 6.3 (delivery to the ente's staff): "il sistema verifica che il codice fiscale
     * inserito sia registrato per il comune"; DOMAIN.md "Who may do what (always only inside the
     * actor's own ente)". Block, unblock, revoke and resend are authorized against the holder's
     * registrations; delivery still went by the ente whose number the card carries, so the ALS of
     * an ente the holder has left registered his card's delivery (and mailed him the PIN halves).
     */
    @Test
    void aDeliveryIsRegisteredOnlyForAHolderRegisteredInTheActorsEnte() throws Exception {
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.CONSULTAZIONE)));
        engine.users().add(Actor.operator(), FIUMICINO, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.CONSULTAZIONE)));
        CardRequested r = engine.cards().request(als, ROMA, ROSSI, SoftwareCardCsr.newCsr(), CardRequestReason.FIRST);
        r.destroy();
        engine.batch().run();
        engine.cards().handOver(prefettura, ROMA);
        assertEquals(List.of(), engine.users().delete(als, ROMA, ROSSI), "still registered in Fiumicino: the card stays");
        long before = audited();

        RefusedException x = assertThrows(RefusedException.class, () -> engine.cards().deliver(als, r.number()),
                "Rossi is no user of Roma any more");
        assertEquals(Refusal.UNKNOWN_USER, x.refusal(), x.getMessage());
        assertEquals(CardState.CONSEGNATA_DALLA_PREFETTURA, engine.cards().find(r.number()).orElseThrow().state());
        assertEquals(before, audited(), "a refusal changes nothing");
        assertTrue(mails().isEmpty(), "no PIN half went out");
    }

    /**
     * Guide 001: "La password viene inviata in automatico dal sistema alla casella di posta
     * personale" (twice); guide 002 8.1: "il sistema provvederà a recapitare all'interessato, alla
     * casella mail nominativa, la password di accesso". No mail went out: the password only came
     * back to the ALS who granted it.
     */
    @Test
    void theDailyPasswordIsMailedToTheUsersOwnMailbox() throws Exception {
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.CONSULTAZIONE)));
        DailyPasswordGrant g = engine.users().grantDailyPassword(als, ROMA, ROSSI);
        char[] password = g.revealPassword();
        g.destroy();
        List<Path> sent = mails();
        assertEquals(1, sent.size(), "the daily password goes to the user's mailbox");
        String eml = Files.readString(sent.get(0), StandardCharsets.UTF_8);
        assertTrue(eml.contains("To: mario.rossi@comune.example.it\r\n"), eml);
        assertTrue(eml.contains(new String(password)), "the mail carries the password");
    }

    /**
     * Guide 002 3: "I dati inseriti saranno definitivi e potranno essere successivamente modificati
     * solo attraverso la console di sicurezza"; DOMAIN.md: "The initial census of an ente is one
     * bulk submission". A second census of the same ente was stored: more workstations and a second
     * server certificate (CO-9998, the code of the ex officio renewal) and more users, past the console.
     */
    @Test
    void aSecondCensusOfTheSameEnteIsRefused() throws Exception {
        String header = "ente,058120,Fiumicino\nworkstations,2\nworkstation,\nworkstation,\n"
                + "codice_fiscale,nome,cognome,email,pec,profili,ambienti\n";
        Census first = new CensusCsvParser().parse(header + "RSSMRA85T10A562S,Mario,Rossi,mario.rossi@comune.it,,ASC,PRODUZIONE\n");
        engine.importCensus(first);
        assertEquals(3, engine.certificates().list(FIUMICINO, Optional.empty(), Optional.empty()).size());
        Census second = new CensusCsvParser().parse(header + "BNCLRA90A41H501F,Laura,Bianchi,laura.bianchi@comune.it,,ALS,PRODUZIONE\n");
        long before = audited();

        RefusedException x = assertThrows(RefusedException.class, () -> engine.importCensus(second), "the census is made once");
        assertEquals(Refusal.CENSUS_DONE, x.refusal(), x.getMessage());
        assertEquals(before, audited(), "nothing of it is stored");
        assertEquals(3, engine.certificates().list(FIUMICINO, Optional.empty(), Optional.empty()).size());
        assertEquals(1, engine.certificates().list(FIUMICINO, Optional.of(CertificateKind.SERVER), Optional.empty()).size());
        assertTrue(engine.users().find(Actor.operator(), FIUMICINO, BIANCHI).isEmpty());
    }

    /**
     * Guide 000 ("Guida operativa sostituzione Sindaco"): the ALS (or the APL) removes the outgoing
     * mayor, then inserts the new one with the ASC profile. The ALS was refused the insert
     * (PROFILE_NOT_ALLOWED, ASC appoints the ALS), so a municipality whose mayor changed could
     * not follow the guide. Still refused: a second mayor beside the one in office, the ALS
     * making himself mayor, and APL from an ALS.
     */
    @Test
    void theAlsReplacesTheMayorAsGuide000Says() {
        engine.users().add(Actor.operator(), ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ASC)));
        long before = audited();
        NotAuthorizedException second = assertThrows(NotAuthorizedException.class,
                () -> engine.users().add(als, ROMA, user(BIANCHI, "Laura", "Bianchi", ProfileSet.of(Profile.ASC))));
        assertEquals(org.sigillo.registry.Refusal.PROFILE_NOT_ALLOWED, second.refusal(), "Roma has its mayor in office");
        assertEquals(before, audited(), "nothing written");
        // 1. Rimozione Sindaco uscente (his ASC taken away), 2. Inserimento nuovo utente Sindaco
        engine.users().modify(als, ROMA, ROSSI, UserChange.none().withProfiles(ProfileSet.of(Profile.CONSULTAZIONE)));
        long removed = audited();
        assertEquals(org.sigillo.registry.Refusal.PROFILE_NOT_ALLOWED, assertThrows(NotAuthorizedException.class,
                () -> engine.users().modify(als, ROMA, ALS_ROMA, UserChange.none().withProfiles(ProfileSet.of(Profile.ASC))),
                "the ALS does not make himself mayor").refusal());
        assertEquals(org.sigillo.registry.Refusal.PROFILE_NOT_ALLOWED, assertThrows(NotAuthorizedException.class,
                () -> engine.users().add(als, ROMA, user(BIANCHI, "Laura", "Bianchi", ProfileSet.of(Profile.APL)))).refusal());
        assertEquals(removed, audited(), "the refusals wrote nothing");
        assertEquals(ProfileSet.of(Profile.ALS), engine.users().find(als, ROMA, ALS_ROMA).orElseThrow().profiles());
        assertTrue(engine.users().find(als, ROMA, BIANCHI).isEmpty(), "no Bianchi with APL");
        assertEquals(ProfileSet.of(Profile.ASC),
                engine.users().add(als, ROMA, user(BIANCHI, "Laura", "Bianchi", ProfileSet.of(Profile.ASC))).profiles());
        // and the new mayor appoints the ALS, as the guides have it
        Actor mayor = Actor.console(new Principal(ROMA, BIANCHI, ProfileSet.of(Profile.ASC)));
        assertEquals(ProfileSet.of(Profile.ALS), engine.users().modify(mayor, ROMA, ROSSI,
                UserChange.none().withProfiles(ProfileSet.of(Profile.ALS))).profiles());
        // the old mayor back as ASC beside her: a second mayor, refused
        long appointed = audited();
        assertEquals(org.sigillo.registry.Refusal.PROFILE_NOT_ALLOWED, assertThrows(NotAuthorizedException.class,
                () -> engine.users().modify(als, ROMA, ROSSI, UserChange.none().withProfiles(ProfileSet.of(Profile.ASC)))).refusal());
        assertEquals(appointed, audited(), "the refusal wrote nothing");
        assertEquals(ProfileSet.of(Profile.ALS), engine.users().find(als, ROMA, ROSSI).orElseThrow().profiles());
    }
}
