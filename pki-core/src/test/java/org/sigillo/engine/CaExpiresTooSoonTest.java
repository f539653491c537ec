package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.hsm.HsmFault;
import org.sigillo.lifecycle.CardState;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.CertificateKind;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.DurableCounters;
import org.sigillo.testing.MutableClock;
import org.sigillo.testing.SoftwareCardCsr;

/**
 * An issuing CA with less than the 6 years of a certificate left (DOMAIN.md: each certificate is
 * valid 6 years from issue) cannot issue one: RFC 5280 path validation refuses a certificate
 * that outlives its issuer, and a shorter one would break the domain's rule. A request it cannot
 * cover is refused CA_EXPIRES_TOO_SOON when it is made, changing nothing (no card revoked, no
 * code spent, nothing audited); a request queued while the CA still covered it stays queued,
 * reported with the same typed reason, until a CA rollover (not done by Sigillo) issues it.
 */
class CaExpiresTooSoonTest {
    private static final CodiceFiscale CF = CodiceFiscale.parse("RSSMRA85T10A562S");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private EngineFixture fixture;
    private Sigillo e;
    /** The issuing CAs' notAfter (both made at once with the same validity) and the last instant a 6-year certificate fits. */
    private Instant caEnd;
    private Instant lastFull;

    private void start(Path dir) {
        fixture = new EngineFixture(clock, dir);
        e = fixture.engine();
        caEnd = e.ca().workstationCa().certificate().getNotAfter().toInstant();
        assertEquals(caEnd, e.ca().smartCardCa().certificate().getNotAfter().toInstant(), "precondition");
        lastFull = caEnd.atOffset(ZoneOffset.UTC).minusYears(6).toInstant();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private long audited() {
        return ((AuditVerification.Intact) e.verifyAudit()).count();
    }

    /** The value of a durable counter (a code progressive), 0 when never taken. */
    private long counter(String name) {
        return fixture.db.inTransaction(tx -> new DurableCounters(fixture.db).current(tx, name));
    }

    private void assertTooSoon(RefusedException x) {
        assertEquals(Refusal.CA_EXPIRES_TOO_SOON, x.refusal(), x.getMessage());
        assertTrue(x.getMessage().contains(caEnd.toString()), "names the CA's notAfter: " + x.getMessage());
        assertTrue(x.getMessage().contains("rollover"), "names the remedy: " + x.getMessage());
    }

    /** Today a new card revokes the working one, then never issues; now the request is refused and the card works on. */
    @Test
    void aCardRequestTheCaCannotCoverIsRefusedAndTheWorkingCardStays(@TempDir Path dir) throws Exception {
        start(dir);
        clock.set(lastFull.minus(Duration.ofDays(1)));
        String working = e.cards().request(EngineFixture.ROMA, CF, "Mario", "Rossi", Optional.empty(), SoftwareCardCsr.newCsr());
        e.batch().run();
        assertEquals(CertificateState.ATTIVO, e.certificates().require(working).state(), "precondition: issued");

        clock.set(lastFull.minus(Duration.ofHours(1))); // the CA has 6 years and an hour left: a batch today could
        long before = audited();                       // issue it, a batch tomorrow could not; refused (the margin)
        long numbers = counter("card-058091");
        byte[] csr = SoftwareCardCsr.newCsr();
        RefusedException x = assertThrows(RefusedException.class,
                () -> e.cards().request(EngineFixture.ROMA, CF, "Mario", "Rossi", Optional.empty(), csr));
        assertTooSoon(x);
        assertTrue(x.getMessage().contains(clock.instant().plus(IssuerCoverage.QUEUE_MARGIN).atOffset(ZoneOffset.UTC).plusYears(6)
                        .toInstant().toString()),
                "names the date the CA would have to reach: " + x.getMessage());
        assertEquals(CardState.IN_LAVORAZIONE, e.cards().find(working).orElseThrow().state(), "the working card is not revoked");
        assertEquals(CertificateState.ATTIVO, e.certificates().require(working).state(), "nor its certificate");
        assertEquals(List.of(working), e.cards().ofPerson(CF).stream().map(CardRecord::number).toList(), "no card was added");
        assertEquals(numbers, counter("card-058091"), "no card number spent");
        assertEquals(before, audited(), "nothing audited");
    }

    /** Workstation and server requests, and a renewal on request, are refused the same way. */
    @Test
    void workstationAndServerRequestsTheCaCannotCoverAreRefused(@TempDir Path dir) {
        start(dir);
        clock.set(lastFull.minus(Duration.ofDays(1)));
        e.servers().request(EngineFixture.ROMA);
        e.batch().run();

        clock.set(lastFull.plusSeconds(1));
        long before = audited();
        long pcs = counter("pc-058091");
        long cos = counter("co-058091");
        assertTooSoon(assertThrows(RefusedException.class, () -> e.workstations().register(EngineFixture.ROMA, Optional.empty())));
        assertTooSoon(assertThrows(RefusedException.class, () -> e.servers().request(EngineFixture.ROMA)));
        assertTooSoon(assertThrows(RefusedException.class, () -> e.servers().renew(EngineFixture.ROMA)));
        assertEquals(pcs, counter("pc-058091"), "no workstation code spent");
        assertEquals(cos, counter("co-058091"), "no server code spent");
        assertEquals(before, audited(), "nothing audited");
        assertTrue(e.certificates().list(EngineFixture.ROMA, Optional.empty(), Optional.of(CertificateState.RICHIESTA_IN_LAVORAZIONE))
                .isEmpty(), "nothing queued");
    }

    /**
     * The batch's renewal ex officio of a server certificate due when the CA cannot cover its
     * replacement queues nothing (a request no batch could issue, a CO code spent) and the batch
     * goes on.
     */
    @Test
    void theBatchDoesNotQueueARenewalTheCaCannotCover(@TempDir Path dir) {
        start(dir);
        clock.set(lastFull.minus(Duration.ofDays(1)));
        String server = e.servers().request(EngineFixture.ROMA).toString();
        e.batch().run();
        clock.set(e.certificates().require(server).notAfter().orElseThrow().minus(Duration.ofDays(30))); // inside the renewal window
        long cos = counter("co-058091");
        long before = audited();

        BatchReport report = e.batch().run();
        assertEquals(List.of(), report.renewed(), "no renewal queued");
        assertEquals(List.of(), report.failed());
        assertEquals(cos, counter("co-058091"), "no server code spent");
        assertEquals(before, audited(), "nothing audited");
        assertEquals(CertificateState.ATTIVO, e.certificates().require(server).state(), "the certificate in force stays");
    }

    /**
     * A request queued while the CA still covered it, batched once it no longer does, is not
     * issued (never a certificate outliving its CA), nor half-done: it stays queued, reported
     * with the typed reason, nothing audited.
     */
    @Test
    void aQueuedRequestTheCaNoLongerCoversStaysQueuedWithATypedReason(@TempDir Path dir) throws Exception {
        start(dir);
        clock.set(lastFull.minus(IssuerCoverage.QUEUE_MARGIN).minus(Duration.ofMinutes(1)));
        String pc = e.workstations().register(EngineFixture.ROMA, Optional.empty()).toString();
        String card = e.cards().request(EngineFixture.ROMA, CF, "Mario", "Rossi", Optional.empty(), SoftwareCardCsr.newCsr());
        clock.set(lastFull.plus(Duration.ofMinutes(1))); // the batch comes a day and two minutes later
        long before = audited();

        BatchReport report = e.batch().run();
        assertEquals(List.of(), report.issued());
        assertEquals(2, report.failed().size(), report.failed().toString());
        assertTrue(report.failedByRulesOnly(), "a rule stopped both, not the HSM nor the store");
        for (BatchReport.Failure f : report.failed()) {
            assertEquals(Optional.of(Refusal.CA_EXPIRES_TOO_SOON), f.refusal(), f.toString());
            assertTrue(f.reason().contains(caEnd.toString()), f.reason());
        }
        for (String code : List.of(pc, card)) {
            CertificateRecord r = e.certificates().require(code);
            assertEquals(CertificateState.RICHIESTA_IN_LAVORAZIONE, r.state(), code + " stays queued");
            assertFalse(r.der().isPresent(), code + " has no certificate");
        }
        assertEquals(CertificateKind.SMART_CARD, e.certificates().require(card).kind());
        assertEquals(CardState.IN_LAVORAZIONE, e.cards().find(card).orElseThrow().state());
        assertEquals(before, audited(), "nothing audited");
    }

    /** The CLI's exit code reads this: 1 only when rules alone stopped requests, 3 when anything else did. */
    @Test
    void aBatchFailedByRulesOnlyWhenEveryFailureIsARefusal() {
        BatchReport.Failure rule = new BatchReport.Failure("058091-PC-0001", "CA ends", Optional.empty(),
                Optional.of(Refusal.CA_EXPIRES_TOO_SOON));
        BatchReport.Failure hsm = new BatchReport.Failure("058091-PC-0002", "token away",
                Optional.of(HsmFault.TOKEN_UNAVAILABLE), Optional.empty());
        assertFalse(new BatchReport(List.of("058091-PC-0003"), List.of(), List.of()).failedByRulesOnly(), "nothing failed");
        assertTrue(new BatchReport(List.of(), List.of(), List.of(rule)).failedByRulesOnly());
        assertFalse(new BatchReport(List.of(), List.of(), List.of(rule, hsm)).failedByRulesOnly());
        assertFalse(new BatchReport(List.of(), List.of(), List.of(new BatchReport.Failure("058091-PC-0004", "db"))).failedByRulesOnly());
    }
}
