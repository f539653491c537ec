package org.sigillo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationPolicyTest {

    /** The rules of "Who may do what", written out one operation per line, independent of the policy. */
    private static final String[] EXPECTATION_TABLE = {
        "REGISTER_WORKSTATION: ALP",
        "SEARCH_WORKSTATIONS: ALP",
        "DOWNLOAD_WORKSTATION: ALP",
        "DOWNLOAD_ALL_WORKSTATIONS: ALP",
        "BLOCK_CERTIFICATE: ALP",
        "UNBLOCK_CERTIFICATE: ALP",
        "CANCEL_CERTIFICATE: ALP",
        "ISSUE_SERVER_CERTIFICATE: ALP",
        "SELECT_ACTIVE_SERVER_CERTIFICATE: ALP",
        "SEARCH_USERS: ALS ASC APL",
        "INSERT_USER: ALS ASC APL",
        "MODIFY_USER: ALS ASC APL",
        "BLOCK_USER: ALS ASC APL",
        "UNBLOCK_USER: ALS ASC APL",
        "DELETE_USER: ALS ASC APL",
        "GRANT_DAILY_PASSWORD: ALS ASC APL",
        "REQUEST_SMART_CARD: ALS ASC APL",
        "REGISTER_CARD_DELIVERY: ALS ASC APL",
        "RESEND_PIN_HALF: ALS ASC APL",
        "BLOCK_SMART_CARD: ALS ASC APL",
        "UNBLOCK_SMART_CARD: ALS ASC APL",
        "REVOKE_SMART_CARD: ALS ASC APL",
        "APPOINT_ALS: ASC APL",
        "HAND_OVER_CARD_BATCH: ALS ASC APL (from a Prefettura to a Comune of its province)",
    };

    private static final IstatCode ROMA = new IstatCode("058091");
    private static final IstatCode FIUMICINO = new IstatCode("058120");
    private static final IstatCode PREFETTURA_ROMA = new IstatCode("058000");
    private static final IstatCode MILANO = new IstatCode("015146");
    private static final IstatCode PREFETTURA_MILANO = new IstatCode("015000");
    private static final List<IstatCode> ENTI = List.of(ROMA, FIUMICINO, PREFETTURA_ROMA, MILANO, PREFETTURA_MILANO);
    private static final CodiceFiscale CF = CodiceFiscale.parse("RSSMRA85T10A562S");

    private final AuthorizationPolicy policy = new AuthorizationPolicy();

    private static Map<Operation, Set<Profile>> table() {
        Map<Operation, Set<Profile>> table = new EnumMap<>(Operation.class);
        for (String line : EXPECTATION_TABLE) {
            String[] parts = line.split(":");
            Set<Profile> profiles = EnumSet.noneOf(Profile.class);
            for (String p : parts[1].replaceAll("\\(.*\\)", "").trim().split(" ")) {
                profiles.add(Profile.valueOf(p));
            }
            table.put(Operation.valueOf(parts[0]), profiles);
        }
        return table;
    }

    private static Principal principal(IstatCode ente, Profile first, Profile... more) {
        return new Principal(ente, CF, ProfileSet.of(first, more));
    }

    private Refusal refusalOf(Principal p, Operation op, IstatCode target) {
        NotAuthorizedException e = assertThrows(NotAuthorizedException.class, () -> policy.check(p, op, target),
                op + " by " + p.profiles() + " of " + p.ente() + " on " + target);
        assertEquals(op, e.operation());
        return e.refusal();
    }

    @Test
    void fullMatrixOfEveryOperationProfileAndEnteMatchesTheExpectationTable() {
        Map<Operation, Set<Profile>> table = table();
        assertEquals(EnumSet.allOf(Operation.class), table.keySet(), "the table names every operation");
        List<ProfileSet> sets = new ArrayList<>();
        for (Profile p : Profile.values()) {
            sets.add(ProfileSet.of(p));
        }
        sets.add(ProfileSet.of(Profile.ALS, Profile.ALP));
        sets.add(ProfileSet.of(Profile.APL, Profile.CONSULTAZIONE));
        sets.add(ProfileSet.of(Profile.ALP, Profile.SUPERVISORE));
        int allowed = 0;
        int refused = 0;
        for (Operation op : Operation.values()) {
            for (ProfileSet set : sets) {
                for (IstatCode acting : ENTI) {
                    for (IstatCode target : ENTI) {
                        Principal principal = new Principal(acting, CF, set);
                        Refusal expected = expected(table, set, op, acting, target);
                        if (expected == null) {
                            policy.check(principal, op, target);
                            assertTrue(policy.refusal(principal, op, target).isEmpty());
                            allowed++;
                        } else {
                            assertEquals(expected, refusalOf(principal, op, target),
                                    op + " by " + set + " of " + acting + " on " + target);
                            assertEquals(expected, policy.refusal(principal, op, target).orElseThrow());
                            refused++;
                        }
                    }
                }
            }
        }
        assertEquals(Operation.values().length * sets.size() * ENTI.size() * ENTI.size(), allowed + refused);
        assertTrue(allowed > 0 && refused > allowed);
    }

    /** The expected refusal (null when allowed), read from the table and the domain's ente rules. */
    private static Refusal expected(Map<Operation, Set<Profile>> table, ProfileSet set, Operation op,
            IstatCode acting, IstatCode target) {
        boolean profileOk = false;
        for (Profile p : set) {
            profileOk |= table.get(op).contains(p);
        }
        if (!profileOk) {
            return Refusal.PROFILE_NOT_ALLOWED;
        }
        if (op == Operation.HAND_OVER_CARD_BATCH) {
            if (!acting.value().endsWith("000")) {
                return Refusal.NOT_A_PREFETTURA;
            }
            if (target.value().endsWith("000")) {
                return Refusal.TARGET_NOT_A_MUNICIPALITY;
            }
            return acting.value().substring(0, 3).equals(target.value().substring(0, 3))
                    ? null : Refusal.NOT_OWN_PROVINCE;
        }
        return acting.equals(target) ? null : Refusal.OTHER_ENTE;
    }

    @Test
    void alpManagesWorkstationAndServerCertificatesOnly() {
        Principal alp = principal(ROMA, Profile.ALP);
        policy.check(alp, Operation.REGISTER_WORKSTATION, ROMA);
        policy.check(alp, Operation.CANCEL_CERTIFICATE, ROMA);
        policy.check(alp, Operation.ISSUE_SERVER_CERTIFICATE, ROMA);
        assertEquals(Refusal.PROFILE_NOT_ALLOWED, refusalOf(alp, Operation.INSERT_USER, ROMA));
        assertEquals(Refusal.PROFILE_NOT_ALLOWED, refusalOf(alp, Operation.GRANT_DAILY_PASSWORD, ROMA));
    }

    @Test
    void alsManagesUsersAndCardsButNotWorkstationsNorAppointments() {
        Principal als = principal(ROMA, Profile.ALS);
        policy.check(als, Operation.INSERT_USER, ROMA);
        policy.check(als, Operation.RESEND_PIN_HALF, ROMA);
        assertEquals(Refusal.PROFILE_NOT_ALLOWED, refusalOf(als, Operation.BLOCK_CERTIFICATE, ROMA));
        assertEquals(Refusal.PROFILE_NOT_ALLOWED, refusalOf(als, Operation.APPOINT_ALS, ROMA));
    }

    @Test
    void ascAndAplMayDoAllTheAlsDoesAndAppointTheAls() {
        for (Profile mayor : new Profile[] {Profile.ASC, Profile.APL}) {
            Principal p = principal(ROMA, mayor);
            policy.check(p, Operation.APPOINT_ALS, ROMA);
            policy.check(p, Operation.DELETE_USER, ROMA);
            policy.check(p, Operation.REQUEST_SMART_CARD, ROMA);
            assertEquals(Refusal.PROFILE_NOT_ALLOWED, refusalOf(p, Operation.REGISTER_WORKSTATION, ROMA));
        }
    }

    @Test
    void everythingOnlyInsideTheActorsOwnEnte() {
        assertEquals(Refusal.OTHER_ENTE, refusalOf(principal(ROMA, Profile.ALS), Operation.INSERT_USER, FIUMICINO));
        assertEquals(Refusal.OTHER_ENTE, refusalOf(principal(ROMA, Profile.ALP), Operation.BLOCK_CERTIFICATE, MILANO));
        assertEquals(Refusal.OTHER_ENTE,
                refusalOf(principal(PREFETTURA_ROMA, Profile.ALS), Operation.INSERT_USER, ROMA));
    }

    @Test
    void operatorProfilesMayRunNoConsoleOperation() {
        for (Profile p : Profile.values()) {
            if (p.isOperator()) {
                for (Operation op : Operation.values()) {
                    assertEquals(Refusal.PROFILE_NOT_ALLOWED, refusalOf(principal(ROMA, p), op, ROMA));
                }
            }
        }
    }

    @Test
    void prefetturaAlsHandsCardBatchesOnlyToMunicipalitiesOfItsProvince() {
        Principal prefetturaAls = principal(PREFETTURA_ROMA, Profile.ALS);
        policy.check(prefetturaAls, Operation.HAND_OVER_CARD_BATCH, ROMA);
        policy.check(prefetturaAls, Operation.HAND_OVER_CARD_BATCH, FIUMICINO);
        assertEquals(Refusal.NOT_OWN_PROVINCE, refusalOf(prefetturaAls, Operation.HAND_OVER_CARD_BATCH, MILANO));
        assertEquals(Refusal.TARGET_NOT_A_MUNICIPALITY,
                refusalOf(prefetturaAls, Operation.HAND_OVER_CARD_BATCH, PREFETTURA_ROMA));
        assertEquals(Refusal.NOT_A_PREFETTURA,
                refusalOf(principal(ROMA, Profile.ALS), Operation.HAND_OVER_CARD_BATCH, ROMA));
        assertEquals(Refusal.PROFILE_NOT_ALLOWED,
                refusalOf(principal(PREFETTURA_ROMA, Profile.ALP), Operation.HAND_OVER_CARD_BATCH, ROMA));
    }

    @Test
    void refusalMessageNamesOperationAndReason() {
        NotAuthorizedException e = assertThrows(NotAuthorizedException.class,
                () -> policy.check(principal(ROMA, Profile.ALS), Operation.INSERT_USER, MILANO));
        assertTrue(e.getMessage().contains("INSERT_USER") && e.getMessage().contains("OTHER_ENTE"), e.getMessage());
    }
}
