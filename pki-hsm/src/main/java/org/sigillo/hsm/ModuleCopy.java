package org.sigillo.hsm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A private copy of a PKCS#11 module library, loaded as a separate instance of the module.
 *
 * <p>Why: SoftHSM2 2.6.1 (like many modules) builds its token list only in C_Initialize, and
 * once a token's storage vanishes under it, that module instance stays broken (C_GetSlotList
 * answers CKR_GENERAL_ERROR even after the token is back). C_Finalize + C_Initialize on the
 * shared instance would tear the sessions out from under every other SunPKCS11 provider in
 * the JVM, and their garbage-collected sessions would later be closed by handle number in the
 * new instance, where the same numbers are reused. The dynamic linker shares a library only
 * by file identity, so a copy is a fresh, independent instance with its own C_Initialize;
 * the old instance is left alone. The file is deleted right after loading (the mapping stays).
 * The copy goes to {@code java.io.tmpdir}, which must allow executable mappings (not
 * {@code noexec}); each reconnection costs one more loaded instance, hence the vault's backoff.
 */
final class ModuleCopy implements AutoCloseable {
    private final Path path;

    private ModuleCopy(Path path) {
        this.path = path;
    }

    /** Copies {@code module} to a new temporary file next to the other temporary files. */
    static ModuleCopy of(Path module) {
        Path copy = null;
        try {
            copy = Files.createTempFile("sigillo-pkcs11-", "-" + module.getFileName());
            Files.copy(module, copy, StandardCopyOption.REPLACE_EXISTING);
            return new ModuleCopy(copy);
        } catch (IOException e) {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // best effort; the temp directory is cleaned by the system
                }
            }
            throw new HsmException(HsmFault.DEVICE_ERROR, "cannot make a private copy of PKCS#11 module " + module
                    + " to reconnect: " + e.getMessage(), e);
        }
    }

    /** Where the copy is, as the library path for SunPKCS11. */
    String library() {
        return path.toAbsolutePath().toString();
    }

    /** Deletes the file; an already loaded copy keeps working. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort; the temp directory is cleaned by the system
        }
    }
}
