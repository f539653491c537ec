package org.sigillo.bench;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.Pkcs11Settings;
import org.sigillo.ocsp.OcspRequests;
import org.sigillo.ocsp.OcspResponder;
import org.sigillo.ocsp.OcspTestPki;

/**
 * Test data for the OCSP benchmarks: a root, one issuing CA whose delegated OCSP signer key is
 * generated in the SoftHSM2 token named by {@code SIGILLO_BENCH_TOKEN} (PIN in
 * {@code SIGILLO_BENCH_PIN}), {@code serials} good certificates, a responder over them, and
 * DER requests: one per serial without nonce, and {@code nonces} with distinct nonces.
 * {@code pki-bench/run-ocsp-bench.sh} prepares the token and the environment.
 */
final class OcspBenchData implements AutoCloseable {
    final KeyVault vault;
    final OcspTestPki pki;
    final OcspResponder responder;
    final byte[][] plainRequests;
    final byte[][] nonceRequests;

    OcspBenchData(int serials, int nonces, Clock clock) {
        String token = env("SIGILLO_BENCH_TOKEN", "sigillo-ocsp-bench");
        char[] pin = env("SIGILLO_BENCH_PIN", "87654321").toCharArray();
        if (System.getenv("SOFTHSM2_CONF") == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: run pki-bench/run-ocsp-bench.sh");
        }
        this.vault = KeyVault.openPkcs11(Pkcs11Settings.builder().module(Path.of("/usr/lib/softhsm/libsofthsm2.so"))
                .tokenLabel(token).pin(pin).build());
        this.pki = new OcspTestPki(vault, "Bench CA");
        OcspTestPki.Ca ca = pki.ca(0);
        this.responder = OcspResponder.builder().clock(clock).validity(Duration.ofHours(1))
                .cacheMaximumSize(Math.max(1000, 2L * serials)).issuer(ca.issuer()).build();
        X509Certificate[] certs = new X509Certificate[serials];
        plainRequests = new byte[serials][];
        for (int i = 0; i < serials; i++) {
            certs[i] = ca.issue("bench-" + i);
            plainRequests[i] = OcspRequests.request(null, OcspRequests.sha1(ca.certificate(), certs[i].getSerialNumber()));
        }
        SecureRandom random = new SecureRandom();
        nonceRequests = new byte[nonces][];
        for (int i = 0; i < nonces; i++) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            nonceRequests[i] = OcspRequests.request(nonce,
                    OcspRequests.sha1(ca.certificate(), certs[i % serials].getSerialNumber()));
        }
    }

    /** Answers every plain request once, so that the cache holds them all. */
    void warm() {
        for (byte[] r : plainRequests) {
            byte[] answer = responder.respond(r);
            if (answer.length < 100) {
                throw new IllegalStateException("warm-up got a failure response: " + HexFormat.of().formatHex(answer));
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public void close() {
        vault.close();
    }
}
