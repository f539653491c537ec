package org.sigillo.engine;

/**
 * Told how far a long operation (a batch) has come: {@code done} of {@code total} items. Called
 * from the operation's own thread after each recorded chunk; must be quick and must not throw.
 */
@FunctionalInterface
public interface Progress {

    /** Reports that {@code done} of {@code total} items are finished. */
    void advanced(int done, int total);

    /** A listener that ignores every report. */
    Progress NONE = (done, total) -> { };
}
