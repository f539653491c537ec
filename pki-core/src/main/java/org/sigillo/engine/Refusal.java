package org.sigillo.engine;

/** Why the engine refused an operation that was well formed but broke a rule. */
public enum Refusal {
    UNKNOWN_ENTE,
    ENTE_EXISTS,
    UNKNOWN_CERTIFICATE,
    WRONG_KIND,
    NOT_ISSUED,
    NOT_ACTIVE,
    OTHER_ENTE,
    CODE_SPACE_EXHAUSTED,
    NO_PRIVATE_KEY,
    NOTHING_TO_RENEW
}
