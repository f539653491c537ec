package org.sigillo.hsm;

/**
 * The one exception type that leaves pki-hsm: provider and PKCS#11 exceptions are wrapped in
 * it, with a {@link HsmFault} that names the cause.
 */
public class HsmException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final HsmFault fault;

    public HsmException(HsmFault fault, String message) {
        super(fault + ": " + message);
        this.fault = fault;
    }

    public HsmException(HsmFault fault, String message, Throwable cause) {
        super(fault + ": " + message, cause);
        this.fault = fault;
    }

    /** What went wrong. */
    public HsmFault fault() {
        return fault;
    }
}
