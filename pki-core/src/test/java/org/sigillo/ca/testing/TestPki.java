package org.sigillo.ca.testing;

import java.nio.file.Path;
import java.time.Clock;

import org.sigillo.ca.CaHierarchy;
import org.sigillo.ca.CaRole;
import org.sigillo.ca.CaSettings;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.testing.SoftHsm;
import org.sigillo.testing.OpenSsl;

/**
 * A CA hierarchy in a fresh SoftHSM2 token, in one call, for the tests of every module (pki-core
 * test-jar). Close it to close the vault.
 */
public final class TestPki implements AutoCloseable {
    private final SoftHsm.TestToken token;
    private final KeyVault vault;
    private final CaHierarchy hierarchy;

    private TestPki(SoftHsm.TestToken token, KeyVault vault, CaHierarchy hierarchy) {
        this.token = token;
        this.vault = vault;
        this.hierarchy = hierarchy;
    }

    public static TestPki create(KeySpec spec, Clock clock) {
        SoftHsm.TestToken token = SoftHsm.get().freshToken();
        KeyVault vault = token.openVault();
        CaHierarchy h = CaHierarchy.create(vault, CaSettings.builder().keySpec(spec).build(), clock);
        return new TestPki(token, vault, h);
    }

    public SoftHsm.TestToken token() {
        return token;
    }

    public KeyVault vault() {
        return vault;
    }

    public CaHierarchy hierarchy() {
        return hierarchy;
    }

    /** Writes root.pem, workstation-ca.pem, smartcard-ca.pem and the OCSP signers' PEMs into {@code dir}. */
    public Path writePems(Path dir) {
        OpenSsl.writePem(dir.resolve("root.pem"), hierarchy.root());
        OpenSsl.writePem(dir.resolve("workstation-ca.pem"), hierarchy.workstationCa().certificate());
        OpenSsl.writePem(dir.resolve("smartcard-ca.pem"), hierarchy.smartCardCa().certificate());
        OpenSsl.writePem(dir.resolve("workstation-ocsp.pem"), hierarchy.ocspSignerCertificate(CaRole.WORKSTATION_CA));
        OpenSsl.writePem(dir.resolve("smartcard-ocsp.pem"), hierarchy.ocspSignerCertificate(CaRole.SMARTCARD_CA));
        return dir;
    }

    @Override
    public void close() {
        vault.close();
    }
}
