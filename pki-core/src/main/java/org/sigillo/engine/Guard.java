package org.sigillo.engine;

import java.sql.SQLException;

import org.sigillo.registry.AuthorizationPolicy;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.NotAuthorizedException;
import org.sigillo.registry.Operation;
import org.sigillo.registry.Principal;
import org.sigillo.store.Transaction;
import org.sigillo.validation.UserState;

/**
 * Checks, inside the operation's transaction and before anything is written, that the actor
 * may run it on the target ente: the rules of {@link AuthorizationPolicy}, and for a console
 * actor an active stored registration in its ente that holds the profiles it claims.
 */
final class Guard {
    private final AuthorizationPolicy policy = new AuthorizationPolicy();
    private final PeopleStore people;

    Guard(PeopleStore people) {
        this.people = people;
    }

    /**
     * @throws NotAuthorizedException when the policy refuses
     * @throws RefusedException {@link Refusal#UNKNOWN_ACTOR} when the console actor is not an
     *         active registered user with the claimed profiles
     */
    void check(Transaction tx, Actor actor, Operation op, IstatCode target) throws SQLException {
        if (!(actor instanceof Actor.Console)) {
            return;
        }
        Principal p = ((Actor.Console) actor).principal();
        policy.check(p, op, target);
        var own = people.registration(tx, p.codiceFiscale(), p.ente());
        if (own.isEmpty() || own.get().state() != UserState.ATTIVO || !own.get().profiles().asSet().containsAll(p.profiles().asSet())) {
            throw new RefusedException(Refusal.UNKNOWN_ACTOR, p.codiceFiscale() + " has no active registration in ente "
                    + p.ente() + " with profiles " + p.profiles());
        }
    }
}
