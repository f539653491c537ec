package org.sigillo.engine;

import java.util.Objects;
import java.util.Optional;

import org.sigillo.profile.PersonNames;
import org.sigillo.registry.CensusUser;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.ProfileSet;

/**
 * What an ALS types to insert a user: the person (CF, names), the profiles and environments of
 * the registration in the ALS's ente, the e-mail (required) and an optional PEC. Every part is
 * already a validated value (a {@link CodiceFiscale}, a {@link ProfileSet} that keeps ASC alone...).
 *
 * @param cf           the person
 * @param givenName    given name (not blank, at most 64 characters)
 * @param surname      surname (not blank, at most 64 characters)
 * @param profiles     profiles in the ente
 * @param environments target environments
 * @param email        ordinary e-mail
 * @param pec          certified e-mail, if any
 */
public record NewUser(CodiceFiscale cf, String givenName, String surname, ProfileSet profiles, EnvironmentSet environments,
                      EmailAddress email, Optional<EmailAddress> pec) {

    /** Refuses null parts and blank or over-long names. */
    public NewUser {
        Objects.requireNonNull(cf, "cf");
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(environments, "environments");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(pec, "pec");
        givenName = name("given name", givenName);
        surname = name("surname", surname);
    }

    /** The user of a census line. */
    public static NewUser of(CensusUser u) {
        return new NewUser(u.codiceFiscale(), u.name(), u.surname(), u.profiles(), u.environments(), u.email(), u.pec());
    }

    private static String name(String what, String value) {
        return PersonNames.require("the user's " + what, value);
    }
}
