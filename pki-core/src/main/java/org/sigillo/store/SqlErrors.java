package org.sigillo.store;

import java.sql.SQLException;

/** Classifies driver {@link SQLException}s of H2 and PostgreSQL into {@link StoreException.Kind}s. */
final class SqlErrors {

    /** H2 error codes (org.h2.api.ErrorCode) that have no distinctive SQLSTATE class. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final int H2_FILE_CORRUPTED = 90030;
    private static final int H2_DATABASE_IS_CLOSED = 90098;
    private static final int H2_CONNECTION_BROKEN = 90067;
    private static final int H2_LOCK_TIMEOUT = 50200;
    private static final int H2_WRONG_USER_OR_PASSWORD = 28000;

    private SqlErrors() {
    }

    /** True when the transaction may succeed if simply run again (serialization failure, deadlock). */
    static boolean isRetryable(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            // 40001 serialization_failure (PostgreSQL, and H2's deadlock), 40P01 deadlock_detected (PostgreSQL)
            if ("40001".equals(state) || "40P01".equals(state)) {
                return true;
            }
            if (s.getNextException() == s) {
                break;
            }
        }
        return false;
    }

    /** Maps an exception to the kind the rest of Sigillo acts on. */
    static StoreException.Kind kindOf(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        if (state.startsWith("08") || state.startsWith("28") || state.startsWith("53") || state.startsWith("57P")
                || code == H2_DATABASE_ALREADY_OPEN || code == H2_DATABASE_IS_CLOSED
                || code == H2_CONNECTION_BROKEN || code == H2_WRONG_USER_OR_PASSWORD) {
            return StoreException.Kind.UNAVAILABLE;
        }
        if (state.startsWith("23")) {
            return StoreException.Kind.CONSTRAINT_VIOLATION;
        }
        if (state.startsWith("40") || "55P03".equals(state) || code == H2_LOCK_TIMEOUT) {
            return StoreException.Kind.CONFLICT;
        }
        if (state.startsWith("XX") || code == H2_FILE_CORRUPTED) {
            return StoreException.Kind.CORRUPT;
        }
        return StoreException.Kind.FAILED;
    }

    /** Wraps an exception with its kind and a short description of what was being done. */
    static StoreException wrap(String doing, SQLException e) {
        return new StoreException(kindOf(e), doing + " failed: " + e.getMessage()
                + " [SQLState " + e.getSQLState() + ", code " + e.getErrorCode() + "]", e);
    }

    /** True when the connection behind this error should not be used again. */
    static boolean isConnectionBroken(SQLException e) {
        return kindOf(e) == StoreException.Kind.UNAVAILABLE;
    }
}
