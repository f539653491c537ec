package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.crl.RevocationReason;
import org.sigillo.lifecycle.CardState;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.InvalidCodeException;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.testing.MutableClock;
import org.sigillo.testing.SoftwareCardCsr;

/**
 * Edges of the lifecycle. A certificate past its notAfter is expired (DOMAIN.md "any
 * issued state, past notAfter --> SCADUTO") whether or not a batch has moved it to SCADUTO yet;
 * the batch runs only every few minutes (and with the CLI only when an operator runs it), so the
 * operations that refuse SCADUTO must not hand out, bind or switch to such a certificate meanwhile.
 * A card number is the ISTAT code and six digits: the millionth card of an ente is refused.
 */
class LifecycleEdgesTest {
    private static final IstatCode ROMA = IstatCode.parse("058091");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private EngineFixture fixture;
    private Database db;
    private Sigillo engine;

    private Sigillo start(Path dir) {
        fixture = new EngineFixture(clock, dir);
        db = fixture.db;
        engine = fixture.engine();
        return engine;
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private long audited() {
        return ((AuditVerification.Intact) engine.verifyAudit()).count();
    }

    /** A workstation certificate past its notAfter, not yet moved to SCADUTO, is not exported with its key. */
    @Test
    void anExpiredWorkstationCertificateIsNotExportedBeforeTheBatchMarksIt(@TempDir Path dir) throws Exception {
        Sigillo e = start(dir);
        String pc = e.workstations().register(ROMA, Optional.empty()).toString();
        e.batch().run();
        Instant notAfter = e.certificates().require(pc).notAfter().orElseThrow();
        clock.set(notAfter.plus(Duration.ofDays(1))); // expired a day ago; no batch has run since
        assertEquals(CertificateState.ATTIVO, e.certificates().require(pc).state(), "precondition: not moved yet");
        long before = audited();

        RefusedException x = assertThrows(RefusedException.class,
                () -> e.workstations().exportWithPrivateKey(pc, Pkcs12Encryption.MODERN),
                "a certificate past its notAfter is expired: its key is not handed out");
        assertEquals(Refusal.NOT_ACTIVE, x.refusal(), x.getMessage());

        byte[] zip = e.workstations().exportAllWithPrivateKeys(ROMA, Pkcs12Encryption.MODERN);
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry z; (z = in.getNextEntry()) != null; ) {
                names.add(z.getName());
            }
        }
        assertEquals(List.of("passwords.txt"), names, "export-all leaves the expired certificate out");
        assertEquals(before, audited(), "no export was audited");
    }

    /** A renewal on request while one is queued is refused, and spends no CO code. */
    @Test
    void aSecondRenewalWhileOneIsQueuedIsRefused(@TempDir Path dir) {
        Sigillo e = start(dir);
        e.servers().request(ROMA);
        e.batch().run();
        assertEquals("058091-CO-9998", e.servers().renew(ROMA).toString());
        long before = audited();
        RefusedException again = assertThrows(RefusedException.class, () -> e.servers().renew(ROMA));
        assertEquals(Refusal.NOTHING_TO_RENEW, again.refusal(), again.getMessage());
        assertTrue(again.getMessage().contains("058091-CO-9998"), again.getMessage());
        assertEquals(before, audited(), "nothing audited");
        e.batch().run();
        assertEquals("058091-CO-9997", e.servers().renew(ROMA).toString(), "the refusal spent no code");
    }

    /** A server certificate past its notAfter is not made the ente's notification certificate. */
    @Test
    void anExpiredServerCertificateIsNotSwitchedToForNotifications(@TempDir Path dir) {
        Sigillo e = start(dir);
        String first = e.servers().request(ROMA).toString();
        e.batch().run();
        clock.advance(Duration.ofDays(365)); // a second server certificate, a year younger
        String second = e.servers().request(ROMA).toString();
        e.batch().run();
        e.servers().useForNotifications(second);
        Instant notAfter = e.certificates().require(first).notAfter().orElseThrow();
        clock.set(notAfter.plus(Duration.ofHours(1))); // the first expired an hour ago; no batch since
        long before = audited();

        RefusedException x = assertThrows(RefusedException.class, () -> e.servers().useForNotifications(first),
                "the platform would encrypt notifications to an expired certificate");
        assertEquals(Refusal.NOT_ACTIVE, x.refusal(), x.getMessage());
        assertEquals(second, e.servers().notificationCertificate(ROMA).orElseThrow().code(), "unchanged");
        assertEquals(before, audited(), "nothing audited");
    }

    /**
     * The platform encrypts notifications only to a chosen certificate it may still use: not while
     * it is blocked, never after it is cancelled or past its notAfter. The choice itself stays
     * recorded (the guides: the ente indicates its new certificate; an old choice works until it
     * expires, no longer).
     */
    @Test
    void notificationsAreEncryptedOnlyToAChosenCertificateStillInForce(@TempDir Path dir) {
        Sigillo e = start(dir);
        String first = e.servers().request(ROMA).toString();
        e.batch().run();
        assertEquals(first, e.servers().notificationEncryptionCertificate(ROMA).orElseThrow().code(), "the first is chosen");

        e.certificates().block(first);
        assertTrue(e.servers().notificationEncryptionCertificate(ROMA).isEmpty(), "blocked: not to be encrypted to");
        assertEquals(first, e.servers().notificationCertificate(ROMA).orElseThrow().code(), "still the recorded choice");
        e.certificates().unblock(first);
        assertEquals(first, e.servers().notificationEncryptionCertificate(ROMA).orElseThrow().code(), "unblocked: usable again");

        Instant notAfter = e.certificates().require(first).notAfter().orElseThrow();
        clock.set(notAfter.plusSeconds(1)); // expired; no batch has moved it to SCADUTO yet
        assertEquals(CertificateState.ATTIVO, e.certificates().require(first).state(), "precondition: not moved yet");
        assertTrue(e.servers().notificationEncryptionCertificate(ROMA).isEmpty(), "expired: not to be encrypted to");
        clock.set(notAfter.minus(Duration.ofDays(30))); // in force again (and the CA, made with it, can still cover a new one)

        e.certificates().cancel(first, RevocationReason.KEY_COMPROMISE, Optional.empty());
        assertTrue(e.servers().notificationEncryptionCertificate(ROMA).isEmpty(), "cancelled: never again");
        assertEquals(CertificateState.REVOCA_IN_LAVORAZIONE, e.servers().notificationCertificate(ROMA).orElseThrow().state());

        String second = e.servers().request(ROMA).toString();
        e.batch().run();
        assertTrue(e.servers().notificationEncryptionCertificate(ROMA).isEmpty(), "a new certificate is not chosen by itself");
        e.servers().useForNotifications(second);
        assertEquals(second, e.servers().notificationEncryptionCertificate(ROMA).orElseThrow().code());
    }

    /** The ALP's register binds no expired certificate to a PC (Workstations.registerPc: "an expired one as NOT_ACTIVE"). */
    @Test
    void anExpiredWorkstationCertificateIsBoundToNoPc(@TempDir Path dir) {
        Sigillo e = start(dir);
        String pc = e.workstations().register(ROMA, Optional.empty()).toString();
        e.batch().run();
        clock.set(e.certificates().require(pc).notAfter().orElseThrow().plusSeconds(3600));
        long before = audited();
        RefusedException x = assertThrows(RefusedException.class,
                () -> e.workstations().registerPc(pc, "00:1A:2B:3C:4D:5E", "ANAGRAFE01"));
        assertEquals(Refusal.NOT_ACTIVE, x.refusal(), x.getMessage());
        assertEquals(before, audited());
        assertTrue(e.workstations().pcHistory(pc).isEmpty());
    }

    /**
     * The renewal ex officio renews ATTIVO server certificates only: a blocked one inside the window
     * is the operator's suspension, and a replacement behind it would undo it. Once unblocked it
     * renews at the next batch.
     */
    @Test
    void aBlockedServerCertificateIsNotRenewedExOfficioUntilUnblocked(@TempDir Path dir) {
        Sigillo e = start(dir);
        String co = e.servers().request(ROMA).toString();
        e.batch().run();
        e.certificates().block(co);
        clock.set(e.certificates().require(co).notAfter().orElseThrow().minus(Duration.ofDays(30)));
        BatchReport blocked = e.batch().run();
        assertEquals(List.of(), blocked.renewed(), "no replacement behind a suspension");
        assertEquals(List.of(), blocked.issued());
        e.certificates().unblock(co);
        BatchReport unblocked = e.batch().run();
        assertEquals(List.of("058091-CO-9998"), unblocked.renewed());
        assertEquals(List.of("058091-CO-9998"), unblocked.issued());
    }

    /**
     * A code is read as {@code EntityCode.parse} reads it (blanks around it ignored, in any case),
     * so a well-formed code typed in lower case finds its certificate instead of
     * UNKNOWN_CERTIFICATE, and what is written under it (the audit subject, the register, the
     * ente's notification certificate) is the code as stored, never as typed.
     */
    @Test
    void aCodeTypedInLowerCaseOrWithBlanksFindsItsCertificateAndIsWrittenAsStored(@TempDir Path dir) {
        Sigillo e = start(dir);
        String pc = e.workstations().register(ROMA, Optional.empty()).toString();
        String co = e.servers().request(ROMA).toString();
        e.batch().run();
        assertEquals("058091-PC-0001", pc);

        assertEquals(pc, e.certificates().require(" 058091-pc-0001 ").code());
        assertEquals(pc, e.certificates().find("058091-pc-0001").orElseThrow().code());
        assertEquals(Optional.empty(), e.certificates().find("not a code"), "a malformed code finds nothing");
        assertThrows(InvalidCodeException.class, () -> e.certificates().require("058091-XX-0001"));

        assertEquals(CertificateState.BLOCCATO, e.certificates().block("058091-pc-0001").state());
        assertEquals(CertificateState.BLOCCATO, e.certificates().require(pc).state());

        e.workstations().registerPc("058091-pc-0001", "00:1A:2B:3C:4D:5E", "ANAGRAFE01");
        assertEquals(List.of(pc), e.workstations().pcHistory(pc).stream().map(Workstations.PcRegistration::code).toList(),
                "registered under the stored code");
        assertEquals(1, e.workstations().pcHistory("058091-pc-0001").size());

        e.servers().useForNotifications(co.toLowerCase());
        assertEquals(co, e.servers().notificationCertificate(ROMA).orElseThrow().code(), "the stored code is recorded");
        assertEquals(co, e.servers().notificationEncryptionCertificate(ROMA).orElseThrow().code());
        assertTrue(engine.verifyAudit() instanceof AuditVerification.Intact);
    }

    /**
     * Card numbers are the ISTAT code and a six-digit progressive (12 digits, the form every
     * lookup accepts): when an ente's progressives run out the request is refused, as a
     * workstation's or a server's is, and nothing is written; no 13-digit number that the engine
     * itself then refuses as malformed is handed out.
     */
    @Test
    void aCardNumberPastTheSixDigitProgressiveIsRefusedNotHandedOut(@TempDir Path dir) throws Exception {
        Sigillo e = start(dir);
        CodiceFiscale cf = CodiceFiscale.parse("RSSMRA85T10A562S");
        String first = e.cards().request(ROMA, cf, "Mario", "Rossi", Optional.empty(),
                SoftwareCardCsr.newCsr());
        assertEquals("058091000001", first);
        db.inTransaction(tx -> {
            try (var st = tx.connection().createStatement()) {
                return st.executeUpdate("UPDATE sequence_counter SET counter_value = 999999 WHERE name = 'card-058091'");
            }
        });
        long before = audited();
        byte[] csr = SoftwareCardCsr.newCsr();
        String number;
        try {
            number = e.cards().request(ROMA, cf, "Mario", "Rossi", Optional.empty(), csr);
        } catch (RefusedException refused) {
            assertEquals(Refusal.CODE_SPACE_EXHAUSTED, refused.refusal(), refused.getMessage());
            assertEquals(before, audited(), "nothing written");
            assertEquals(CardState.IN_LAVORAZIONE, e.cards().find(first).orElseThrow().state(),
                    "the previous card is not revoked by a refused request");
            return;
        }
        // a 13-digit number, which the engine's own lookups refuse
        final String handedOut = number;
        Assertions.fail("card number " + handedOut + " (" + handedOut.length() + " digits) was handed out;"
                + " looking it up: " + assertThrows(RuntimeException.class, () -> e.certificates().require(handedOut)));
    }
}
