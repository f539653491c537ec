package org.sigillo.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.HsmException;
import org.sigillo.hsm.HsmFault;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.Sealer;
import org.sigillo.hsm.SignatureAlgorithm;
import org.sigillo.hsm.SignerPool;
import org.sigillo.hsm.VaultKey;
import org.sigillo.hsm.testing.SoftHsm;

/** Validity nesting of the CA-level certificates and the all-or-nothing creation of the hierarchy. */
class CaHierarchyValidityTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    /**
     * In the last 30 days of the issuing CA, a renewed OCSP signer can end no later than the CA
     * (so it is again "within 30 days of its end"): a second load must not make yet another key
     * and certificate, or every engine start (every CLI command) adds a key pair to the HSM.
     */
    @Test
    void nearTheCasEndEveryLoadDoesNotMakeAnotherOcspSigner() {
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, CLOCK); KeyVault vault = pki.token().openVault()) {
            CaSettings settings = pki.hierarchy().settings();
            Instant caEnd = pki.hierarchy().workstationCa().certificate().getNotAfter().toInstant();
            Clock late = Clock.fixed(caEnd.minus(Duration.ofDays(10)), ZoneOffset.UTC);
            X509Certificate first = CaHierarchy.load(vault, settings, late).ocspSignerCertificate(CaRole.WORKSTATION_CA);
            assertFalse(first.getNotAfter().toInstant().isAfter(caEnd), "capped at the CA's end");
            X509Certificate second = CaHierarchy.load(vault, settings, late).ocspSignerCertificate(CaRole.WORKSTATION_CA);
            assertEquals(first, second, "the second load reuses the signer the first made");
            String base = settings.label(CaRole.WORKSTATION_OCSP);
            assertTrue(vault.find(base + "-3").isEmpty(), "no third generation: " + vault.list());
        }
    }

    /** RFC 5280 4.1.2.5: a certificate's validity runs from notBefore to notAfter; none may end before it begins. */
    @Test
    void aLoadAfterTheCasEndIssuesNoOcspSignerThatEndsBeforeItBegins() {
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, CLOCK); KeyVault vault = pki.token().openVault()) {
            CaSettings settings = pki.hierarchy().settings();
            Instant caEnd = pki.hierarchy().workstationCa().certificate().getNotAfter().toInstant();
            Clock after = Clock.fixed(caEnd.plus(Duration.ofDays(1)), ZoneOffset.UTC);
            CaHierarchy h = CaHierarchy.load(vault, settings, after);
            for (CaRole ca : List.of(CaRole.WORKSTATION_CA, CaRole.SMARTCARD_CA)) {
                X509Certificate c = h.ocspSignerCertificate(ca);
                assertTrue(c.getNotBefore().before(c.getNotAfter()), ca + ": " + c.getNotBefore() + " .. " + c.getNotAfter());
            }
            for (VaultKey k : vault.list()) {
                X509Certificate c = vault.certificateChain(k.label())[0];
                assertTrue(c.getNotBefore().before(c.getNotAfter()), k.label() + ": " + c.getNotBefore() + " .. " + c.getNotAfter());
            }
        }
    }

    /**
     * The OCSP signer is issued by its CA and must not outlive it (the renewal caps it at the CA's
     * end; the CA refuses any end-entity certificate beyond it): create must do the same.
     */
    @Test
    void createCapsTheOcspSignerAtItsCasEnd() {
        CaSettings settings = CaSettings.builder().validities(Period.ofYears(20), Period.ofYears(12), Period.ofYears(13)).build();
        try (KeyVault vault = SoftHsm.get().freshToken().openVault()) {
            CaHierarchy h = CaHierarchy.create(vault, settings, CLOCK);
            for (CertificateAuthority ca : List.of(h.workstationCa(), h.smartCardCa())) {
                X509Certificate ocsp = h.ocspSignerCertificate(ca.role());
                assertFalse(ocsp.getNotAfter().after(ca.certificate().getNotAfter()),
                        "OCSP signer ends " + ocsp.getNotAfter() + ", its CA " + ca.certificate().getNotAfter());
            }
        }
    }

    /**
     * CaException: "nothing was changed". A create that fails half-way (the HSM refuses the last
     * key) must leave no key of the hierarchy behind; else the vault holds a hierarchy that load
     * calls MISSING and create calls ALREADY_EXISTS, and no command can go on.
     */
    @Test
    void aCreateThatFailsHalfWayLeavesNothingBehind() {
        CaSettings settings = CaSettings.defaults();
        try (KeyVault real = SoftHsm.get().freshToken().openVault()) {
            List<String> made = new ArrayList<>();
            KeyVault failing = new FailingVault(real, settings.label(CaRole.SMARTCARD_OCSP), made);
            // the failure is the injected one, met at the last key, after every other key was made (and then removed)
            HsmException x = assertThrows(HsmException.class, () -> CaHierarchy.create(failing, settings, CLOCK));
            assertTrue(x.getMessage().endsWith("no room for '" + settings.label(CaRole.SMARTCARD_OCSP) + "'"), x.getMessage());
            assertEquals(Arrays.stream(CaRole.values()).filter(r -> r != CaRole.SMARTCARD_OCSP).map(settings::label).sorted().toList(),
                    made.stream().sorted().toList(), "half-way: every other key was generated before the refused one");
            assertEquals(List.of(), real.list().stream().map(VaultKey::label).toList(), "keys left behind");
            CaHierarchy h = CaHierarchy.create(real, settings, CLOCK);
            assertEquals(h.root(), CaHierarchy.load(real, settings, CLOCK).root(), "a second create succeeds and loads");
        }
    }

    /** Delegates to a vault, refusing to generate one label (an HSM out of room, a session lost). */
    private record FailingVault(KeyVault delegate, String refused, List<String> made) implements KeyVault {
        @Override public String description() { return delegate.description(); }
        @Override public boolean isHardware() { return delegate.isHardware(); }
        @Override public VaultKey generate(String label, KeySpec spec) {
            if (label.equals(refused)) {
                throw new HsmException(HsmFault.values()[0], "no room for '" + label + "'");
            }
            VaultKey k = delegate.generate(label, spec);
            made.add(label);
            return k;
        }
        @Override public Optional<VaultKey> find(String label) { return delegate.find(label); }
        @Override public List<VaultKey> list() { return delegate.list(); }
        @Override public void delete(String label) { delegate.delete(label); }
        @Override public void attachCertificateChain(String label, X509Certificate[] chain) { delegate.attachCertificateChain(label, chain); }
        @Override public X509Certificate[] certificateChain(String label) { return delegate.certificateChain(label); }
        @Override public SignerPool signerPool(String label, SignatureAlgorithm algorithm) { return delegate.signerPool(label, algorithm); }
        @Override public Sealer sealer(String label) { return delegate.sealer(label); }
        @Override public void close() { }
    }
}
