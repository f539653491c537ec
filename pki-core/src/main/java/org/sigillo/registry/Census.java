package org.sigillo.registry;

import java.util.List;
import java.util.Objects;

/**
 * An accepted census submission of one ente, as produced by {@link CensusCsvParser} (which has
 * checked every rule): the declared workstation count, the workstation certificates requested
 * (at most the declared count + 1) and the users.
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
    }
}
