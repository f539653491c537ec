package org.sigillo.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.KeySpec;
import org.sigillo.registry.Ente;
import org.sigillo.store.AuditBreak;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;
import org.sigillo.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Issue 4, "Audit and the workstation register": the ALP's register (code → MAC address,
 * computer name, over time) lives in the tamper-evident audit log, so a register entry changed,
 * removed or moved with SQL is found by {@code verifyAudit}, on H2 and on PostgreSQL.
 */
class PcRegisterTamperTest {
    /** What is done to the register's entries in the database, and the break verify must name. */
    enum Tamper {
        /** The first PC's MAC address rewritten. */
        CHANGE_MAC(AuditBreak.ALTERED),
        /** The first PC's entry deleted. */
        REMOVE_ENTRY(AuditBreak.GAP),
        /** The two entries of the register swapped. */
        SWAP_ENTRIES(AuditBreak.REORDERED);

        final AuditBreak kind;

        Tamper(AuditBreak kind) {
            this.kind = kind;
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aTamperedRegisterIsFound(Dialect dialect, @TempDir Path dir) {
        for (Tamper t : Tamper.values()) {
            check(dialect, dir.resolve(t.name()), t);
        }
    }

    private void check(Dialect dialect, Path dir, Tamper tamper) {
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, clock);
             Database db = TestDatabases.fresh(dialect, createDir(dir)).get();
             Sigillo e = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("sigillo-kek"),
                     EngineSettings.defaults(clock, dir.resolve("crl"), "test-operator"))) {
            e.enti().add(Ente.of(EngineFixture.ROMA, "Comune di Roma"));
            String pc = e.workstations().register(EngineFixture.ROMA, Optional.empty()).toString();
            e.batch().run();
            e.workstations().registerPc(pc, "00:1A:2B:3C:4D:5E", "ANAGRAFE01");
            clock.advance(Duration.ofDays(1));
            e.workstations().registerPc(pc, "00:1A:2B:3C:4D:5F", "ANAGRAFE02");
            assertInstanceOf(AuditVerification.Intact.class, e.verifyAudit());
            List<Long> seqs = db.inTransaction(tx -> {
                List<Long> out = new ArrayList<>();
                try (var st = tx.connection().createStatement();
                     var rs = st.executeQuery("SELECT seq FROM audit_log WHERE action = 'PC_REGISTERED' ORDER BY seq")) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
                return out;
            });
            assertEquals(2, seqs.size(), "both changes of the register are in the audit log");
            long first = seqs.get(0);
            long second = seqs.get(1);
            List<String> sql = switch (tamper) {
                case CHANGE_MAC -> List.of("UPDATE audit_log SET details = 'mac=AA:BB:CC:DD:EE:FF hostname=ANAGRAFE01' WHERE seq = " + first);
                case REMOVE_ENTRY -> List.of("DELETE FROM audit_log WHERE seq = " + first);
                case SWAP_ENTRIES -> List.of("UPDATE audit_log SET seq = 1000000 WHERE seq = " + first,
                        "UPDATE audit_log SET seq = " + first + " WHERE seq = " + second,
                        "UPDATE audit_log SET seq = " + second + " WHERE seq = 1000000");
            };
            db.inTransaction(tx -> {
                try (var st = tx.connection().createStatement()) {
                    for (String s : sql) {
                        st.executeUpdate(s);
                    }
                }
                return null;
            });
            AuditVerification.Broken broken = assertInstanceOf(AuditVerification.Broken.class, e.verifyAudit(),
                    tamper + " is not found");
            assertEquals(tamper.kind, broken.kind(), broken.toString());
            assertEquals(first, broken.seq(), broken.toString());
        }
    }

    private static Path createDir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
