package org.sigillo.engine;

import java.util.List;
import java.util.Optional;

import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.Database;

/** The enti the CA serves. */
public final class Enti {
    private final Database db;
    private final CertificateStore store;
    private final Audit audit;

    Enti(Database db, CertificateStore store, Audit audit) {
        this.db = db;
        this.store = store;
        this.audit = audit;
    }

    /**
     * Adds an ente.
     *
     * @throws RefusedException {@link Refusal#ENTE_EXISTS} when its ISTAT code is known already
     */
    public void add(Ente ente) {
        db.inTransaction(tx -> {
            if (!store.insertEnteIfAbsent(tx, ente)) { // also when another engine added it a moment ago
                throw new RefusedException(Refusal.ENTE_EXISTS, "ente " + ente.code() + " exists already");
            }
            audit.append(tx, Audit.ENTE_ADDED, ente.code().value(), ente.name());
            return null;
        });
    }

    public Optional<Ente> find(IstatCode code) {
        return db.inTransaction(tx -> store.ente(tx, code));
    }

    /**
     * @throws RefusedException {@link Refusal#UNKNOWN_ENTE}
     */
    public Ente require(IstatCode code) {
        return find(code).orElseThrow(() -> new RefusedException(Refusal.UNKNOWN_ENTE, "no ente with ISTAT code " + code));
    }

    public List<Ente> list() {
        return db.inTransaction(store::enti);
    }
}
