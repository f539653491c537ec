package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    /**
     * SunPKCS11 stores a new entry over an existing one of the same label, deleting its key: two
     * generates of one label racing, or one vault whose listing predates another vault's key,
     * destroyed a key the other caller had been handed. Exactly one wins; the rest are KEY_EXISTS.
     */
    @Test
    void aLabelIsGeneratedOnceEvenWhenCallsRaceOrTheListingIsOld() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 3; round++) {
                String label = "race-" + round;
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<VaultKey>> calls = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        return vault.generate(label, KeySpec.EC_P256);
                    }));
                }
                List<VaultKey> won = new ArrayList<>();
                for (Future<VaultKey> f : calls) {
                    try {
                        won.add(f.get());
                    } catch (ExecutionException e) {
                        assertEquals(HsmFault.KEY_EXISTS, ((HsmException) e.getCause()).fault(), e.getCause()::getMessage);
                    }
                }
                assertEquals(1, won.size(), "exactly one generate of '" + label + "' wins");
                assertEquals(won.get(0).publicKey(), vault.find(label).orElseThrow().publicKey(), "the winner's key is the one kept");
            }
        } finally {
            pool.shutdownNow();
        }

        SoftHsm.TestToken token = SoftHsm.get().freshToken();
        try (KeyVault first = token.openVault(); KeyVault second = token.openVault()) {
            assertTrue(second.list().isEmpty(), "the second vault's listing is read before the first generates");
            VaultKey kept = first.generate("shared", KeySpec.EC_P256);
            assertEquals(HsmFault.KEY_EXISTS,
                    assertThrows(HsmException.class, () -> second.generate("shared", KeySpec.EC_P256)).fault());
            assertEquals(HsmFault.KEY_EXISTS,
                    assertThrows(HsmException.class, () -> second.sealer("shared")).fault());
            assertEquals(kept.publicKey(), first.find("shared").orElseThrow().publicKey());
            assertEquals(1, first.list().size());
        }
    }
}
