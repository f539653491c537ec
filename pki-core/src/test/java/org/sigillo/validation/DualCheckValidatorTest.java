package org.sigillo.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sigillo.crl.RevocationReason;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.Environment;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Profile;
import org.sigillo.registry.ProfileSet;
import org.sigillo.status.CertStatus;
import org.sigillo.status.InMemoryStatusSource;
import org.sigillo.status.StatusHandle;

class DualCheckValidatorTest {

    private static TestPki ecPki;

    @BeforeAll
    static void pki() {
        ecPki = new TestPki(TestPki.Algorithm.EC_P256, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2028-01-01T00:00:00Z"));
    }

    private static Fixture fixture() {
        return new Fixture(ecPki);
    }

    private static void assertRefused(RefusalReason reason, Slot slot, CheckResult result) {
        assertTrue(result instanceof CheckResult.Refused, () -> "expected " + reason + " but got " + result);
        CheckResult.Refused r = (CheckResult.Refused) result;
        assertEquals(reason, r.reason(), r::detail);
        assertEquals(slot, r.slot(), r::detail);
        assertFalse(r.detail().isBlank());
    }

    private static SessionPrincipal assertAccepted(CheckResult result) {
        assertTrue(result instanceof CheckResult.Accepted, () -> "expected acceptance but got " + result);
        return ((CheckResult.Accepted) result).principal();
    }

    private static CertStatus hold() {
        return new CertStatus.Revoked(Fixture.NOW, RevocationReason.CERTIFICATE_HOLD, Optional.empty());
    }

    private static CertStatus revoked(RevocationReason reason) {
        return new CertStatus.Revoked(Fixture.NOW, reason, Optional.empty());
    }

    @Test
    void acceptsTheValidPairAndNamesThePrincipal() {
        Fixture f = fixture();
        DualCheckValidator v = f.validator();
        for (int i = 0; i < 3; i++) { // first call examines, later ones hit the cache
            SessionPrincipal p = assertAccepted(v.check(f.workstation.der(), f.card.der(), Environment.PRODUZIONE));
            assertEquals(Fixture.ROMA, p.ente());
            assertEquals("058091-PC-0001", p.workstationCode());
            assertEquals(Fixture.CF, p.codiceFiscale());
            assertEquals(Fixture.PROFILES, p.profiles());
            assertEquals(Environment.PRODUZIONE, p.environment());
        }
        SessionPrincipal viaJdk = assertAccepted(v.check(f.workstation.x509(), f.card.x509(), Environment.PRODUZIONE));
        assertEquals("058091-PC-0001", viaJdk.workstationCode());
        assertAccepted(f.validator(0).check(f.workstation.der(), f.card.der(), Environment.PRODUZIONE));
    }

    @Test
    void acceptsAnRsa3072Hierarchy() {
        Fixture f = new Fixture(TestPki.Algorithm.RSA_3072);
        DualCheckValidator v = f.validator();
        assertAccepted(v.check(f.workstation.der(), f.card.der(), Environment.PRODUZIONE));
        assertAccepted(v.check(f.workstation.der(), f.card.der(), Environment.PRODUZIONE));
        f.status.put(f.pki.smartCardCa.keyId, f.card.serial(), hold());
        assertRefused(RefusalReason.BLOCKED, Slot.CARD, v.check(f.workstation.der(), f.card.der(), Environment.PRODUZIONE));
    }

    @Test
    void blockCheckUnblockCheckNeverGivesAStaleAnswer() {
        Fixture f = fixture();
        DualCheckValidator v = f.validator();
        byte[] wsKey = f.pki.workstationCa.keyId;
        byte[] cardKey = f.pki.smartCardCa.keyId;
        int stale = 0;
        for (int round = 0; round < 1000; round++) {
            boolean card = round % 2 == 0;
            f.status.put(card ? cardKey : wsKey, card ? f.card.serial() : f.workstation.serial(), hold());
            CheckResult blocked = v.check(f.workstation.der(), f.card.der(), Environment.PRODUZIONE);
            if (!(blocked instanceof CheckResult.Refused)
                    || ((CheckResult.Refused) blocked).reason() != RefusalReason.BLOCKED
                    || ((CheckResult.Refused) blocked).slot() != (card ? Slot.CARD : Slot.WORKSTATION)) {
                stale++;
            }
            f.status.put(card ? cardKey : wsKey, card ? f.card.serial() : f.workstation.serial(), CertStatus.GOOD);
            if (!v.check(f.workstation.der(), f.card.der(), Environment.PRODUZIONE).accepted()) {
                stale++;
            }
        }
        assertEquals(0, stale);
    }

    @Test
    void cancelNewCardAndUserBlockTakeEffectOnTheNextCheck() {
        Fixture f = fixture();
        DualCheckValidator v = f.validator();
        assertAccepted(v.check(f.workstation.der(), f.card.der(), Environment.PRODUZIONE));

        // a new card: the old one stops being current at once, the new one is accepted
        TestPki.Leaf newCard = f.good(f.pki.card(Fixture.CF.asGiven(), "Mario", "Rossi", TestPki.ecKeyPair()));
        f.registry.setCurrentCard(Fixture.CF, new CardRef(f.pki.smartCardCa.keyId, newCard.serial()));
        assertRefused(RefusalReason.NOT_CURRENT_CARD, Slot.CARD,
                v.check(f.workstation.der(), f.card.der(), Environment.PRODUZIONE));
        assertAccepted(v.check(f.workstation.der(), newCard.der(), Environment.PRODUZIONE));

        // user block and unblock
        f.registry.setUserState(Fixture.CF, UserState.BLOCCATO);
        assertRefused(RefusalReason.USER_BLOCKED, Slot.CARD,
                v.check(f.workstation.der(), newCard.der(), Environment.PRODUZIONE));
        f.registry.setUserState(Fixture.CF, UserState.ATTIVO);
        assertAccepted(v.check(f.workstation.der(), newCard.der(), Environment.PRODUZIONE));

        // cancel the card (revocation for good), then cancel the workstation
        f.status.put(f.pki.smartCardCa.keyId, newCard.serial(), revoked(RevocationReason.CESSATION_OF_OPERATION));
        assertRefused(RefusalReason.REVOKED, Slot.CARD,
                v.check(f.workstation.der(), newCard.der(), Environment.PRODUZIONE));
        f.status.put(f.pki.workstationCa.keyId, f.workstation.serial(), revoked(RevocationReason.CESSATION_OF_OPERATION));
        assertRefused(RefusalReason.REVOKED, Slot.WORKSTATION,
                v.check(f.workstation.der(), newCard.der(), Environment.PRODUZIONE));
    }

    /**
     * The cache keeps live handles: they must follow a certificate and a person that were
     * unknown when the facts were cached, and a person forgotten and registered again.
     */
    @Test
    void cachedHandlesFollowWhatBecomesKnownLaterAndWhatIsForgotten() {
        Fixture f = fixture();
        DualCheckValidator v = f.validator();
        // a workstation and a card holder the live state does not know yet
        TestPki.Leaf ws = f.pki.workstation(Fixture.ROMA.value(), 2, null);
        CodiceFiscale cf = CodiceFiscale.parse(TestPki.codiceFiscale(4242));
        TestPki.Leaf card = f.pki.card(cf.asGiven(), "Laura", "Bianchi", TestPki.ecKeyPair());
        assertRefused(RefusalReason.STATUS_UNKNOWN, Slot.WORKSTATION, v.check(ws.der(), card.der(), Environment.PRODUZIONE));
        f.good(ws);
        assertRefused(RefusalReason.STATUS_UNKNOWN, Slot.CARD, v.check(ws.der(), card.der(), Environment.PRODUZIONE));
        f.good(card);
        assertRefused(RefusalReason.NOT_CURRENT_CARD, Slot.CARD, v.check(ws.der(), card.der(), Environment.PRODUZIONE));
        f.registry.setCurrentCard(cf, new CardRef(f.pki.smartCardCa.keyId, card.serial()));
        assertRefused(RefusalReason.USER_BLOCKED, Slot.CARD, v.check(ws.der(), card.der(), Environment.PRODUZIONE));
        f.registry.setUserState(cf, UserState.ATTIVO);
        assertRefused(RefusalReason.NO_REGISTRATION_IN_ENTE, Slot.CARD, v.check(ws.der(), card.der(), Environment.PRODUZIONE));
        f.registry.putRegistration(cf, Fixture.ROMA, new Registration(Fixture.PROFILES, EnvironmentSet.of(Environment.PRODUZIONE), true));
        assertEquals(cf, assertAccepted(v.check(ws.der(), card.der(), Environment.PRODUZIONE)).codiceFiscale());

        // forgotten, then known again through a full replacement (what the store-backed view does)
        f.registry.remove(cf);
        assertRefused(RefusalReason.NOT_CURRENT_CARD, Slot.CARD, v.check(ws.der(), card.der(), Environment.PRODUZIONE));
        f.registry.replace(cf, Optional.of(new CardRef(f.pki.smartCardCa.keyId, card.serial())), Optional.of(UserState.ATTIVO),
                Map.of(Fixture.ROMA, new Registration(Fixture.PROFILES, EnvironmentSet.of(Environment.PRODUZIONE), false)));
        assertRefused(RefusalReason.USER_BLOCKED, Slot.CARD, v.check(ws.der(), card.der(), Environment.PRODUZIONE));
        f.registry.putRegistration(cf, Fixture.ROMA, new Registration(Fixture.PROFILES, EnvironmentSet.of(Environment.PRODUZIONE), true));
        assertAccepted(v.check(ws.der(), card.der(), Environment.PRODUZIONE));

        // the handles answer exactly what the lookups answer, for both slots
        f.status.put(f.pki.workstationCa.keyId, ws.serial(), hold());
        assertEquals(f.status.status(f.pki.workstationCa.keyId, ws.serial()),
                f.status.handle(f.pki.workstationCa.keyId, ws.serial()).current());
        assertRefused(RefusalReason.BLOCKED, Slot.WORKSTATION, v.check(ws.der(), card.der(), Environment.PRODUZIONE));
        assertEquals(f.registry.currentCard(cf), f.registry.person(cf).now().currentCard());
        assertEquals(f.registry.registration(cf, Fixture.ROMA), f.registry.person(cf).now().registration(Fixture.ROMA));
    }

    @Test
    void aStatusHandleIsOneEntryForItsWholeLife() {
        InMemoryStatusSource s = new InMemoryStatusSource();
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6};
        BigInteger serial = BigInteger.valueOf(77);
        StatusHandle ha = s.handle(a, serial);
        assertEquals(CertStatus.UNKNOWN, ha.current());
        assertEquals(CertStatus.UNKNOWN, s.status(a, serial));
        s.put(b, serial, CertStatus.GOOD); // another CA, same serial: a chained entry, not a's
        assertEquals(CertStatus.UNKNOWN, ha.current());
        s.put(a, serial, hold());
        assertEquals(hold(), ha.current());
        assertTrue(ha == s.handle(a, serial), "the same entry is handed out again");
        s.put(a, serial, CertStatus.GOOD);
        assertEquals(CertStatus.GOOD, ha.current());
        assertEquals(CertStatus.GOOD, s.handle(b, serial).current());
        assertThrows(IllegalArgumentException.class, () -> s.put(a, serial, CertStatus.UNKNOWN));
        assertEquals(CertStatus.GOOD, ha.current());
    }

