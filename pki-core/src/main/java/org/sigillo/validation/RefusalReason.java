package org.sigillo.validation;

/** Why a dual check refused a certificate; one precise reason per refusal. */
public enum RefusalReason {
    /** Missing, truncated or undecodable certificate bytes. */
    MALFORMED_INPUT,
    /** Not issued by the expected trusted CA, or its signature does not verify. */
    UNKNOWN_ISSUER_OR_BAD_SIGNATURE,
    /** A certificate of another kind in this slot (a CO server or card certificate as workstation, a workstation certificate as card, a CA certificate). */
    WRONG_KIND,
    /** The check instant is before the certificate's notBefore. */
    NOT_YET_VALID,
    /** The check instant is after the certificate's notAfter. */
    EXPIRED,
    /** Blocked: revoked with reason certificateHold. */
    BLOCKED,
    /** Revoked for good (any reason but certificateHold). */
    REVOKED,
    /** The status source does not know the certificate: the issuer has no record of it. */
    STATUS_UNKNOWN,
    /** The card certificate is not the person's current card. */
    NOT_CURRENT_CARD,
    /** The card certificate's {@code TINIT-} serialNumber does not hold a valid codice fiscale. */
    INVALID_CF,
    /** The person has no active registration in the workstation's ente. */
    NO_REGISTRATION_IN_ENTE,
    /** The person is blocked (BLOCCATO), or their registration in the workstation's ente is. */
    USER_BLOCKED,
    /** The registration does not allow the requested environment. */
    ENVIRONMENT_NOT_ALLOWED,
    /** The challenge signature does not verify with the card certificate's key. */
    POSSESSION_PROOF_FAILED
}
