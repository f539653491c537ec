package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.KeySpec;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.registry.AuthorizationPolicy;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.Ente;
import org.sigillo.registry.Environment;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.NotAuthorizedException;
import org.sigillo.registry.Operation;
import org.sigillo.registry.Principal;
import org.sigillo.registry.Profile;
import org.sigillo.registry.ProfileSet;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;
import org.sigillo.testing.MutableClock;
import org.sigillo.testing.SoftwareCardCsr;

/**
 * Every console operation × every administrative profile × a target in the actor's own ente
 * and in another one (for the Prefettura's hand-over: a municipality of its own province and of
 * another), run through the engine's services as a console principal. Exactly the operations
 * the rules allow succeed; every refused one throws {@link NotAuthorizedException} and leaves
 * the store exactly as it was (certificates, registrations, cards, daily passwords, audit log).
 */
class AuthorizationMatrixTest {
    private static final IstatCode ROMA = IstatCode.parse("058091");
    private static final IstatCode FIUMICINO = IstatCode.parse("058120");
    private static final IstatCode PREF_ROMA = IstatCode.parse("058000");
    private static final IstatCode MILANO = IstatCode.parse("015146");
    private static final List<ProfileSet> PROFILE_SETS = List.of(ProfileSet.of(Profile.ALP), ProfileSet.of(Profile.ALS),
            ProfileSet.of(Profile.ASC), ProfileSet.of(Profile.APL), ProfileSet.of(Profile.CONSULTAZIONE));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    @TempDir
    Path dir;
    private TestPki pki;
    private Sigillo engine;
    private Database db;
    private int people;

