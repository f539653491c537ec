package org.sigillo.store;

/** The SQL databases Sigillo's store runs on: embedded H2 (file) or PostgreSQL for production. */
public enum Dialect {
    /** Embedded H2 file database (one process, no server). */
    H2,
    /** PostgreSQL server. */
    POSTGRESQL;

    /** Lower-case directory name used for dialect-specific migration scripts. */
    String resourceDir() {
        return this == H2 ? "h2" : "postgresql";
    }
}
