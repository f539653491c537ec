package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.crl.PublishedCrl;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.store.AuditVerification;
import org.sigillo.testing.MutableClock;

/**
 * Issue 4: "Time comes from an injected Clock everywhere." The engine runs on a clock years away
 * from the machine's, and every time it writes or signs (requests, state changes, audit entries,
 * the certificate's validity, the CRL's thisUpdate and nextUpdate, what expires and when) is that
 * clock's, so a single read of the machine's clock anywhere shows up here.
 */
class InjectedClockTest {
    private static final Instant T = Instant.parse("2031-06-01T08:00:00Z");
    private final MutableClock clock = new MutableClock(T);

    @Test
    void everyTimeTheEngineWritesOrSignsIsTheInjectedClocks(@TempDir Path dir) throws Exception {
        try (EngineFixture f = new EngineFixture(clock, dir)) {
            Sigillo e = f.engine();
            String pc = e.workstations().register(EngineFixture.ROMA, Optional.empty()).toString();
            String co = e.servers().request(EngineFixture.ROMA).toString();
            assertEquals(List.of(pc, co), e.batch().run().issued());
            CertificateRecord blocked = e.certificates().block(pc);

            for (String code : List.of(pc, co)) {
                CertificateRecord r = e.certificates().require(code);
                assertEquals(T, r.requestedAt(), code);
                X509Certificate c = r.certificate();
                Instant notBefore = c.getNotBefore().toInstant();
                assertTrue(!notBefore.isAfter(T) && !notBefore.isBefore(T.minus(Duration.ofMinutes(10))),
                        code + " notBefore " + notBefore + " is back-dated from the injected clock, not the machine's");
                assertEquals(OffsetDateTime.ofInstant(T, ZoneOffset.UTC).plusYears(6).toInstant(), c.getNotAfter().toInstant(),
                        code + ": 6 years from the injected clock");
            }
            assertEquals(T, blocked.stateChangedAt());

            PublishedCrl crl = e.crls().reissue(Crls.Series.WORKSTATION, false);
            X509CRL x;
            try (InputStream in = Files.newInputStream(crl.der())) {
                x = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
            }
            assertEquals(T, x.getThisUpdate().toInstant());
            assertEquals(T.plus(e.settings().crlValidity()), x.getNextUpdate().toInstant());
            assertEquals(T, x.getRevokedCertificate(blocked.serial().orElseThrow()).getRevocationDate().toInstant());

            long audited = ((AuditVerification.Intact) e.verifyAudit()).count();
            assertTrue(audited >= 5, "register, request, two issuances, the block: " + audited);
            assertEquals(audited, count(f, "SELECT COUNT(*) FROM audit_log WHERE ts = ?", T), "every audit entry is dated by the injected clock");
            assertEquals(2L, count(f, "SELECT COUNT(*) FROM certificate WHERE requested_at = ? AND state_changed_at = ?", T, T));

            // expiry follows the same clock: nothing expires within a day now, both do six years on
            assertEquals(List.of(), e.expiring(Duration.ofDays(1)));
            assertEquals(2, e.expiring(Duration.ofDays(6 * 366)).size());
            clock.set(OffsetDateTime.ofInstant(T, ZoneOffset.UTC).plusYears(6).toInstant().plusSeconds(1));
            e.batch().run();
            assertEquals(CertificateState.SCADUTO, e.certificates().require(pc).state());
        }
    }

    private static long count(EngineFixture f, String sql, Instant... at) {
        return f.db.inTransaction(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
                for (int i = 0; i < at.length; i++) {
                    ps.setObject(i + 1, OffsetDateTime.ofInstant(at[i], ZoneOffset.UTC));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
