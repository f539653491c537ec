package org.sigillo.validation;

import java.util.Objects;

import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.Environment;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.ProfileSet;

/**
 * Who a dual check let in: the ente of the workstation, the workstation's code
 * ({@code 058091-PC-0001}), the person's codice fiscale, the profiles of their registration in
 * that ente, and the environment the session is for.
 */
public record SessionPrincipal(IstatCode ente, String workstationCode, CodiceFiscale codiceFiscale,
                               ProfileSet profiles, Environment environment) {
    public SessionPrincipal {
        Objects.requireNonNull(ente, "ente");
        Objects.requireNonNull(workstationCode, "workstationCode");
        Objects.requireNonNull(codiceFiscale, "codiceFiscale");
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(environment, "environment");
    }
}
