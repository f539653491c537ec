package org.sigillo.registry;

/** Why {@link AuthorizationPolicy} refused an operation. */
public enum Refusal {
    /** None of the principal's profiles allows the operation. */
    PROFILE_NOT_ALLOWED,
    /** The target ente is not the principal's own ente. */
    OTHER_ENTE,
    /** Only a Prefettura may do this, and the principal acts in a Comune. */
    NOT_A_PREFETTURA,
    /** The target must be a municipality, and it is a Prefettura. */
    TARGET_NOT_A_MUNICIPALITY,
    /** The target municipality lies outside the Prefettura's province. */
    NOT_OWN_PROVINCE
}
