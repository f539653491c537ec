package org.sigillo.engine;

/**
 * Told how far a long operation (a batch, a census import) has come: {@code done} of
 * {@code total} items. Called from the operation's own thread; must be quick and must not throw.
 * A census import reports inside its transaction, so a retried transaction reports again from
 * the start.
 */
@FunctionalInterface
public interface Progress {

    /** Reports that {@code done} of {@code total} items are finished. */
    void advanced(int done, int total);

    /** A listener that ignores every report. */
    Progress NONE = (done, total) -> { };
}
