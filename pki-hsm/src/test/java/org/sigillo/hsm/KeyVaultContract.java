package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link KeyVault} does the same way, run against the PKCS#11 vault and the software
 * vault by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyVaultContract {
    protected KeyVault vault;

    /** A new, empty vault; each call gives a different one. */
    protected abstract KeyVault openVault();

    @BeforeAll
    void openShared() {
        vault = openVault();
    }

    @AfterAll
    void closeShared() {
        vault.close();
    }

    @Test
    void generatesFindsListsSignsAndDeletes() throws Exception {
        VaultKey rsa = vault.generate("c-rsa", KeySpec.RSA_3072);
        VaultKey ec = vault.generate("c-ec", KeySpec.EC_P256);
        assertEquals(KeySpec.RSA_3072, rsa.spec());
        assertEquals(KeySpec.EC_P256, ec.spec());
        List<String> labels = vault.list().stream().map(VaultKey::label).toList();
        assertTrue(labels.containsAll(List.of("c-rsa", "c-ec")), labels.toString());
        assertEquals(labels.stream().sorted().toList(), labels, "listed in label order");
        for (VaultKey key : List.of(rsa, ec)) {
            VaultKey found = vault.find(key.label()).orElseThrow();
            assertArrayEquals(key.publicKey().getEncoded(), found.publicKey().getEncoded());
            SignatureAlgorithm alg = key.spec().defaultSignatureAlgorithm();
            byte[] data = ("contract " + key.label()).getBytes(StandardCharsets.UTF_8);
            byte[] sig = vault.signerPool(key.label(), alg).sign(data);
            Signature v = Signature.getInstance(alg.jcaName());
            v.initVerify(found.publicKey());
            v.update(data);
            assertTrue(v.verify(sig), key.label());
        }
        vault.delete("c-rsa");
        assertTrue(vault.find("c-rsa").isEmpty());
        assertFalse(vault.list().stream().anyMatch(k -> k.label().equals("c-rsa")));
        assertTrue(vault.find("c-ec").isPresent(), "deleting one key leaves the others");
    }

    @Test
    void faultsAreTyped() {
        vault.generate("c-dup", KeySpec.EC_P256);
        assertEquals(HsmFault.KEY_EXISTS, assertThrows(HsmException.class, () -> vault.generate("c-dup", KeySpec.EC_P256)).fault());
        assertEquals(HsmFault.UNKNOWN_KEY, assertThrows(HsmException.class, () -> vault.require("c-none")).fault());
        assertEquals(HsmFault.UNKNOWN_KEY, assertThrows(HsmException.class, () -> vault.delete("c-none")).fault());
        assertEquals(HsmFault.UNKNOWN_KEY, assertThrows(HsmException.class, () -> vault.certificateChain("c-none")).fault());
        assertEquals(HsmFault.UNKNOWN_KEY,
                assertThrows(HsmException.class, () -> vault.signerPool("c-none", SignatureAlgorithm.SHA256_WITH_ECDSA)).fault());
        assertEquals(HsmFault.UNSUPPORTED,
                assertThrows(HsmException.class, () -> vault.signerPool("c-dup", SignatureAlgorithm.SHA256_WITH_RSA)).fault());
        assertThrows(IllegalArgumentException.class, () -> vault.generate("bad label!", KeySpec.EC_P256));
        assertTrue(vault.find("c-none").isEmpty());
    }

    @Test
    void storesTheCertificateChainNextToTheKey() throws Exception {
        VaultKey key = vault.generate("c-cert", KeySpec.EC_P256);
        X509Certificate placeholder = vault.certificateChain("c-cert")[0];
        assertEquals(key.publicKey(), placeholder.getPublicKey());
        placeholder.verify(key.publicKey());

        X500Name name = new X500Name("CN=Contract CA,O=Sigillo");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, new Date(1_700_000_000_000L),
                new Date(1_900_000_000_000L), name, key.publicKey());
        SignerPool pool = vault.signerPool("c-cert", SignatureAlgorithm.SHA256_WITH_ECDSA);
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(pool.contentSigner()));
        cert.verify(key.publicKey());
        vault.attachCertificateChain("c-cert", new X509Certificate[] {cert});
        X509Certificate[] chain = vault.certificateChain("c-cert");
        assertEquals(1, chain.length);
        assertArrayEquals(cert.getEncoded(), chain[0].getEncoded());

        VaultKey other = vault.generate("c-cert-other", KeySpec.EC_P256);
        X509Certificate otherCert = vault.certificateChain(other.label())[0];
        assertThrows(IllegalArgumentException.class,
                () -> vault.attachCertificateChain("c-cert", new X509Certificate[] {otherCert}),
                "a certificate for another key is refused");
        HsmException again = assertThrows(HsmException.class, () -> vault.attachCertificateChain("c-cert", new X509Certificate[] {cert}),
                "a certificate is attached once (SunPKCS11 would delete the issuers' certificates with the old one)");
        assertEquals(HsmFault.UNSUPPORTED, again.fault());
        assertArrayEquals(cert.getEncoded(), vault.certificateChain("c-cert")[0].getEncoded());
    }

    @Test
    void aClosedVaultRefusesEverything() {
        KeyVault v = openVault();
        v.generate("c-closed", KeySpec.EC_P256);
        SignerPool pool = v.signerPool("c-closed", SignatureAlgorithm.SHA256_WITH_ECDSA);
        v.close();
        assertEquals(HsmFault.CLOSED, assertThrows(HsmException.class, v::list).fault());
        assertEquals(HsmFault.CLOSED, assertThrows(HsmException.class, () -> v.find("c-closed")).fault());
        assertEquals(HsmFault.CLOSED, assertThrows(HsmException.class, () -> v.generate("c-x", KeySpec.EC_P256)).fault());
        assertEquals(HsmFault.CLOSED, assertThrows(HsmException.class, () -> pool.sign(new byte[1])).fault());
    }
}
