package org.sigillo.store;

/**
 * What {@link SchemaMigrator#migrate()} did: the schema version found and the version left.
 *
 * @param fromVersion schema version before (0 for an empty database)
 * @param toVersion   schema version after (the code's version)
 */
public record MigrationReport(int fromVersion, int toVersion) {

    /** True when migrations were applied. */
    public boolean changed() {
        return toVersion != fromVersion;
    }
}
