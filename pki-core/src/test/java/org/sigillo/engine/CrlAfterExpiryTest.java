package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.crl.PublishedCrl;
import org.sigillo.crl.RevocationReason;
import org.sigillo.testing.MutableClock;

/**
 * A revoked certificate leaves the full CRL only once it was listed on a CRL issued after its
 * notAfter (RFC 5280 3.3; X.509's expiredCertsOnCRL): when the CRLs come further apart than their
 * validity (a schedule stopped, an engine down for a weekend) the first CRL after the expiry must
 * still list it, however long after the expiry it comes; the one after that may drop it.
 */
class CrlAfterExpiryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private EngineFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aRevokedCertificateIsOnTheFirstFullCrlAfterItsExpiryThenLeaves(@TempDir Path dir) throws Exception {
        fixture = new EngineFixture(clock, dir);
        Sigillo e = fixture.engine();
        Duration period = EngineSettings.defaults(clock, dir.resolve("crl"), "test-operator").crlValidity(); // the fixture's: a day
        String pc = e.workstations().register(EngineFixture.ROMA, Optional.empty()).toString();
        e.batch().run();
        CertificateRecord cert = e.certificates().require(pc);
        BigInteger serial = cert.serial().orElseThrow();
        Instant notAfter = cert.notAfter().orElseThrow();

        clock.set(notAfter.minus(Duration.ofHours(2)));
        e.certificates().cancel(pc, RevocationReason.KEY_COMPROMISE, Optional.empty());
        clock.set(notAfter.minus(Duration.ofHours(1)));
        assertNotNull(entry(e.crls().reissue(Crls.Series.WORKSTATION, false), serial), "listed while in force");

        // the next full CRL comes two CRL periods after the expiry: the first since the expiry
        clock.set(notAfter.plus(period.multipliedBy(2)));
        assertNotNull(entry(e.crls().reissue(Crls.Series.WORKSTATION, false), serial),
                "the first full CRL issued after the certificate expired still lists it");

        clock.advance(Duration.ofHours(1));
        assertNull(entry(e.crls().reissue(Crls.Series.WORKSTATION, false), serial),
                "listed once after its expiry: the next full CRL leaves it out");
    }

    /** A CA's first full CRL lists every revoked certificate, however long expired: no CRL listed it before. */
    @Test
    void theFirstFullCrlOfACaListsAnEntryExpiredLongAgo(@TempDir Path dir) throws Exception {
        fixture = new EngineFixture(clock, dir);
        Sigillo e = fixture.engine();
        String pc = e.workstations().register(EngineFixture.ROMA, Optional.empty()).toString();
        e.batch().run();
        CertificateRecord cert = e.certificates().require(pc);
        e.certificates().cancel(pc, RevocationReason.KEY_COMPROMISE, Optional.empty());
        clock.set(cert.notAfter().orElseThrow().plus(Duration.ofDays(30)));
        assertNotNull(entry(e.crls().reissue(Crls.Series.WORKSTATION, false), cert.serial().orElseThrow()));
    }

    /** The entry for {@code serial} on the published CRL, read back from its DER file by the JDK. */
    private static X509CRLEntry entry(PublishedCrl published, BigInteger serial) throws Exception {
        assertTrue(!published.superseded(), "published");
        try (InputStream in = Files.newInputStream(published.der())) {
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
            return crl.getRevokedCertificate(serial);
        }
    }
}
