package org.sigillo.engine;

import java.util.Objects;
import java.util.Optional;

import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.ProfileSet;

/**
 * What {@link Users#modify(Actor, IstatCode, CodiceFiscale, UserChange)}
 * changes in a registration: each empty field keeps the registration's current value. (A PEC is
 * set here, never cleared; clearing it takes the modify that is given every value.)
 */
public record UserChange(Optional<ProfileSet> profiles, Optional<EnvironmentSet> environments, Optional<EmailAddress> email,
                         Optional<EmailAddress> pec) {
    public UserChange {
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(environments, "environments");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(pec, "pec");
    }

    /** A change of nothing, to build on with the {@code with} methods. */
    public static UserChange none() {
        return new UserChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public UserChange withProfiles(ProfileSet p) {
        return new UserChange(Optional.of(p), environments, email, pec);
    }

    public UserChange withEnvironments(EnvironmentSet e) {
        return new UserChange(profiles, Optional.of(e), email, pec);
    }

    public UserChange withEmail(EmailAddress e) {
        return new UserChange(profiles, environments, Optional.of(e), pec);
    }

    public UserChange withPec(EmailAddress p) {
        return new UserChange(profiles, environments, email, Optional.of(p));
    }
}
