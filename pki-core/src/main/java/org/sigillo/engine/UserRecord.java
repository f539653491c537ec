package org.sigillo.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.ProfileSet;
import org.sigillo.validation.UserState;

/**
 * A person's registration in one ente, as stored: who (CF and name), where, with which
 * profiles and environments, where mail goes, and whether it is active or blocked.
 *
 * @param cf           the person (the CF as given; an omocode is another person)
 * @param givenName    given name
 * @param surname      surname
 * @param ente         the ente of this registration
 * @param profiles     the profiles in this ente
 * @param environments the target environments the profiles may be used in
 * @param email        ordinary e-mail (receives the PIN/PUK halves)
 * @param pec          certified e-mail, if any
 * @param state        ATTIVO or BLOCCATO
 * @param createdAt    when the registration was inserted
 */
public record UserRecord(CodiceFiscale cf, String givenName, String surname, IstatCode ente, ProfileSet profiles,
                         EnvironmentSet environments, EmailAddress email, Optional<EmailAddress> pec, UserState state,
                         Instant createdAt) {

    /** Refuses null parts. */
    public UserRecord {
        Objects.requireNonNull(cf, "cf");
        Objects.requireNonNull(givenName, "givenName");
        Objects.requireNonNull(surname, "surname");
        Objects.requireNonNull(ente, "ente");
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(environments, "environments");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(pec, "pec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
