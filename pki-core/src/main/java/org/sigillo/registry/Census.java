package org.sigillo.registry;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An accepted census submission of one ente, as produced by {@link CensusCsvParser} (which
 * checks every rule and lists every error): the declared workstation count, the workstation
 * certificates requested (at most the declared count + 1) and the users. The constructor
 * re-checks the counting rules (workstations, no person twice, Prefettura limits) so that a
 * Census that exists is valid; it throws {@link IllegalArgumentException} naming the first
 * broken rule.
 *
 * @param ente the ente
 * @param declaredWorkstations the number of workstations the ente declares
 * @param workstations the workstation certificates requested
 * @param users the users, in file order
 */
public record Census(Ente ente, int declaredWorkstations, List<WorkstationRequest> workstations,
        List<CensusUser> users) {

    /** Copies the lists. */
    public Census {
        Objects.requireNonNull(ente, "ente");
        workstations = List.copyOf(workstations);
        users = List.copyOf(users);
        if (declaredWorkstations < 0 || workstations.size() > declaredWorkstations + 1) {
            throw new IllegalArgumentException(workstations.size() + " workstations requested, "
                    + declaredWorkstations + " declared (at most declared + 1)");
        }
        Set<CodiceFiscale> people = new HashSet<>();
        for (CensusUser u : users) {
            if (!people.add(u.codiceFiscale())) {
                throw new IllegalArgumentException(u.codiceFiscale() + " is listed twice");
            }
        }
        if (ente.isPrefettura()) {
            int limit = CensusCsvParser.PREFETTURA_LIMIT;
            if (declaredWorkstations > limit || users.size() > limit) {
                throw new IllegalArgumentException("a Prefettura has at most " + limit + " workstations and users");
            }
            if (users.stream().noneMatch(u -> u.profiles().contains(Profile.ALS))
                    || users.stream().noneMatch(u -> u.profiles().contains(Profile.ALP))) {
                throw new IllegalArgumentException("a Prefettura needs at least one ALS and one ALP");
            }
        }
    }
}
