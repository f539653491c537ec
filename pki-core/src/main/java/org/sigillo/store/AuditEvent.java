package org.sigillo.store;

import java.util.Objects;

/**
 * What happened, as the caller tells {@link AuditLog#append}: who did it, what, to what, and a small
 * payload. Sequence number, time and hashes are added by the log.
 *
 * @param actor   who acted, e.g. an OS user or a codice fiscale (1-200 characters)
 * @param action  the type code
 * @param subject what was acted on, e.g. a certificate serial or workstation code (0-200 characters)
 * @param details a small JSON or text payload (at most 8192 characters)
 */
public record AuditEvent(String actor, AuditAction action, String subject, String details) {

    static final int MAX_ACTOR = 200;
    static final int MAX_SUBJECT = 200;
    static final int MAX_DETAILS = 8192;

    /** Checks lengths and refuses NUL characters (which PostgreSQL cannot store in text). */
    public AuditEvent {
        Objects.requireNonNull(action, "action");
        check("actor", actor, 1, MAX_ACTOR);
        check("subject", subject, 0, MAX_SUBJECT);
        check("details", details, 0, MAX_DETAILS);
    }

    private static void check(String what, String value, int min, int max) {
        Objects.requireNonNull(value, what);
        if (value.length() < min || value.length() > max) {
            throw new IllegalArgumentException("audit " + what + " must have " + min + "-" + max
                    + " characters, has " + value.length());
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("audit " + what + " contains a NUL character");
        }
    }
}
