package org.sigillo.ocsp;

/** Thrown when a responder or an issuer is configured in a way that cannot work; the message names what. */
public final class InvalidOcspConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidOcspConfigurationException(String message) {
        super(message);
    }

    public InvalidOcspConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