    @Test
    void workstationSlotRefusals() {
        Fixture f = fixture();
        DualCheckValidator v = f.validator();
        byte[] card = f.card.der();
        Environment env = Environment.PRODUZIONE;
        TestPki pki = f.pki;

        assertRefused(RefusalReason.MALFORMED_INPUT, Slot.WORKSTATION, v.check((byte[]) null, card, env));
        assertRefused(RefusalReason.MALFORMED_INPUT, Slot.WORKSTATION, v.check(new byte[0], card, env));
        assertRefused(RefusalReason.MALFORMED_INPUT, Slot.WORKSTATION,
                v.check(Arrays.copyOf(f.workstation.der(), f.workstation.der().length - 1), card, env));
        assertRefused(RefusalReason.MALFORMED_INPUT, Slot.WORKSTATION,
                v.check((X509Certificate) null, f.card.x509(), env));

        byte[] tampered = f.workstation.der().clone();
        tampered[tampered.length - 3] ^= 0x01;
        assertRefused(RefusalReason.UNKNOWN_ISSUER_OR_BAD_SIGNATURE, Slot.WORKSTATION, v.check(tampered, card, env));
        // outer signatureAlgorithm ecdsa-with-SHA384 while the TBS says ecdsa-with-SHA256
        byte[] otherAlgorithm = f.workstation.der().clone();
        byte[] sha256Ecdsa = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
        int inner = indexOf(otherAlgorithm, sha256Ecdsa);
        int outer = inner + 1 + indexOf(Arrays.copyOfRange(otherAlgorithm, inner + 1, otherAlgorithm.length), sha256Ecdsa);
        assertTrue(outer > inner + 100);
        otherAlgorithm[outer + sha256Ecdsa.length - 1] = 0x03;
        assertRefused(RefusalReason.MALFORMED_INPUT, Slot.WORKSTATION, v.check(otherAlgorithm, card, env));
        TestPki foreign = new TestPki(TestPki.Algorithm.EC_P256, "Someone Else", pki.notBefore, pki.notAfter);
        assertRefused(RefusalReason.UNKNOWN_ISSUER_OR_BAD_SIGNATURE, Slot.WORKSTATION,
                v.check(foreign.workstation("058091", 1, null).der(), card, env));
        TestPki sameNames = new TestPki(TestPki.Algorithm.EC_P256, pki.notBefore, pki.notAfter);
        assertRefused(RefusalReason.UNKNOWN_ISSUER_OR_BAD_SIGNATURE, Slot.WORKSTATION,
                v.check(sameNames.workstation("058091", 1, null).der(), card, env));

        TestPki.Leaf server = f.good(pki.server("058091", 9999, null));
        assertRefused(RefusalReason.WRONG_KIND, Slot.WORKSTATION, v.check(server.der(), card, env));
        assertRefused(RefusalReason.WRONG_KIND, Slot.WORKSTATION, v.check(card, card, env));
        assertRefused(RefusalReason.WRONG_KIND, Slot.WORKSTATION, v.check(pki.workstationCa.der, card, env));
        TestPki.Leaf noClientAuth = f.good(pki.issue(pki.workstationCa, TestPki.workstationName("058091", "PC", 2),
                null, pki.notBefore, pki.notAfter, new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}, pki.nextSerial()));
        assertRefused(RefusalReason.WRONG_KIND, Slot.WORKSTATION, v.check(noClientAuth.der(), card, env));

