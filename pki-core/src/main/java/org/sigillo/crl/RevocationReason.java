package org.sigillo.crl;

/**
 * The reason a certificate was revoked, with the RFC 5280 (section 5.3.1) {@code CRLReason}
 * code it is encoded as. Shared by the CRL writer, the certificate lifecycle and OCSP.
 */
public enum RevocationReason {
    UNSPECIFIED(0),
    KEY_COMPROMISE(1),
    CA_COMPROMISE(2),
    AFFILIATION_CHANGED(3),
    SUPERSEDED(4),
    CESSATION_OF_OPERATION(5),
    CERTIFICATE_HOLD(6),
    // code 7 is not used by RFC 5280
    REMOVE_FROM_CRL(8),
    PRIVILEGE_WITHDRAWN(9),
    AA_COMPROMISE(10);

    private static final RevocationReason[] BY_CODE = new RevocationReason[11];

    static {
        for (RevocationReason reason : values()) {
            BY_CODE[reason.code] = reason;
        }
    }

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    /** The RFC 5280 {@code CRLReason} code (the ENUMERATED value). */
    public int code() {
        return code;
    }

    /**
     * The reason with the given RFC 5280 code.
     *
     * @throws IllegalArgumentException if the code is not an RFC 5280 CRLReason (e.g. 7)
     */
    public static RevocationReason fromCode(int code) {
        RevocationReason reason = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (reason == null) {
            throw new IllegalArgumentException("not an RFC 5280 CRLReason code: " + code);
        }
        return reason;
    }
}
