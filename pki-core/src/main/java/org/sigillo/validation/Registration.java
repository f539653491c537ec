package org.sigillo.validation;

import java.util.Objects;

import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.ProfileSet;

/**
 * A person's registration in one ente, as the dual check reads it: the profiles, the
 * environments they may be used in, and whether the registration is active.
 */
public record Registration(ProfileSet profiles, EnvironmentSet environments, boolean active) {
    public Registration {
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(environments, "environments");
    }
}
