package org.sigillo.registry;

/**
 * Every console operation that {@link AuthorizationPolicy} rules on. Which profiles may run
 * each one is decided by the policy, in one place.
 */
public enum Operation {
    // ALP: workstation and server certificates
    /** Register a workstation (queues its certificate request). */
    REGISTER_WORKSTATION,
    /** Search the ente's workstations. */
    SEARCH_WORKSTATIONS,
    /** Download one workstation's PKCS#12 file. */
    DOWNLOAD_WORKSTATION,
    /** Download all the ente's workstation PKCS#12 files at once. */
    DOWNLOAD_ALL_WORKSTATIONS,
    /** Block a workstation or server certificate (reversible). */
    BLOCK_CERTIFICATE,
    /** Unblock a blocked workstation or server certificate. */
    UNBLOCK_CERTIFICATE,
    /** Cancel a workstation or server certificate (permanent). */
    CANCEL_CERTIFICATE,
    /** Request a server certificate for the ente. */
    ISSUE_SERVER_CERTIFICATE,
    /** Choose which server certificate is the active one for notification encryption. */
    SELECT_ACTIVE_SERVER_CERTIFICATE,
    // ALS (and ASC, APL): users and smart cards
    /** Search and view the ente's users. */
    SEARCH_USERS,
    /** Insert a user registration. */
    INSERT_USER,
    /** Change a user's e-mail and profiles. */
    MODIFY_USER,
    /** Block a user. */
    BLOCK_USER,
    /** Unblock a user. */
    UNBLOCK_USER,
    /** Delete a user's registration in the ente. */
    DELETE_USER,
    /** Grant a daily password to a user who forgot the card. */
    GRANT_DAILY_PASSWORD,
    /** Request a new smart card (disables the previous one). */
    REQUEST_SMART_CARD,
    /** Register a card's delivery to its holder (sends the PIN/PUK e-mail half). */
    REGISTER_CARD_DELIVERY,
    /** Resend the e-mail half of PIN, PUK and emergency password. */
    RESEND_PIN_HALF,
    /** Block a smart card (temporary). */
    BLOCK_SMART_CARD,
    /** Unblock a blocked smart card. */
    UNBLOCK_SMART_CARD,
    /** Revoke a smart card for good (lost, stolen, holder gone). */
    REVOKE_SMART_CARD,
    // ASC and APL only
    /** Appoint an ALS. */
    APPOINT_ALS,
    // Prefettura only, towards the municipalities of its province
    /** Hand a sealed smart-card batch over to a municipality of the province. */
    HAND_OVER_CARD_BATCH
}
