package org.sigillo.engine;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.sigillo.registry.CodiceFiscale;
import org.sigillo.store.Database;
import org.sigillo.store.Transaction;

/**
 * What a people or card transaction changed, gathered while it runs and applied to the live
 * views (people, certificate status) only once it committed: a rolled-back transaction leaves
 * the views as they were, a committed one is visible to the very next dual check.
 */
final class Outcome {
    private final Set<CodiceFiscale> people = new LinkedHashSet<>();
    private final List<CertificateRecord> certificates = new ArrayList<>();
    private List<LivePeople.Snapshot> snapshots = List.of();

    /** The person changed: their snapshot is read at the end of the transaction. */
    void person(CodiceFiscale cf) {
        people.add(cf);
    }

    /** A certificate changed (its new record). */
    void certificate(CertificateRecord r) {
        certificates.add(r);
    }

    /** Reads the changed people's snapshots; call last, inside the transaction. */
    private void seal(Transaction tx, LivePeople live) throws SQLException {
        snapshots = live.read(tx, new ArrayList<>(people));
    }

    /** Work of a transaction that changes people or certificates, telling {@code o} what it changed. */
    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx, Outcome o) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction, reads the changed people's snapshots last inside it,
     * and applies everything to the live views once it committed. Each attempt (the database
     * reruns a transaction after a conflict) starts from an empty outcome, so what a rolled-back
     * attempt gathered is never applied.
     */
    static <T> T commit(Database db, LivePeople people, LiveStatus status, Work<T> work) {
        Outcome[] committed = new Outcome[1];
        T result = db.inTransaction(tx -> {
            Outcome o = new Outcome();
            T r = work.run(tx, o);
            o.seal(tx, people);
            committed[0] = o;
            return r;
        });
        committed[0].apply(people, status);
        return result;
    }

    /** Applies everything to the live views; call after the commit. */
    private void apply(LivePeople live, LiveStatus status) {
        certificates.forEach(status::apply);
        snapshots.forEach(live::apply);
    }
}
