package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.KeySpec;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;

/**
 * reissueAll (what the CRL schedule runs; {@code sigillo crl reissue} does the same) tries
 * every series even when one fails: a failure of the workstation CA's CRL (its signer pool busy
 * with a batch, its file not writable) must not leave the smart-card CA's and the root's CRLs
 * unissued past their nextUpdate (RFC 5280 5.1.2.5; every dual check needs the smart-card CRL).
 */
class CrlSeriesIsolationTest {

    @Test
    void oneSeriesFailingDoesNotStopTheOthers(@TempDir Path dir) throws Exception {
        Clock clock = Clock.systemUTC();
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, clock);
             Database db = TestDatabases.fresh(Dialect.H2, dir).get();
             Sigillo e = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"),
                     EngineSettings.defaults(clock, dir.resolve("crl"), "isolation"))) {
            // the workstation CRL cannot be renamed into place: a non-empty directory holds its name
            Path blocker = dir.resolve("crl/workstation.crl");
            Files.createDirectories(blocker);
            Files.writeString(blocker.resolve("keep"), "x");
            assertThrows(UncheckedIOException.class, () -> e.crls().reissueAll(false), "the workstation failure is reported");
            assertTrue(Files.isRegularFile(dir.resolve("crl/smartcard.crl")), "the smart-card CRL is published all the same");
            assertTrue(Files.isRegularFile(dir.resolve("crl/root.crl")), "the root's CRL is published all the same");

            // what `sigillo crl reissue` calls: the caller hears of each CRL as it is published,
            // so it can name them even though the call ends in the failure
            List<String> heard = new ArrayList<>();
            List<String> progress = new ArrayList<>();
            long smartcardBefore = e.crls().lastNumber(Crls.Series.SMARTCARD).orElseThrow();
            UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> e.crls().reissue(
                    List.of(Crls.Series.WORKSTATION, Crls.Series.SMARTCARD), false,
                    (done, total) -> progress.add(done + "/" + total), p -> heard.add(p.der().getFileName().toString())));
            assertTrue(failure.getMessage().contains("workstation"), failure.getMessage());
            assertEquals(List.of("smartcard.crl"), heard);
            assertEquals(List.of("1/2", "2/2"), progress, "both series were tried");
            assertEquals(smartcardBefore + 1, e.crls().lastNumber(Crls.Series.SMARTCARD).orElseThrow());

            // a list the call cannot do in full is refused before anything is issued
            long workstationBefore = e.crls().lastNumber(Crls.Series.WORKSTATION).orElse(0L);
            Files.delete(blocker.resolve("keep"));
            Files.delete(blocker);
            assertThrows(IllegalArgumentException.class, () -> e.crls().reissue(
                    List.of(Crls.Series.WORKSTATION, Crls.Series.ROOT), true, Progress.NONE, p -> { }), "the root has no deltas");
            assertEquals(workstationBefore, e.crls().lastNumber(Crls.Series.WORKSTATION).orElse(0L), "no delta was issued first");
            e.crls().reissueAll(false); // the workstation CA's first full CRL, the base of its deltas
            assertEquals(Crls.Series.all(true), e.crls().reissue(Crls.Series.all(true), true, Progress.NONE, p -> { })
                    .stream().map(p -> Crls.Series.ofFileName(p.der().getFileName().toString().replace("-delta.crl", ""))).toList());
        }
    }
}
