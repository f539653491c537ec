package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sigillo.hsm.testing.SoftHsm;

/** The {@link KeyVaultContract} on a SoftHSM2 token. */
class Pkcs11KeyVaultContractTest extends KeyVaultContract {
    @Override
    protected KeyVault openVault() {
        return SoftHsm.get().freshToken().openVault();
    }

    @Test
    void isHardware() {
        assertTrue(vault.isHardware());
        assertTrue(vault.description().startsWith("PKCS#11 token"), vault.description());
    }
}
