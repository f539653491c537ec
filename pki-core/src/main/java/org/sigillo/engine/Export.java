package org.sigillo.engine;

import java.util.Objects;

import org.sigillo.profile.InstallationPassword;

/**
 * A PKCS#12 export and the installation password that opens it. The password is shown to
 * the ALP once and never stored in clear; {@link #destroy()} wipes it.
 */
public record Export(String code, byte[] pkcs12, InstallationPassword password) {
    public Export {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(pkcs12, "pkcs12");
        Objects.requireNonNull(password, "password");
    }

    public void destroy() {
        password.destroy();
    }

    @Override
    public String toString() {
        return "Export[" + code + ", " + pkcs12.length + " bytes, password=<hidden>]";
    }
}
