package org.sigillo.engine;

import java.util.Objects;

import org.sigillo.registry.Principal;

/**
 * Who runs a people or card operation. A {@link Console} actor is a person logged into the
 * security console: every operation is checked against the rules of "Who may do what"
 * (profile, own ente, the Prefettura's province) and against the actor's own stored
 * registration. The {@link Operator} is the CA operator at the command line, who acts for any
 * ente (the audit log names the operating-system user).
 */
public sealed interface Actor permits Actor.Console, Actor.Operator {

    /** The name the audit log records; {@code engineActor} is the engine's default actor. */
    String auditName(String engineActor);

    /** A console user, as the dual check established them. */
    static Actor console(Principal principal) {
        return new Console(principal);
    }

    /** The CA operator of this engine (named in the audit log by the engine's actor setting). */
    static Actor operator() {
        return Operator.INSTANCE;
    }

    /** A person logged into the console, with the ente and profiles of their session. */
    record Console(Principal principal) implements Actor {
        /** Refuses a null principal. */
        public Console {
            Objects.requireNonNull(principal, "principal");
        }

        @Override
        public String auditName(String engineActor) {
            return principal.codiceFiscale().canonical() + "@" + principal.ente().value();
        }
    }

    /** The CA operator. */
    enum Operator implements Actor {
        /** The one operator of an engine. */
        INSTANCE;

        @Override
        public String auditName(String engineActor) {
            return engineActor;
        }
    }
}
