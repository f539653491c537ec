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
    NOTHING_TO_RENEW,
    /** No registration of that person in that ente. */
    UNKNOWN_USER,
    /** The person is already registered in that ente. */
    USER_EXISTS,
    /** No smart card with that number. */
    UNKNOWN_CARD,
    /** The card's state does not allow the operation. */
    CARD_STATE,
    /** A limit of the domain would be broken (a Prefettura's five users, its last ALS or ALP). */
    LIMIT_REACHED,
    /** The acting console principal is not an active registered user with those profiles. */
    UNKNOWN_ACTOR,
    /** The ente's initial census was imported already (it is one submission; later changes go through the console). */
    CENSUS_DONE,
    /**
     * The issuing CA ends before a certificate issued now would (6 years from issue): it cannot
     * issue it, nor one outliving it (RFC 5280 path validation would refuse it). The remedy is a
     * CA rollover (a new issuing CA key and certificate), which Sigillo does not do.
     */
    CA_EXPIRES_TOO_SOON
}