    @org.junit.jupiter.api.BeforeEach
    void open() {
        pki = TestPki.create(KeySpec.EC_P256, clock);
        db = TestDatabases.fresh(Dialect.H2, dir).get();
        engine = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("crl"), "t"));
        for (IstatCode e : List.of(ROMA, FIUMICINO, PREF_ROMA, MILANO)) {
            engine.enti().add(Ente.of(e, "Ente " + e));
        }
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        engine.close();
        db.close();
        pki.close();
    }

    /** A new valid codice fiscale on every call. */
    private CodiceFiscale nextCf() {
        int n = people++;
        String letters = "BCDFGHLMNPRSTVZ";
        String body = "" + letters.charAt(n % 15) + letters.charAt((n / 15) % 15) + letters.charAt((n / 225) % 15) + "MRA80A01H501";
        int[] odd = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = body.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A';
            sum += (i % 2 == 0) ? odd[v] : v;
        }
        return CodiceFiscale.parse(body + (char) ('A' + sum % 26));
    }

    private NewUser newUser(ProfileSet profiles) {
        return new NewUser(nextCf(), "Nome", "Cognome", profiles, EnvironmentSet.of(Environment.PRODUZIONE),
                EmailAddress.parse("utente" + people + "@comune.example.it"), Optional.empty());
    }

    private CodiceFiscale user(IstatCode ente) {
        return engine.users().add(Actor.operator(), ente, newUser(ProfileSet.of(Profile.CONSULTAZIONE))).cf();
    }

    private String workstation(IstatCode ente) {
        String code = engine.workstations().register(ente, Optional.empty()).toString();
        engine.batch().run();
        return code;
    }

    /** A delivered card of a new user of {@code ente}. */
    private String deliveredCard(IstatCode ente) throws Exception {
        String n = handedOverCard(ente);
        engine.cards().deliver(Actor.operator(), n);
        return n;
    }

    private String handedOverCard(IstatCode ente) throws Exception {
        CardRequested r = engine.cards().request(Actor.operator(), ente, user(ente), SoftwareCardCsr.newCsr(), CardRequestReason.FIRST);
        r.destroy();
        engine.batch().run();
        engine.cards().handOver(Actor.operator(), ente);
        return r.number();
    }

    /** One operation: prepares its object in {@code target} as the operator, then runs it as {@code actor}. */
    @FunctionalInterface
    private interface Attempt {
        void run(Actor actor, IstatCode target) throws Exception;
    }

    private Map<Operation, Attempt> attempts() {
        Map<Operation, Attempt> m = new EnumMap<>(Operation.class);
        m.put(Operation.REGISTER_WORKSTATION, (a, t) -> session(a).registerWorkstation(Optional.empty()));
        m.put(Operation.SEARCH_WORKSTATIONS, (a, t) -> session(a).workstations(Optional.empty()));
        m.put(Operation.DOWNLOAD_WORKSTATION, (a, t) -> session(a).downloadWorkstation(workstation(t), Pkcs12Encryption.MODERN).destroy());
        m.put(Operation.DOWNLOAD_ALL_WORKSTATIONS, (a, t) -> session(a).downloadAllWorkstations(Pkcs12Encryption.MODERN));
        m.put(Operation.BLOCK_CERTIFICATE, (a, t) -> session(a).block(workstation(t)));
        m.put(Operation.UNBLOCK_CERTIFICATE, (a, t) -> {
            String c = workstation(t);
            engine.certificates().block(c);
            session(a).unblock(c);
        });
        m.put(Operation.CANCEL_CERTIFICATE, (a, t) -> session(a).cancel(workstation(t), RevocationReason.UNSPECIFIED));
        m.put(Operation.ISSUE_SERVER_CERTIFICATE, (a, t) -> session(a).requestServerCertificate());
        m.put(Operation.SELECT_ACTIVE_SERVER_CERTIFICATE, (a, t) -> {
            String c = engine.servers().request(t).toString();
            engine.batch().run();
            session(a).useForNotifications(c);
        });
        m.put(Operation.SEARCH_USERS, (a, t) -> engine.users().list(a, t));
        m.put(Operation.INSERT_USER, (a, t) -> engine.users().add(a, t, newUser(ProfileSet.of(Profile.ALP))));
        m.put(Operation.MODIFY_USER, (a, t) -> engine.users().modify(a, t, user(t), ProfileSet.of(Profile.ALP),
                EnvironmentSet.of(Environment.PRESUBENTRO), EmailAddress.parse("nuova@comune.example.it"), Optional.empty()));
        m.put(Operation.BLOCK_USER, (a, t) -> engine.users().block(a, t, user(t)));
        m.put(Operation.UNBLOCK_USER, (a, t) -> {
            CodiceFiscale cf = user(t);
            engine.users().block(Actor.operator(), t, cf);
            engine.users().unblock(a, t, cf);
        });
        m.put(Operation.DELETE_USER, (a, t) -> engine.users().delete(a, t, user(t)));
        m.put(Operation.GRANT_DAILY_PASSWORD, (a, t) -> engine.users().grantDailyPassword(a, t, user(t)).destroy());
        m.put(Operation.REQUEST_SMART_CARD, (a, t) -> engine.cards().request(a, t, user(t), SoftwareCardCsr.newCsr(), CardRequestReason.FIRST).destroy());
        m.put(Operation.REGISTER_CARD_DELIVERY, (a, t) -> engine.cards().deliver(a, handedOverCard(t)));
        m.put(Operation.RESEND_PIN_HALF, (a, t) -> engine.cards().resendPin(a, deliveredCard(t)));
        m.put(Operation.BLOCK_SMART_CARD, (a, t) -> engine.cards().block(a, deliveredCard(t)));
        m.put(Operation.UNBLOCK_SMART_CARD, (a, t) -> {
            String n = deliveredCard(t);
            engine.cards().block(Actor.operator(), n);
            engine.cards().unblock(a, n);
        });
        m.put(Operation.REVOKE_SMART_CARD, (a, t) -> engine.cards().revoke(a, deliveredCard(t), CardRevocationReason.OTHER));
        m.put(Operation.APPOINT_ALS, (a, t) -> engine.users().add(a, t, newUser(ProfileSet.of(Profile.ALS))));
        m.put(Operation.HAND_OVER_CARD_BATCH, (a, t) -> {
            CardRequested r = engine.cards().request(Actor.operator(), t, user(t), SoftwareCardCsr.newCsr(), CardRequestReason.FIRST);
            r.destroy();
            engine.batch().run();
            engine.cards().handOver(a, t);
        });
        return m;
    }

    private ConsoleSession session(Actor a) {
        return engine.console(((Actor.Console) a).principal());
    }

    /** Everything a refused operation must leave as it was. */
    private String fingerprint() {
        return db.inTransaction(tx -> {
            StringBuilder sb = new StringBuilder();
            for (String sql : List.of("SELECT code || ':' || state FROM certificate ORDER BY code",
                    "SELECT cf || ente || ':' || state || profiles || environments || email FROM registration ORDER BY cf, ente",
                    "SELECT card_number || ':' || state FROM smart_card ORDER BY card_number",
                    "SELECT cf || ente || hash FROM daily_password ORDER BY cf, ente",
                    "SELECT CAST(COUNT(*) AS VARCHAR(20)) FROM audit_log")) {
                try (var ps = tx.connection().prepareStatement(sql); var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sb.append(rs.getString(1)).append('\n');
                    }
                }
            }
            return sb.toString();
        });
    }

    @Test
    void exactlyTheAllowedOperationsSucceedAndRefusedOnesChangeNothing() throws Exception {
        AuthorizationPolicy policy = new AuthorizationPolicy();
        Map<Operation, Attempt> attempts = attempts();
        assertEquals(Operation.values().length, attempts.size(), "every console operation is exercised");
        int allowed = 0;
        int refused = 0;
        List<String> wrong = new ArrayList<>();
        Map<ProfileSet, CodiceFiscale> prefettura = new HashMap<>();
        for (ProfileSet profiles : PROFILE_SETS) {
            for (Operation op : Operation.values()) {
                boolean handOver = op == Operation.HAND_OVER_CARD_BATCH;
                IstatCode home = handOver ? PREF_ROMA : ROMA;
                boolean implicitTarget = op == Operation.REGISTER_WORKSTATION || op == Operation.SEARCH_WORKSTATIONS
                        || op == Operation.DOWNLOAD_ALL_WORKSTATIONS || op == Operation.ISSUE_SERVER_CERTIFICATE;
                List<IstatCode> targets = handOver ? List.of(ROMA, MILANO) : implicitTarget ? List.of(home) : List.of(home, FIUMICINO);
                for (IstatCode target : targets) {
                    // a Prefettura has at most five users: one per profile set, reused
                    CodiceFiscale cf = handOver ? prefettura.computeIfAbsent(profiles,
                            ps -> engine.users().add(Actor.operator(), PREF_ROMA, newUser(ps)).cf())
                            : engine.users().add(Actor.operator(), home, newUser(profiles)).cf();
                    Principal p = new Principal(home, cf, profiles);
                    boolean expected = policy.refusal(p, op, target).isEmpty();
                    String what = op + " by " + profiles + " of " + home + " on " + target;
                    try {
                        attempts.get(op).run(Actor.console(p), target);
                        allowed++;
                        if (!expected) {
                            wrong.add(what + ": allowed, but the rules refuse it");
                        }
                    } catch (NotAuthorizedException e) {
                        refused++;
                        if (expected) {
                            wrong.add(what + ": refused (" + e.refusal() + "), but the rules allow it");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(allowed > 20 && refused > 60, "allowed " + allowed + ", refused " + refused);
    }

    @Test
    void aRefusedOperationLeavesTheStoreExactlyAsItWas() throws Exception {
        CodiceFiscale alp = engine.users().add(Actor.operator(), ROMA, newUser(ProfileSet.of(Profile.ALP))).cf();
        Actor alpOfRoma = Actor.console(new Principal(ROMA, alp, ProfileSet.of(Profile.ALP)));
        String otherWs = workstation(FIUMICINO);
        CodiceFiscale otherUser = user(FIUMICINO);
        String ownCard = deliveredCard(ROMA);
        String before = fingerprint();
        List<Runnable> refusals = List.of(
                () -> session(alpOfRoma).block(otherWs),
                () -> session(alpOfRoma).cancel(otherWs, RevocationReason.KEY_COMPROMISE),
                () -> engine.users().delete(alpOfRoma, ROMA, alp),
                () -> engine.users().block(alpOfRoma, FIUMICINO, otherUser),
                () -> engine.cards().revoke(alpOfRoma, ownCard, CardRevocationReason.LOSS_OR_THEFT),
                () -> engine.users().add(alpOfRoma, ROMA, newUser(ProfileSet.of(Profile.ALS))),
                () -> engine.cards().handOver(alpOfRoma, ROMA));
        for (Runnable r : refusals) {
            try {
                r.run();
                fail("an ALP may not do this");
            } catch (NotAuthorizedException expected) {
                assertEquals(before, fingerprint(), "refused: " + expected.getMessage());
            }
        }
    }
    /** A staged download is authorized before anything reaches the stage. */
    @Test
    void aStagedDownloadIsAuthorizedBeforeItsStageSeesAnything() throws Exception {
        CodiceFiscale alp = engine.users().add(Actor.operator(), ROMA, newUser(ProfileSet.of(Profile.ALP))).cf();
        ConsoleSession session = engine.console(new Principal(ROMA, alp, ProfileSet.of(Profile.ALP)));
        String other = workstation(MILANO);
        List<Object> staged = new ArrayList<>();
        String before = fingerprint();
        assertThrows(NotAuthorizedException.class, () -> session.downloadWorkstation(other, Pkcs12Encryption.MODERN, staged::add));
        assertEquals(List.of(), staged, "nothing of another ente's key reached the stage");
        assertEquals(before, fingerprint(), "refused: nothing written");

        String own = workstation(ROMA);
        Export x = session.downloadWorkstation(own, Pkcs12Encryption.MODERN, staged::add);
        assertEquals(List.of(x), staged);
        x.destroy();
        byte[] zip = session.downloadAllWorkstations(Pkcs12Encryption.MODERN, staged::add);
        assertEquals(2, staged.size());
        assertTrue(Arrays.equals(zip, (byte[]) staged.get(1)), "the ZIP staged is the one returned");
    }

    @Test
    void consoleOperationsAreAuditedUnderThePrincipalNotTheOperator() throws Exception {
        CodiceFiscale alp = engine.users().add(Actor.operator(), ROMA, newUser(ProfileSet.of(Profile.ALP))).cf();
        ConsoleSession session = engine.console(new Principal(ROMA, alp, ProfileSet.of(Profile.ALP)));
        String code = session.registerWorkstation(Optional.empty()).toString();
        engine.batch().run();
        session.block(code);
        session.downloadWorkstation(workstation(ROMA), Pkcs12Encryption.MODERN).destroy();
        List<String> actors = db.inTransaction(tx -> {
            List<String> out = new ArrayList<>();
            try (var ps = tx.connection().prepareStatement(
                    "SELECT action || ' ' || actor FROM audit_log WHERE action IN ('CERT_REQUESTED', 'CERT_BLOCKED', 'CERT_EXPORTED') "
                            + "AND subject = ? OR action = 'CERT_EXPORTED' ORDER BY seq")) {
                ps.setString(1, code);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        String who = alp.canonical() + "@" + ROMA.value();
        assertEquals(List.of("CERT_REQUESTED " + who, "CERT_BLOCKED " + who, "CERT_EXPORTED " + who), actors);
    }
}
