package org.sigillo.ocsp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.crl.RevocationReason;
import org.sigillo.engine.EngineSettings;
import org.sigillo.engine.Sigillo;
import org.sigillo.hsm.KeySpec;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;
import org.sigillo.testing.OpenSsl;

/**
 * The responder over a real engine (CA keys and OCSP signer keys in SoftHSM2, H2 store), asked
 * by {@code openssl ocsp} over HTTP before and after block, unblock and cancel.
 */
class EngineOcspTest {

    @Test
    void openSslSeesEveryLifecycleChangeOnTheNextRequest(@TempDir Path dir) throws Exception {
        Clock clock = Clock.systemUTC();
        IstatCode roma = IstatCode.parse("058091");
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, clock);
             Database db = TestDatabases.fresh(Dialect.H2, dir).get();
             Sigillo engine = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"),
                     EngineSettings.defaults(clock, dir.resolve("crl"), "test"))) {
            engine.enti().add(Ente.of(roma, "Roma Capitale"));
            String code = engine.workstations().register(roma, Optional.empty()).toString();
            engine.batch().run();
            pki.writePems(dir);
            Path leaf = OpenSsl.writePem(dir.resolve("leaf.pem"), engine.certificates().require(code).certificate());
            OcspResponder responder = HierarchyResponder.of(pki.hierarchy(), engine.status(), clock, Duration.ofMinutes(10));
            try (OcspHttpServer server = OcspHttpServer.start(new InetSocketAddress("127.0.0.1", 0), "/ocsp",
                    new OcspHttpHandler(responder, clock), 2)) {
                String url = server.url();
                assertStatus(dir, leaf, url, ": good");
                engine.certificates().block(code);
                assertStatus(dir, leaf, url, "Reason: certificateHold");
                engine.certificates().unblock(code);
                assertStatus(dir, leaf, url, ": good");
                engine.certificates().cancel(code, RevocationReason.KEY_COMPROMISE, Optional.empty());
                assertStatus(dir, leaf, url, "Reason: keyCompromise");
            }
        }
    }

    private static void assertStatus(Path dir, Path leaf, String url, String expected) throws Exception {
        OpenSsl.Result r = OpenSsl.run("ocsp", "-issuer", dir.resolve("workstation-ca.pem").toString(), "-cert", leaf.toString(),
                "-url", url, "-CAfile", dir.resolve("root.pem").toString(), "-resp_text");
        assertTrue(r.output().contains("Response verify OK"), r.output());
        String line = r.output().lines().filter(l -> l.startsWith(leaf.toString())).findFirst().orElse("");
        assertTrue(r.output().contains(expected), "expected '" + expected + "' in: " + line + "\n" + r.output());
        assertTrue(Files.exists(leaf));
    }
}
