package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.KeySpec;
import org.sigillo.lifecycle.CardState;
import org.sigillo.lifecycle.CertificateState;
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
import org.sigillo.status.CertStatus;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;
import org.sigillo.testing.MutableClock;
import org.sigillo.testing.SoftwareCardCsr;
import org.sigillo.validation.CheckResult;
import org.sigillo.validation.DualCheckValidator;
import org.sigillo.validation.RefusalReason;
import org.sigillo.validation.UserState;

/** Users, registrations, smart cards and daily passwords through the engine, one test per rule of DOMAIN.md. */
class PeopleTest {
    private static final IstatCode ROMA = IstatCode.parse("058091");
    private static final IstatCode FIUMICINO = IstatCode.parse("058120");
    private static final IstatCode PREF_ROMA = IstatCode.parse("058000");
    private static final IstatCode PREF_MILANO = IstatCode.parse("015000");
    private static final IstatCode MILANO = IstatCode.parse("015146");
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

    /** One CA hierarchy (one SoftHSM2 token) for the class; each test has its own store and engine. */
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
        for (IstatCode e : List.of(ROMA, FIUMICINO, PREF_ROMA, PREF_MILANO, MILANO)) {
            engine.enti().add(Ente.of(e, "Ente " + e));
        }
        engine.users().add(Actor.operator(), ROMA, user(ALS_ROMA, "Giuseppe", "Verdi", ProfileSet.of(Profile.ALS)));
        engine.users().add(Actor.operator(), PREF_ROMA, user(ALS_PREF, "Franco", "Neri", ProfileSet.of(Profile.ALS, Profile.ALP)));
        als = Actor.console(new Principal(ROMA, ALS_ROMA, ProfileSet.of(Profile.ALS)));
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

    /** Requests, issues, hands over and delivers a card for {@code cf}; returns its number. */
    private String activeCard(CodiceFiscale cf, CardRequestReason why) throws Exception {
        CardRequested r = engine.cards().request(als, ROMA, cf, SoftwareCardCsr.newCsr(), why);
        engine.batch().run();
        engine.cards().handOver(Actor.console(new Principal(PREF_ROMA, ALS_PREF, ProfileSet.of(Profile.ALS))), ROMA);
        engine.cards().deliver(als, r.number());
        r.destroy();
        return r.number();
    }

    private long auditLength() {
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
     * An omocode CF is another person (the Agenzia delle Entrate assigns one to tell two people
     * apart): registered on his own, with his own name, and his card request leaves the base
     * code's holder and card alone.
     */
    @Test
    void anOmocodeCfIsAnotherPerson() throws Exception {
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        String rossisCard = activeCard(ROSSI, CardRequestReason.FIRST);
        CodiceFiscale omo = CodiceFiscale.parse(omocodeOf(ROSSI.canonical()));
        assertFalse(ROSSI.equals(omo));
        engine.users().add(als, ROMA, user(omo, "Marco", "Rossini", ProfileSet.of(Profile.ALP)));
        assertEquals("Rossini", engine.users().find(als, ROMA, omo).orElseThrow().surname());
        assertEquals("Rossi", engine.users().find(als, ROMA, ROSSI).orElseThrow().surname());
        String omosCard = activeCard(omo, CardRequestReason.FIRST);
        assertEquals(CardState.ATTIVA, engine.cards().find(rossisCard).orElseThrow().state(), "the other person's card stays");
        assertEquals(CardState.ATTIVA, engine.cards().find(omosCard).orElseThrow().state());
        X500Name subject = X500Name.getInstance(
                engine.certificates().require(omosCard).certificate().getSubjectX500Principal().getEncoded());
        assertEquals("TINIT-" + omo.asGiven(), IETFUtils.valueToString(
                subject.getRDNs(BCStyle.SERIALNUMBER)[0].getFirst().getValue()),
                "the card certificate names the omocode");
    }

    /** Replaces the last digit of the CF body (position 14, the day's units) by its omocodia letter and fixes the check letter. */
    private static String omocodeOf(String cf) {
        String letters = "LMNPQRSTUV";
        char[] c = cf.toCharArray();
        c[14] = letters.charAt(c[14] - '0');
        int[] odd = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            int v = Character.isDigit(c[i]) ? c[i] - '0' : c[i] - 'A';
            sum += (i % 2 == 0) ? odd[v] : v;
        }
        c[15] = (char) ('A' + sum % 26);
        return new String(c);
    }

