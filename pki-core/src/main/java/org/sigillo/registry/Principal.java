package org.sigillo.registry;

import java.util.Objects;

/**
 * Who acts: a person (by codice fiscale) working in an ente with the profiles of that
 * registration.
 *
 * @param ente the acting ente
 * @param codiceFiscale the person
 * @param profiles the profiles of the person's registration in that ente
 */
public record Principal(IstatCode ente, CodiceFiscale codiceFiscale, ProfileSet profiles) {

    /** Refuses null parts. */
    public Principal {
        Objects.requireNonNull(ente, "ente");
        Objects.requireNonNull(codiceFiscale, "codiceFiscale");
        Objects.requireNonNull(profiles, "profiles");
    }
}
