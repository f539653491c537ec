package org.sigillo.ocsp;

/**
 * An RFC 6960 OCSP responder: one DER OCSPRequest in, one DER OCSPResponse out.
 *
 * <p>Guarantees: {@link #respond} never throws and never returns {@code null}. Bad input is
 * answered with {@code malformedRequest}, a request about a CA this responder does not serve
 * with {@code unauthorized}, a signer that is busy or away with {@code tryLater}, and any other
 * failure with {@code internalError}. Every successful answer reflects the status source as it
 * was when the answer was produced, and no answer produced before the latest status change of
 * a certificate is ever served for it. Safe for use by many threads.
 *
 * <p>Build one with {@link #builder()}.
 */
public interface OcspResponder {

    /** The DER OCSPResponse answering the DER OCSPRequest {@code derRequest}: a new array the caller owns. */
    default byte[] respond(byte[] derRequest) {
        return answer(derRequest).der();
    }

    /**
     * Like {@link #respond}, with what an HTTP binding needs to set cache headers. The reply may
     * be shared with other callers (a pre-produced answer); it is immutable, and its
     * {@link OcspReply#der()} is a copy the caller owns.
     */
    OcspReply answer(byte[] derRequest);

    /** A builder for a responder serving one or more issuing CAs. */
    static OcspResponderBuilder builder() {
        return new OcspResponderBuilder();
    }
}