    @Test
    void everyOperationIsRefusedOutsideTheActorsEnteOrProfileAndARefusalChangesNothing() throws Exception {
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        long audit = auditLength();
        Actor alsOfFiumicino = Actor.console(new Principal(FIUMICINO, ALS_ROMA, ProfileSet.of(Profile.ALS)));
        Actor alpOfRoma = Actor.console(new Principal(ROMA, ROSSI, ProfileSet.of(Profile.ALP)));
        NotAuthorizedException other = assertThrows(NotAuthorizedException.class, () -> engine.users().block(alsOfFiumicino, ROMA, ROSSI));
        assertEquals(org.sigillo.registry.Refusal.OTHER_ENTE, other.refusal());
        NotAuthorizedException profile = assertThrows(NotAuthorizedException.class,
                () -> engine.users().add(alpOfRoma, ROMA, user(BIANCHI, "Laura", "Bianchi", ProfileSet.of(Profile.ALS))));
        assertEquals(org.sigillo.registry.Refusal.PROFILE_NOT_ALLOWED, profile.refusal());
        assertThrows(NotAuthorizedException.class, () -> engine.cards().request(alpOfRoma, ROMA, ROSSI, SoftwareCardCsr.newCsr(), CardRequestReason.FIRST));
        // a principal claiming a profile its stored registration does not hold
        Actor forged = Actor.console(new Principal(ROMA, ROSSI, ProfileSet.of(Profile.ALS)));
        assertEquals(Refusal.UNKNOWN_ACTOR, assertThrows(RefusedException.class, () -> engine.users().block(forged, ROMA, ALS_ROMA)).refusal());
        assertEquals(audit, auditLength(), "nothing was written");
        assertEquals(UserState.ATTIVO, engine.users().find(als, ROMA, ROSSI).orElseThrow().state());
        assertTrue(engine.users().find(als, ROMA, BIANCHI).isEmpty());
        assertTrue(engine.cards().ofPerson(ROSSI).isEmpty());
    }

    @Test
    void aNewCardRevokesThePreviousOneAtOnceAsSupersededAndLossAsKeyCompromise() throws Exception {
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        String first = activeCard(ROSSI, CardRequestReason.FIRST);
        CertificateRecord firstCert = engine.certificates().require(first);
        assertEquals(CertStatus.GOOD, engine.status().status(hex(firstCert.issuerKeyId().orElseThrow()), firstCert.serial().orElseThrow()));
        assertTrue(engine.people().currentCard(ROSSI).orElseThrow().matches(hex(firstCert.issuerKeyId().get()), firstCert.serial().get()));

        CardRequested second = engine.cards().request(als, ROMA, ROSSI, SoftwareCardCsr.newCsr(), CardRequestReason.MALFUNCTION);
        assertEquals(List.of(first), second.revokedPrevious());
        assertEquals(CardState.REVOCATA, engine.cards().find(first).orElseThrow().state());
        assertEquals(Optional.of(RevocationReason.SUPERSEDED), engine.cards().find(first).orElseThrow().revocationReason());
        CertificateRecord revoked = engine.certificates().require(first);
        assertEquals(CertificateState.REVOCA_IN_LAVORAZIONE, revoked.state());
        assertEquals(Optional.of(RevocationReason.SUPERSEDED), revoked.revocationReason());
        CertStatus status = engine.status().status(hex(revoked.issuerKeyId().get()), revoked.serial().get());
        assertInstanceOf(CertStatus.Revoked.class, status, "the previous card is revoked for OCSP at once");
        assertTrue(engine.people().currentCard(ROSSI).isEmpty(), "no current card until the new one is delivered");

        // lost before its certificate was issued: the request is withdrawn, and the next one revokes as keyCompromise
        CardRequested third = engine.cards().request(als, ROMA, ROSSI, SoftwareCardCsr.newCsr(), CardRequestReason.LOSS_OR_THEFT);
        assertEquals(List.of(second.number()), third.revokedPrevious());
        assertEquals(Optional.of(RevocationReason.KEY_COMPROMISE), engine.cards().find(second.number()).orElseThrow().revocationReason());
        assertEquals(CertificateState.RICHIESTA_ANNULLATA, engine.certificates().require(second.number()).state());
        BatchReport report = engine.batch().run();
        assertEquals(List.of(third.number()), report.issued(), "a withdrawn request is never issued");
        assertEquals(ROMA.value() + "000003", third.number(), "card number = ISTAT code + progressive");
    }

