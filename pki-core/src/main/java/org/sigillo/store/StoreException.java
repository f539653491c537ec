package org.sigillo.store;

import java.sql.SQLException;
import java.util.Objects;

/**
 * The only exception leaving the store: a {@link Kind} saying what went wrong, wrapping the
 * driver's {@link SQLException} when there was one. Unchecked so that transaction work can be a lambda.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure this is; callers decide on this, never on the message. */
    public enum Kind {
        /** The database cannot be reached or opened (network, server down, file locked, auth refused). */
        UNAVAILABLE,
        /** A unique, foreign key, not-null or check constraint refused the change. */
        CONSTRAINT_VIOLATION,
        /** Concurrent transactions collided (serialization failure, deadlock, lock timeout) beyond the retries. */
        CONFLICT,
        /** Stored data is inconsistent or damaged (file corruption, missing anchor row, changed migration). */
        CORRUPT,
        /** The database schema is newer than this code knows; refuse to run rather than damage it. */
        SCHEMA_TOO_NEW,
        /** A schema migration script failed to apply. */
        MIGRATION_FAILED,
        /** Any other database error (a bug in SQL, an unexpected driver state). */
        FAILED,
        /**
         * The embedded store stopped itself: a committed transaction could not be forced to the
         * disk. That transaction may or may not survive (it shows once the store is opened again),
         * and every later one is refused, changing nothing, until the store is opened again.
         */
        HALTED
    }

    private final Kind kind;

    /** Creates an exception of the given kind with a message and an optional cause. */
    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Creates an exception of the given kind with a message and no cause. */
    public StoreException(Kind kind, String message) {
        this(kind, message, null);
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }

    @Override
    public String getMessage() {
        return kind + ": " + super.getMessage();
    }
}
