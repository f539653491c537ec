package org.sigillo.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * One user of a census: the person, contacts, profiles and environments of the registration.
 *
 * @param line the census line
 * @param codiceFiscale the person
 * @param name first name
 * @param surname surname
 * @param email ordinary e-mail (receives the PIN/PUK second halves)
 * @param pec certified e-mail, if given
 * @param profiles the profiles
 * @param environments the target environments
 */
public record CensusUser(int line, CodiceFiscale codiceFiscale, String name, String surname, EmailAddress email,
        Optional<EmailAddress> pec, ProfileSet profiles, EnvironmentSet environments) {

    /** Refuses null parts. */
    public CensusUser {
        Objects.requireNonNull(codiceFiscale, "codiceFiscale");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(surname, "surname");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(pec, "pec");
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(environments, "environments");
    }
}
