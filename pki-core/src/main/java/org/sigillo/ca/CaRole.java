package org.sigillo.ca;

/** The keys and certificates of Sigillo's hierarchy. */
public enum CaRole {
    ROOT("root"),
    /** Issues workstation and server certificates. */
    WORKSTATION_CA("workstation-ca"),
    /** Issues smart-card certificates. */
    SMARTCARD_CA("smartcard-ca"),
    /** Delegated OCSP signer of the workstation CA. */
    WORKSTATION_OCSP("workstation-ocsp"),
    /** Delegated OCSP signer of the smart-card CA. */
    SMARTCARD_OCSP("smartcard-ocsp");

    private final String suffix;

    CaRole(String suffix) {
        this.suffix = suffix;
    }

    /** The key label in the vault, under a prefix. */
    public String label(String prefix) {
        return prefix + "-" + suffix;
    }

    /** The file stem of its certificate, for example {@code workstation-ca}. */
    public String fileStem() {
        return suffix;
    }
}