        TestPki.Leaf expired = f.good(pki.issue(pki.workstationCa, TestPki.workstationName("058091", "PC", 3), null,
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"),
                new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, pki.nextSerial()));
        assertRefused(RefusalReason.EXPIRED, Slot.WORKSTATION, v.check(expired.der(), card, env));
        TestPki.Leaf future = f.good(pki.issue(pki.workstationCa, TestPki.workstationName("058091", "PC", 4), null,
                Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2029-01-01T00:00:00Z"),
                new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, pki.nextSerial()));
        assertRefused(RefusalReason.NOT_YET_VALID, Slot.WORKSTATION, v.check(future.der(), card, env));

        TestPki.Leaf unknown = pki.workstation("058091", 5, null); // never put in the status source
        assertRefused(RefusalReason.STATUS_UNKNOWN, Slot.WORKSTATION, v.check(unknown.der(), card, env));

        f.status.put(pki.workstationCa.keyId, f.workstation.serial(), hold());
        assertRefused(RefusalReason.BLOCKED, Slot.WORKSTATION, v.check(f.workstation.der(), card, env));
        f.status.put(pki.workstationCa.keyId, f.workstation.serial(), revoked(RevocationReason.KEY_COMPROMISE));
        assertRefused(RefusalReason.REVOKED, Slot.WORKSTATION, v.check(f.workstation.der(), card, env));
        // the workstation is checked first: a bad card does not change the answer
        assertRefused(RefusalReason.REVOKED, Slot.WORKSTATION, v.check(f.workstation.der(), null, env));
    }

    @Test
    void validityBoundsFollowTheInjectedClock() {
        Fixture f = fixture();
        DualCheckValidator v = f.validator();
        byte[] ws = f.workstation.der();
        byte[] card = f.card.der();
        f.clock.set(f.pki.notBefore.minusMillis(1));
        assertRefused(RefusalReason.NOT_YET_VALID, Slot.WORKSTATION, v.check(ws, card, Environment.PRODUZIONE));
        f.clock.set(f.pki.notBefore);
        assertAccepted(v.check(ws, card, Environment.PRODUZIONE));
        f.clock.set(f.pki.notAfter);
        assertAccepted(v.check(ws, card, Environment.PRODUZIONE));
        f.clock.set(f.pki.notAfter.plusSeconds(1));
        assertRefused(RefusalReason.EXPIRED, Slot.WORKSTATION, v.check(ws, card, Environment.PRODUZIONE));
    }

    @Test
    void readsUtcTimeAndGeneralizedTimeBounds() {
        Fixture f = fixture();
        DualCheckValidator v = f.validator();
        // BC writes UTCTime up to 2049 and GeneralizedTime from 2050 on
        TestPki.Leaf longLived = f.good(f.pki.issue(f.pki.workstationCa, TestPki.workstationName("058091", "PC", 7),
                null, Instant.parse("1999-12-31T23:59:58Z"), Instant.parse("2051-03-04T05:06:07Z"),
                new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, f.pki.nextSerial()));
        f.clock.set(Instant.parse("1999-12-31T23:59:57Z"));
        assertRefused(RefusalReason.NOT_YET_VALID, Slot.WORKSTATION, v.check(longLived.der(), f.card.der(), Environment.PRODUZIONE));
        f.clock.set(Instant.parse("2051-03-04T05:06:07Z"));
        assertRefused(RefusalReason.EXPIRED, Slot.CARD, v.check(longLived.der(), f.card.der(), Environment.PRODUZIONE));
        f.clock.set(Instant.parse("2051-03-04T05:06:08Z"));
        assertRefused(RefusalReason.EXPIRED, Slot.WORKSTATION, v.check(longLived.der(), f.card.der(), Environment.PRODUZIONE));
    }

    @Test
    void cardSlotRefusals() {
        Fixture f = fixture();
        DualCheckValidator v = f.validator();
        byte[] ws = f.workstation.der();
        Environment env = Environment.PRODUZIONE;
        TestPki pki = f.pki;

        assertRefused(RefusalReason.MALFORMED_INPUT, Slot.CARD, v.check(ws, null, env));
        assertRefused(RefusalReason.MALFORMED_INPUT, Slot.CARD, v.check(ws, "garbage".getBytes(StandardCharsets.US_ASCII), env));
        byte[] tampered = f.card.der().clone();
        tampered[tampered.length - 3] ^= 0x01;
        assertRefused(RefusalReason.UNKNOWN_ISSUER_OR_BAD_SIGNATURE, Slot.CARD, v.check(ws, tampered, env));

        assertRefused(RefusalReason.WRONG_KIND, Slot.CARD, v.check(ws, ws, env));
        TestPki.Leaf server = f.good(pki.server("058091", 9999, null));
        assertRefused(RefusalReason.WRONG_KIND, Slot.CARD, v.check(ws, server.der(), env));
        assertRefused(RefusalReason.WRONG_KIND, Slot.CARD, v.check(ws, pki.smartCardCa.der, env));

        String badCheckLetter = "RSSMRA85T10A562T";
        TestPki.Leaf badCf = f.good(pki.card(badCheckLetter, "Mario", "Rossi", null));
        assertRefused(RefusalReason.INVALID_CF, Slot.CARD, v.check(ws, badCf.der(), env));

        TestPki.Leaf expired = f.good(pki.issue(pki.smartCardCa, TestPki.cardName(Fixture.CF.asGiven(), "Mario", "Rossi"),
                null, Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2026-05-31T23:59:59Z"),
                new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, pki.nextSerial()));
        assertRefused(RefusalReason.EXPIRED, Slot.CARD, v.check(ws, expired.der(), env));

        f.status.put(pki.smartCardCa.keyId, f.card.serial(), hold());
        assertRefused(RefusalReason.BLOCKED, Slot.CARD, v.check(ws, f.card.der(), env));
        f.status.put(pki.smartCardCa.keyId, f.card.serial(), revoked(RevocationReason.KEY_COMPROMISE));
        assertRefused(RefusalReason.REVOKED, Slot.CARD, v.check(ws, f.card.der(), env));
        f.status.put(pki.smartCardCa.keyId, f.card.serial(), CertStatus.GOOD);
        assertAccepted(v.check(ws, f.card.der(), env));

        f.registry.clearCurrentCard(Fixture.CF);
        assertRefused(RefusalReason.NOT_CURRENT_CARD, Slot.CARD, v.check(ws, f.card.der(), env));
        f.registry.setCurrentCard(Fixture.CF, new CardRef(pki.workstationCa.keyId, f.card.serial())); // wrong issuer
        assertRefused(RefusalReason.NOT_CURRENT_CARD, Slot.CARD, v.check(ws, f.card.der(), env));
        f.registry.setCurrentCard(Fixture.CF, new CardRef(pki.smartCardCa.keyId, f.card.serial()));

        f.registry.setUserState(Fixture.CF, UserState.BLOCCATO);
        assertRefused(RefusalReason.USER_BLOCKED, Slot.CARD, v.check(ws, f.card.der(), env));
        f.registry.setUserState(Fixture.CF, UserState.ATTIVO);

        assertRefused(RefusalReason.ENVIRONMENT_NOT_ALLOWED, Slot.CARD, v.check(ws, f.card.der(), Environment.PRESUBENTRO));

        f.registry.putRegistration(Fixture.CF, Fixture.ROMA,
                new Registration(Fixture.PROFILES, EnvironmentSet.of(Environment.PRODUZIONE), false));
        // a registration blocked in the workstation's ente: the user is blocked there
        assertRefused(RefusalReason.USER_BLOCKED, Slot.CARD, v.check(ws, f.card.der(), env));
        f.registry.removeRegistration(Fixture.CF, Fixture.ROMA);
        f.registry.putRegistration(Fixture.CF, new IstatCode("015146"),
                new Registration(Fixture.PROFILES, EnvironmentSet.of(Environment.PRODUZIONE), true));
        assertRefused(RefusalReason.NO_REGISTRATION_IN_ENTE, Slot.CARD, v.check(ws, f.card.der(), env));
        f.registry.putRegistration(Fixture.CF, Fixture.ROMA, new Registration(ProfileSet.of(Profile.ALS, Profile.ALP),
                EnvironmentSet.of(Environment.PRODUZIONE, Environment.PRESUBENTRO), true));
        SessionPrincipal p = assertAccepted(v.check(ws, f.card.der(), Environment.PRESUBENTRO));
        assertEquals(ProfileSet.of(Profile.ALS, Profile.ALP), p.profiles());
    }

    /** An omocode CF is another person: his card does not open the base code holder's registrations. */
    @Test
    void anOmocodeCfIsAnotherPerson() {
        Fixture f = fixture();
        // RSSMRA85T10A562S with the last digit 2 replaced by N, check letter recomputed
        String omocode = "RSSMRA85T10A56N" + TestPki.checkLetter("RSSMRA85T10A56N");
        TestPki.Leaf card = f.good(f.pki.card(omocode, "Marco", "Rossini", null));
        f.registry.setCurrentCard(Fixture.CF, new CardRef(f.pki.smartCardCa.keyId, card.serial()));
        CheckResult r = f.validator().check(f.workstation.der(), card.der(), Environment.PRODUZIONE);
        assertTrue(r instanceof CheckResult.Refused, "registered is " + Fixture.CF + ", not " + omocode + ": " + r);
    }

    @Test
    void possessionProof() {
        Fixture f = fixture();
        DualCheckValidator v = f.validator();
        byte[] challenge = "server challenge 0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] good = TestPki.signChallenge(f.card.keyPair(), challenge);
        assertAccepted(v.check(f.workstation.der(), f.card.der(), Environment.PRODUZIONE, new PossessionProof(challenge, good)));
        assertAccepted(v.check(f.workstation.x509(), f.card.x509(), Environment.PRODUZIONE,
                new PossessionProof(challenge, good)));
        byte[] otherKey = TestPki.signChallenge(TestPki.ecKeyPair(), challenge);
        assertRefused(RefusalReason.POSSESSION_PROOF_FAILED, Slot.CARD,
                v.check(f.workstation.der(), f.card.der(), Environment.PRODUZIONE, new PossessionProof(challenge, otherKey)));
        byte[] otherChallenge = challenge.clone();
        otherChallenge[0] ^= 1;
        assertRefused(RefusalReason.POSSESSION_PROOF_FAILED, Slot.CARD, v.check(f.workstation.der(), f.card.der(),
                Environment.PRODUZIONE, new PossessionProof(otherChallenge, good)));
        assertRefused(RefusalReason.POSSESSION_PROOF_FAILED, Slot.CARD, v.check(f.workstation.der(), f.card.der(),
                Environment.PRODUZIONE, new PossessionProof(challenge, new byte[] {0x30, 0x00})));
        // the proof comes last: a blocked card is refused as blocked, not for the proof
        f.status.put(f.pki.smartCardCa.keyId, f.card.serial(), hold());
        assertRefused(RefusalReason.BLOCKED, Slot.CARD, v.check(f.workstation.der(), f.card.der(),
                Environment.PRODUZIONE, new PossessionProof(challenge, otherKey)));
    }

    @Test
    void aForgedTbsWithACopiedSignatureNeverHitsTheCache() {
        Fixture f = fixture();
        DualCheckValidator v = f.validator();
        byte[] genuine = f.workstation.der();
        assertAccepted(v.check(genuine, f.card.der(), Environment.PRODUZIONE)); // now cached
        // same length, same signature bytes: only the CN number differs (0001 -> 0002)
        byte[] forged = genuine.clone();
        byte[] cn = "058091-PC-0001".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(forged, cn);
        assertTrue(at > 0);
        forged[at + cn.length - 1] = '2';
        assertEquals(DerKey.hash(genuine), DerKey.hash(forged), "same length and tail: same hash");
        assertNotEquals(new DerKey(genuine), new DerKey(forged));
        assertRefused(RefusalReason.UNKNOWN_ISSUER_OR_BAD_SIGNATURE, Slot.WORKSTATION,
                v.check(forged, f.card.der(), Environment.PRODUZIONE));
        // and a forged card certificate naming someone else
        byte[] forgedCard = f.card.der().clone();
        byte[] surname = "Rossi".getBytes(StandardCharsets.US_ASCII);
        forgedCard[indexOf(forgedCard, surname)] = 'B';
        assertAccepted(v.check(genuine, f.card.der(), Environment.PRODUZIONE));
        assertRefused(RefusalReason.UNKNOWN_ISSUER_OR_BAD_SIGNATURE, Slot.CARD,
                v.check(genuine, forgedCard, Environment.PRODUZIONE));
        // the cache kept its own copy: changing the caller's array later changes nothing
        byte[] mine = genuine.clone();
        assertAccepted(v.check(mine, f.card.der(), Environment.PRODUZIONE));
        mine[at + cn.length - 1] = '2';
        assertRefused(RefusalReason.UNKNOWN_ISSUER_OR_BAD_SIGNATURE, Slot.WORKSTATION,
                v.check(mine, f.card.der(), Environment.PRODUZIONE));
        assertAccepted(v.check(genuine, f.card.der(), Environment.PRODUZIONE));
    }

    @Test
    void neverThrowsForAnyBytes() {
        Fixture f = fixture();
        DualCheckValidator cached = f.validator();
        DualCheckValidator uncached = f.validator(0);
        Random random = new Random(42);
        byte[] ws = f.workstation.der();
        byte[] card = f.card.der();
        Set<RefusalReason> allowed = EnumSet.of(RefusalReason.MALFORMED_INPUT,
                RefusalReason.UNKNOWN_ISSUER_OR_BAD_SIGNATURE);
        for (int i = 0; i < 3000; i++) {
            byte[] mutated;
            int mode = i % 4;
            if (mode == 0) {
                mutated = Arrays.copyOf(ws, random.nextInt(ws.length)); // truncated
            } else if (mode == 1) {
                mutated = ws.clone();
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
            } else if (mode == 2) {
                mutated = new byte[random.nextInt(600)];
                random.nextBytes(mutated);
                if (mutated.length > 4) {
                    mutated[0] = 0x30;
                }
            } else {
                mutated = ws.clone();
                int from = random.nextInt(mutated.length);
                mutated[from] = (byte) 0x84; // a long length in the middle of things
            }
            for (DualCheckValidator v : new DualCheckValidator[] {cached, uncached}) {
                CheckResult r = v.check(mutated, card, Environment.PRODUZIONE);
                if (r instanceof CheckResult.Refused) {
                    CheckResult.Refused refused = (CheckResult.Refused) r;
                    if (refused.slot() == Slot.WORKSTATION) {
                        assertTrue(allowed.contains(refused.reason())
                                || refused.reason() == RefusalReason.WRONG_KIND, refused::toString);
                    }
                } else {
                    assertArrayEquals(ws, mutated, "accepted a mutated certificate");
                }
                CheckResult r2 = v.check(ws, mutated, Environment.PRODUZIONE);
                assertTrue(r2 instanceof CheckResult.Refused || Arrays.equals(mutated, card), r2::toString);
            }
        }
    }

    @Test
    void builderFailsFast() {
        Fixture f = fixture();
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> DualCheckValidator.builder().workstationCa(f.pki.workstationCa.x509()).build());
        assertTrue(missing.getMessage().contains("smartCardCa"));
        assertThrows(IllegalArgumentException.class, () -> DualCheckValidator.builder().cacheSize(-1));
        assertThrows(NullPointerException.class,
                () -> f.validator().check(f.workstation.der(), f.card.der(), null));
    }

    @Test
    void cardRefMatchesIssuerAndSerial() {
        byte[] key = {1, 2, 3};
        CardRef ref = new CardRef(key, BigInteger.TEN);
        key[0] = 9; // copied in
        assertTrue(ref.matches(new byte[] {1, 2, 3}, BigInteger.TEN));
        assertFalse(ref.matches(new byte[] {1, 2, 3}, BigInteger.ONE));
        assertFalse(ref.matches(new byte[] {1, 2, 4}, BigInteger.TEN));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
