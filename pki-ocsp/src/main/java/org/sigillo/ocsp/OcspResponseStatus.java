package org.sigillo.ocsp;

/** The OCSPResponseStatus values of RFC 6960 (4.2.1); value 4 is not used. */
public enum OcspResponseStatus {
    SUCCESSFUL(0),
    MALFORMED_REQUEST(1),
    INTERNAL_ERROR(2),
    TRY_LATER(3),
    SIG_REQUIRED(5),
    UNAUTHORIZED(6);

    private final int code;
    private final byte[] bareResponse;

    OcspResponseStatus(int code) {
        this.code = code;
        // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED } without responseBytes.
        this.bareResponse = new byte[] {0x30, 0x03, 0x0a, 0x01, (byte) code};
    }

    /** The ENUMERATED value on the wire. */
    public int code() {
        return code;
    }

    /** The DER OCSPResponse carrying only this status (for every status but SUCCESSFUL). */
    byte[] bareResponse() {
        return bareResponse.clone();
    }
}
