package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.KeySpec;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;

/**
 * Two engines on one PostgreSQL database publishing into one CRL folder (the folder the CRL
 * distribution point serves; CrlPublisher.removeStaleTemporaries and CrlService.realignPem are
 * written for "another engine's publication in progress in the same folder"). Engine A records
 * full CRL n, and while it signs, engine B records, signs and renames full CRL n + 1. A's rename
 * then replaced B's newer file: the full CRL on disk went back from n + 1 to n, and the next delta
 * (base n + 1, the newest full CRL marked published) cannot be combined with it (RFC 5280 5.2.4):
 * a certificate cancelled between the two full CRLs is on neither file.
 */
class SharedCrlFolderTest {
    private static final IstatCode ROMA = IstatCode.parse("058091");

    @Test
    void aSlowerEngineNeverReplacesANewerFullCrlInTheSharedFolder(@TempDir Path dir) throws Exception {
        Clock clock = Clock.systemUTC();
        Path crls = dir.resolve("crl");
        Supplier<Database> pg = TestDatabases.fresh(Dialect.POSTGRESQL, dir);
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, clock);
             Database dbA = pg.get();
             Database dbB = pg.get();
             Sigillo a = Sigillo.open(dbA, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, crls, "a"));
             Sigillo b = Sigillo.open(dbB, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, crls, "b"))) {
            a.enti().add(Ente.of(ROMA, "Roma Capitale"));
            String code = a.workstations().register(ROMA, Optional.empty()).toString();
            a.batch().run();
            BigInteger serial = a.certificates().require(code).serial().orElseThrow();

            CrlIssuer real = a.crls().issuer(Crls.Series.WORKSTATION);
            CrlIssuer slow = new CrlIssuer(real.name(), real.issuer(), real.keyId(), () -> {
                // while A signs its full CRL: a cancel, and engine B's full CRL that lists it
                b.certificates().cancel(code, RevocationReason.KEY_COMPROMISE, Optional.empty());
                b.crls().reissue(Crls.Series.WORKSTATION, false);
                return real.signer().get();
            }, real.deltaUrl());
            a.crls().publish(slow);
            b.crls().reissue(Crls.Series.WORKSTATION, true);

            long newestFull = a.crls().lastNumber(Crls.Series.WORKSTATION).orElseThrow() - 1; // the delta was last
            X509CRLHolder full = new X509CRLHolder(Files.readAllBytes(crls.resolve("workstation.crl")));
            X509CRLHolder delta = new X509CRLHolder(Files.readAllBytes(crls.resolve("workstation-delta.crl")));
            long onDisk = number(full, Extension.cRLNumber);
            long base = number(delta, Extension.deltaCRLIndicator);
            boolean listed = full.getRevokedCertificate(serial) != null || delta.getRevokedCertificate(serial) != null;

            assertEquals(newestFull, onDisk, "the full CRL in the shared folder is the newest one recorded");
            assertTrue(base <= onDisk, "the delta's base CRL " + base + " is newer than the full CRL on disk, " + onDisk);
            assertTrue(listed, "the cancelled certificate is on neither the full nor the delta CRL the folder serves");
        }
    }

    private static long number(X509CRLHolder crl, ASN1ObjectIdentifier oid) {
        if (oid.equals(Extension.cRLNumber)) {
            return CRLNumber.getInstance(crl.getExtension(oid).getParsedValue()).getCRLNumber().longValueExact();
        }
        return ASN1Integer.getInstance(crl.getExtension(oid).getParsedValue()).getValue().longValueExact();
    }
}