    @Test
    void deliveryActivatesTheCardAndMailsTheSecondHalvesWhichCanBeResent() throws Exception {
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        CardRequested r = engine.cards().request(als, ROMA, ROSSI, SoftwareCardCsr.newCsr(), CardRequestReason.FIRST);
        char[] pinEnvelope = r.pinEnvelopeHalf();
        assertEquals(4, pinEnvelope.length);
        assertFalse(r.toString().contains(new String(pinEnvelope)), "toString shows nothing secret");
        long requested = auditLength();
        assertEquals(Refusal.CARD_STATE, assertThrows(RefusedException.class, () -> engine.cards().deliver(als, r.number())).refusal(),
                "a card still in production cannot be delivered");
        Actor prefMilano = Actor.console(new Principal(PREF_MILANO, ALS_PREF, ProfileSet.of(Profile.ALS)));
        assertEquals(org.sigillo.registry.Refusal.NOT_OWN_PROVINCE, assertThrows(NotAuthorizedException.class,
                () -> engine.cards().handOver(prefMilano, ROMA), "only the Prefettura of the province").refusal());
        assertEquals(requested, auditLength(), "the refused delivery and hand-over wrote nothing");
        assertEquals(CardState.IN_LAVORAZIONE, engine.cards().find(r.number()).orElseThrow().state());
        Actor prefRoma = Actor.console(new Principal(PREF_ROMA, ALS_PREF, ProfileSet.of(Profile.ALS)));
        assertEquals(List.of(), engine.cards().handOver(prefRoma, ROMA), "a card without its certificate is not handed over");
        engine.batch().run();
        assertEquals(CardState.CONSEGNATA_DALLA_PREFETTURA, engine.cards().handOver(prefRoma, ROMA).get(0).state());
        assertTrue(mails().isEmpty());
        assertEquals(CardState.ATTIVA, engine.cards().deliver(als, r.number()).state());
        List<Path> sent = mails();
        assertEquals(1, sent.size());
        String eml = Files.readString(sent.get(0), StandardCharsets.UTF_8);
        assertTrue(eml.contains("To: mario.rossi@comune.example.it\r\n") && eml.contains("Subject: Smart card " + r.number()), eml);
        assertTrue(eml.contains("Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(clock)) + "\r\n"), "dated by the engine's clock: " + eml);
        String pinMailHalf = eml.replaceAll("(?s).*Second half of the PIN: (\\d{4}).*", "$1");
        assertEquals(4, pinMailHalf.length());
        assertFalse(eml.contains("PIN: " + new String(pinEnvelope)), "the mail never carries the envelope half");
        engine.cards().resendPin(als, r.number());
        assertEquals(2, mails().size());
        assertTrue(Files.readString(mails().get(0)).contains(pinMailHalf) && Files.readString(mails().get(1)).contains(pinMailHalf));
        String auditText = db.inTransaction(tx -> {
            StringBuilder all = new StringBuilder();
            try (var ps = tx.connection().prepareStatement("SELECT subject, details FROM audit_log")) {
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        all.append(rs.getString(1)).append(' ').append(rs.getString(2)).append('\n');
                    }
                }
            }
            return all.toString();
        });
        assertTrue(auditText.contains("PIN_HALF_SENT") || auditText.contains("to=mario.rossi"), auditText);
        assertFalse(auditText.contains(new String(pinEnvelope) + pinMailHalf) || auditText.contains("Second half"),
                "no secret in the audit log");
        r.destroy();
    }

