package org.sigillo.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.testing.MutableClock;
import org.sigillo.testing.SoftwareCardCsr;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 4, "Lifecycle": server certificates renew by themselves inside a window that defaults to
 * 60 days before expiry, and {@code expiring(window)} lists the cards as well as the certificates
 * that expire inside it.
 */
class DefaultRenewalWindowTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    /**
     * The default renewal window is 60 days: a server certificate 61 days from its notAfter is
     * not renewed, one 59 days from it is; {@code expiring(window)} lists cards as well as
     * certificates.
     */
    @Test
    void serversRenewSixtyDaysAheadByDefaultAndExpiringListsCards(@TempDir Path dir) throws Exception {
        try (EngineFixture f = new EngineFixture(clock, dir)) {
            Sigillo e = f.engine();
            String co = e.servers().request(EngineFixture.ROMA).toString();
            String card = e.cards().request(EngineFixture.ROMA, CodiceFiscale.parse("RSSMRA85T10A562S"), "Mario", "Rossi",
                    Optional.empty(), SoftwareCardCsr.newCsr());
            e.batch().run();
            Instant notAfter = e.certificates().require(co).notAfter().orElseThrow();

            clock.set(notAfter.minus(Duration.ofDays(61)));
            assertEquals(List.of(), e.batch().run().renewed(), "61 days ahead: outside the default 60-day window");
            assertEquals(List.of(), e.expiring(Duration.ofDays(60)));
            clock.set(notAfter.minus(Duration.ofDays(59)));
            assertEquals(List.of(co, card), e.expiring(Duration.ofDays(60)).stream().map(CertificateRecord::code).sorted().toList(),
                    "the server certificate and the card expire within 60 days");
            assertEquals(List.of("058091-CO-9998"), e.batch().run().renewed(), "59 days ahead: renewed by itself");
        }
    }

}
