package org.sigillo.registry;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what, the rules of the console in one place:
 * <ul>
 *   <li>ALP: workstation and server-certificate operations;</li>
 *   <li>ALS: user and smart-card operations;</li>
 *   <li>ASC and APL: all the ALS may do, and {@link Operation#APPOINT_ALS};</li>
 *   <li>always only inside the principal's own ente, except
 *       {@link Operation#HAND_OVER_CARD_BATCH}: run from a Prefettura by its ALS (or ASC/APL,
 *       who may do all the ALS does) towards a municipality of the same province.</li>
 * </ul>
 * Checks run in this order: profile, then ente. Stateless and thread-safe.
 */
public final class AuthorizationPolicy {

    private final Map<Operation, Set<Profile>> allowed = new EnumMap<>(Operation.class);

    /** The policy of the guides. */
    public AuthorizationPolicy() {
        Set<Profile> alp = EnumSet.of(Profile.ALP);
        Set<Profile> alsAndAbove = EnumSet.of(Profile.ALS, Profile.ASC, Profile.APL);
        Set<Profile> mayor = EnumSet.of(Profile.ASC, Profile.APL);
        for (Operation op : Operation.values()) {
            allowed.put(op, switchProfiles(op, alp, alsAndAbove, mayor));
        }
    }

    private static Set<Profile> switchProfiles(Operation op, Set<Profile> alp, Set<Profile> alsAndAbove,
            Set<Profile> mayor) {
        switch (op) {
            case REGISTER_WORKSTATION:
            case SEARCH_WORKSTATIONS:
            case DOWNLOAD_WORKSTATION:
            case DOWNLOAD_ALL_WORKSTATIONS:
            case BLOCK_CERTIFICATE:
            case UNBLOCK_CERTIFICATE:
            case CANCEL_CERTIFICATE:
            case ISSUE_SERVER_CERTIFICATE:
            case SELECT_ACTIVE_SERVER_CERTIFICATE:
                return alp;
            case SEARCH_USERS:
            case INSERT_USER:
            case MODIFY_USER:
            case BLOCK_USER:
            case UNBLOCK_USER:
            case DELETE_USER:
            case GRANT_DAILY_PASSWORD:
            case REQUEST_SMART_CARD:
            case REGISTER_CARD_DELIVERY:
            case RESEND_PIN_HALF:
            case BLOCK_SMART_CARD:
            case UNBLOCK_SMART_CARD:
            case REVOKE_SMART_CARD:
            case HAND_OVER_CARD_BATCH:
                return alsAndAbove;
            case APPOINT_ALS:
                return mayor;
            default:
                throw new AssertionError("no rule for " + op);
        }
    }

    /**
     * Checks that the principal may run the operation on the target ente.
     *
     * @throws NotAuthorizedException carrying the {@link Refusal}
     */
    public void check(Principal principal, Operation operation, IstatCode targetEnte) {
        Optional<Refusal> refusal = refusal(principal, operation, targetEnte);
        if (refusal.isPresent()) {
            throw new NotAuthorizedException(refusal.get(), operation,
                    operation + " refused to " + principal.codiceFiscale() + " in ente " + principal.ente()
                            + " with profiles " + principal.profiles() + " on ente " + targetEnte + ": "
                            + refusal.get());
        }
    }

    /** The reason the operation would be refused, or empty when it is allowed. */
    public Optional<Refusal> refusal(Principal principal, Operation operation, IstatCode targetEnte) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(targetEnte, "targetEnte");
        if (!principal.profiles().containsAny(allowed.get(operation))) {
            return Optional.of(Refusal.PROFILE_NOT_ALLOWED);
        }
        IstatCode own = principal.ente();
        if (operation == Operation.HAND_OVER_CARD_BATCH) {
            if (!own.isPrefettura()) {
                return Optional.of(Refusal.NOT_A_PREFETTURA);
            }
            if (targetEnte.isPrefettura()) {
                return Optional.of(Refusal.TARGET_NOT_A_MUNICIPALITY);
            }
            if (!own.sameProvinceAs(targetEnte)) {
                return Optional.of(Refusal.NOT_OWN_PROVINCE);
            }
            return Optional.empty();
        }
        if (!own.equals(targetEnte)) {
            return Optional.of(Refusal.OTHER_ENTE);
        }
        return Optional.empty();
    }
}