    @Test
    void anAlsCannotGrantTheProfilesThatAppointTheAls() {
        long before = auditLength();
        // ASC and APL "appoint the ALS": an ALS granting either (to himself or to a new user)
        // would appoint ALS at will afterwards (found by an audit: ALS -> ALS+APL -> appoints)
        assertThrows(NotAuthorizedException.class, () -> engine.users().modify(als, ROMA, ALS_ROMA,
                UserChange.none().withProfiles(ProfileSet.of(Profile.ALS, Profile.APL))));
        assertThrows(NotAuthorizedException.class, () -> engine.users().add(als, ROMA,
                user(BIANCHI, "Laura", "Bianchi", ProfileSet.of(Profile.APL))));
        // (ASC: the ALS inserts a new mayor only when the ente has none, guide 000; GuideRulesTest)
        assertThrows(NotAuthorizedException.class, () -> engine.users().modify(als, ROMA, ALS_ROMA,
                UserChange.none().withProfiles(ProfileSet.of(Profile.ASC))));
        assertEquals(before, auditLength(), "nothing changed");
        // the ALS still manages the other profiles, and the operator may appoint
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        engine.users().add(Actor.operator(), ROMA, user(BIANCHI, "Laura", "Bianchi", ProfileSet.of(Profile.APL)));
        Actor apl = Actor.console(new Principal(ROMA, BIANCHI, ProfileSet.of(Profile.APL)));
        assertEquals(ProfileSet.of(Profile.ALS, Profile.ALP), engine.users().modify(apl, ROMA, ROSSI,
                UserChange.none().withProfiles(ProfileSet.of(Profile.ALS, Profile.ALP))).profiles(), "the APL appoints the ALS");
    }

    @Test
    void aPrefetturaKeepsItsLastAlsAndAlp() {
        Actor operator = Actor.operator();
        long before = auditLength();
        // ALS_PREF is the Prefettura's only user, ALS and ALP
        RefusedException noAlp = assertThrows(RefusedException.class, () -> engine.users().modify(operator, PREF_ROMA, ALS_PREF,
                UserChange.none().withProfiles(ProfileSet.of(Profile.ALS))));
        assertEquals(Refusal.LIMIT_REACHED, noAlp.refusal());
        assertTrue(noAlp.getMessage().contains("ALP"), noAlp.getMessage());
        assertEquals(Refusal.LIMIT_REACHED, assertThrows(RefusedException.class,
                () -> engine.users().delete(operator, PREF_ROMA, ALS_PREF)).refusal());
        assertEquals(before, auditLength(), "nothing changed");
        assertEquals(ProfileSet.of(Profile.ALS, Profile.ALP),
                engine.users().find(operator, PREF_ROMA, ALS_PREF).orElseThrow().profiles());
        // with a second ALP, the first may give the profile up
        engine.users().add(operator, PREF_ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        engine.users().modify(operator, PREF_ROMA, ALS_PREF, UserChange.none().withProfiles(ProfileSet.of(Profile.ALS)));
        // a Prefettura still being staffed (no ALS yet) may change what it has
        engine.users().add(operator, PREF_MILANO, user(BIANCHI, "Laura", "Bianchi", ProfileSet.of(Profile.ALP)));
        engine.users().modify(operator, PREF_MILANO, BIANCHI, UserChange.none().withProfiles(ProfileSet.of(Profile.ALP, Profile.ALS)));
    }

    @Test
    void aMailTheMailerRefusesIsAuditedAsNotSentAndCanBeResent() throws Exception {
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        CardRequested r = engine.cards().request(als, ROMA, ROSSI, SoftwareCardCsr.newCsr(), CardRequestReason.FIRST);
        r.destroy();
        engine.batch().run();
        engine.cards().handOver(Actor.console(new Principal(PREF_ROMA, ALS_PREF, ProfileSet.of(Profile.ALS))), ROMA);
        Files.writeString(dir.resolve("mail"), "a file where the mail folder goes: the mailer cannot write");
        Mailer.MailException e = assertThrows(Mailer.MailException.class, () -> engine.cards().deliver(als, r.number()));
        assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
        assertEquals(CardState.ATTIVA, engine.cards().find(r.number()).orElseThrow().state(), "the delivery stays registered");
        assertEquals(List.of("CARD_DELIVERED", "PIN_HALF_SENT", "PIN_HALF_NOT_SENT"), lastActions(3));
        assertThrows(Mailer.MailException.class, () -> engine.cards().resendPin(als, r.number()));
        assertEquals(List.of("PIN_HALF_SENT", "PIN_HALF_NOT_SENT"), lastActions(2));

        Files.delete(dir.resolve("mail"));
        engine.cards().resendPin(als, r.number());
        assertEquals(1, mails().size());
        assertEquals(List.of("PIN_HALF_NOT_SENT", "PIN_HALF_SENT"), lastActions(2));
        assertTrue(engine.verifyAudit().intact());
    }

    /** The actions of the last {@code n} audit entries, oldest first. */
    private List<String> lastActions(int n) {
        return db.inTransaction(tx -> {
            List<String> actions = new ArrayList<>();
            try (var ps = tx.connection().prepareStatement("SELECT action FROM audit_log ORDER BY seq DESC")) {
                try (var rs = ps.executeQuery()) {
                    while (actions.size() < n && rs.next()) {
                        actions.add(0, rs.getString(1).trim());
                    }
                }
            }
            return actions;
        });
    }

    @Test
    void blockingACardOrAUserTakesEffectOnTheVeryNextDualCheck() throws Exception {
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        String pc = engine.workstations().register(ROMA, Optional.empty()).toString();
        String card = activeCard(ROSSI, CardRequestReason.FIRST);
        DualCheckValidator v = engine.dualCheckValidator();
        byte[] pcDer = engine.certificates().require(pc).der().orElseThrow();
        byte[] cardDer = engine.certificates().require(card).der().orElseThrow();
        assertInstanceOf(CheckResult.Accepted.class, v.check(pcDer, cardDer, Environment.PRODUZIONE));
        engine.users().block(als, ROMA, ROSSI);
        assertEquals(RefusalReason.USER_BLOCKED, ((CheckResult.Refused) v.check(pcDer, cardDer, Environment.PRODUZIONE)).reason());
        engine.users().unblock(als, ROMA, ROSSI);
        engine.cards().block(als, card);
        assertEquals(RefusalReason.BLOCKED, ((CheckResult.Refused) v.check(pcDer, cardDer, Environment.PRODUZIONE)).reason());
        long audited = auditLength();
        for (Runnable bypass : List.<Runnable>of(() -> engine.certificates().unblock(card),
                () -> engine.certificates().cancel(card, RevocationReason.UNSPECIFIED, Optional.empty()),
                () -> engine.certificates().block(card))) {
            assertEquals(Refusal.WRONG_KIND, assertThrows(RefusedException.class, bypass::run).refusal(),
                    "not even the operator moves a card's certificate apart from its card");
        }
        assertEquals(audited, auditLength());
        assertEquals(CertificateState.BLOCCATO, engine.certificates().require(card).state());
        assertEquals(RefusalReason.BLOCKED, ((CheckResult.Refused) v.check(pcDer, cardDer, Environment.PRODUZIONE)).reason());
        engine.cards().unblock(als, card);
        assertInstanceOf(CheckResult.Accepted.class, v.check(pcDer, cardDer, Environment.PRODUZIONE));
        engine.cards().request(als, ROMA, ROSSI, SoftwareCardCsr.newCsr(), CardRequestReason.NEAR_EXPIRY);
        CheckResult.Refused old = (CheckResult.Refused) v.check(pcDer, cardDer, Environment.PRODUZIONE);
        assertTrue(old.reason() == RefusalReason.REVOKED || old.reason() == RefusalReason.NOT_CURRENT_CARD, old.toString());
    }

    @Test
    void deletingTheOnlyRegistrationRevokesTheCardButAnotherEnteKeepsItValid() throws Exception {
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        engine.users().add(Actor.operator(), FIUMICINO, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALS)));
        String card = activeCard(ROSSI, CardRequestReason.FIRST);
        assertEquals(List.of(), engine.users().delete(als, ROMA, ROSSI), "registered in Fiumicino too: the card stays");
        assertEquals(CardState.ATTIVA, engine.cards().find(card).orElseThrow().state());
        assertTrue(engine.people().registration(ROSSI, ROMA).isEmpty());
        assertTrue(engine.people().currentCard(ROSSI).isPresent());
        Actor alsFiumicino = Actor.console(new Principal(FIUMICINO, ROSSI, ProfileSet.of(Profile.ALS)));
        assertEquals(List.of(card), engine.users().delete(alsFiumicino, FIUMICINO, ROSSI), "the only registration: the card goes");
        assertEquals(Optional.of(RevocationReason.CESSATION_OF_OPERATION), engine.certificates().require(card).revocationReason());
        assertTrue(engine.people().currentCard(ROSSI).isEmpty());
    }

    @Test
    void aPrefetturaHasAtMostFiveUsers() {
        String[] cfs = {"RSSMRA85T10A562S", "BNCLRA90A41H501F", "VRDGPP70C15H501K", "NREFNC75M05H501Q"};
        for (String cf : cfs) {
            engine.users().add(Actor.operator(), PREF_MILANO, user(CodiceFiscale.parse(cf), "Nome", "Cognome", ProfileSet.of(Profile.ALS)));
        }
        engine.users().add(Actor.operator(), PREF_MILANO, user(CodiceFiscale.parse("GLLLCU80A01F205F"), "Luca", "Galli", ProfileSet.of(Profile.ALP)));
        long five = auditLength();
        RefusedException sixth = assertThrows(RefusedException.class, () -> engine.users().add(Actor.operator(), PREF_MILANO,
                user(CodiceFiscale.parse("MRNSRA82B42F205E"), "Sara", "Marino", ProfileSet.of(Profile.ALP))));
        assertEquals(Refusal.LIMIT_REACHED, sixth.refusal());
        assertEquals(5, engine.users().list(Actor.operator(), PREF_MILANO).size());
        assertEquals(five, auditLength(), "the refused sixth user wrote nothing");
    }

    @Test
    void theDailyPasswordIsStoredAsAHashAndWorksUntilMidnightInRome() throws Exception {
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        clock.set(Instant.parse("2026-03-29T21:30:00Z")); // 23:30 in Rome on the day summer time starts
        DailyPasswordGrant g = engine.users().grantDailyPassword(als, ROMA, ROSSI);
        char[] password = g.revealPassword();
        assertEquals(Instant.parse("2026-03-29T22:00:00Z"), g.stored().expiresAt(), "midnight Europe/Rome (CEST)");
        String stored = db.inTransaction(tx -> {
            try (var ps = tx.connection().prepareStatement("SELECT hash FROM daily_password")) {
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        assertFalse(stored.contains(new String(password)), "only a hash is stored");
        assertTrue(stored.startsWith("pbkdf2-sha256"), stored);
        assertTrue(engine.users().checkDailyPassword(ROMA, ROSSI, password));
        assertFalse(engine.users().checkDailyPassword(ROMA, ROSSI, "wrong-password".toCharArray()));
        assertFalse(engine.users().checkDailyPassword(FIUMICINO, ROSSI, password), "only in the ente that granted it");
        clock.advance(Duration.ofMinutes(29));
        assertTrue(engine.users().checkDailyPassword(ROMA, ROSSI, password), "23:59 in Rome");
        clock.advance(Duration.ofMinutes(1));
        assertFalse(engine.users().checkDailyPassword(ROMA, ROSSI, password), "midnight in Rome: expired");
        g.destroy();
    }

    @Test
    void anotherEngineOnTheSameStoreSeesPeopleChangesAfterASync() throws Exception {
        engine.users().add(als, ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        engine.users().add(als, ROMA, user(BIANCHI, "Laura", "Bianchi", ProfileSet.of(Profile.ALP)));
        activeCard(BIANCHI, CardRequestReason.FIRST);
        activeCard(BIANCHI, CardRequestReason.MALFUNCTION);
        try (Sigillo second = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"),
                EngineSettings.defaults(clock, dir.resolve("crl2"), "t2"))) {
            assertTrue(second.people().registration(ROSSI, ROMA).orElseThrow().active(), "loaded at open");
            assertEquals(engine.people().currentCard(BIANCHI), second.people().currentCard(BIANCHI),
                    "the newest delivered card, loaded at open");
            assertTrue(second.people().currentCard(ROSSI).isEmpty());
            engine.users().block(als, ROMA, ROSSI);
            assertTrue(second.people().registration(ROSSI, ROMA).orElseThrow().active(), "not yet synced");
            assertTrue(second.syncStatusNow() >= 1);
            assertFalse(second.people().registration(ROSSI, ROMA).orElseThrow().active());
        }
    }

    @Test
    void aCensusStoresItsUsersWithTheRequestsAllOrNothing() throws Exception {
        Path valid = Path.of(System.getProperty("sigillo.testdata", "../testdata")).resolve("census/valid-comune.csv");
        Census census = new CensusCsvParser().parse(valid);
        long audit = auditLength();
        engine.users().add(Actor.operator(), ROMA, user(ROSSI, "Mario", "Rossi", ProfileSet.of(Profile.ALP)));
        long before = auditLength();
        RefusedException dup = assertThrows(RefusedException.class, () -> engine.importCensus(census));
        assertEquals(Refusal.USER_EXISTS, dup.refusal(), "a user of the census already registered in the ente");
        assertEquals(before, auditLength(), "nothing of the refused census is stored");
        assertTrue(engine.certificates().list(ROMA, Optional.empty(), Optional.empty()).isEmpty());
        assertTrue(audit < before);

        engine.users().delete(Actor.operator(), ROMA, ROSSI);
        List<String> progress = new ArrayList<>();
        List<String> queued = engine.importCensus(census, (done, total) -> progress.add(done + "/" + total));
        int total = queued.size() + census.users().size();
        assertEquals(total + "/" + total, progress.get(progress.size() - 1), progress.toString());
        assertEquals(census.users().size(), engine.users().list(Actor.operator(), ROMA).size() - 1, "plus the ALS of the fixture");
        for (var u : census.users()) {
            UserRecord stored = engine.users().find(Actor.operator(), ROMA, u.codiceFiscale()).orElseThrow();
            assertEquals(u.profiles(), stored.profiles());
            assertEquals(u.email(), stored.email());
            assertTrue(engine.people().registration(u.codiceFiscale(), ROMA).orElseThrow().active(), "live for the dual check");
        }
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }
}
