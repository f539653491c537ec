package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What left the engine across every life of {@link CrashChild}, as its stdout reported it
 * after each engine call returned. Absorbing a life's lines already checks what needs no store:
 * no code requested or issued twice, no serial issued twice, CRL numbers strictly increasing
 * across restarts.
 */
final class CrashLedger {
    /** How a certificate was revoked. */
    enum Revocation { BLOCK, CANCEL }

    final Set<String> requested = new HashSet<>();
    /** code -> serial (lowercase hex). */
    final Map<String, String> issued = new LinkedHashMap<>();
    final Set<String> serials = new HashSet<>();
    /** code -> the last revocation reported (a cancel after a block wins). */
    final Map<String, Revocation> revoked = new LinkedHashMap<>();
    /** Serials whose revocation was reported before some full CRL was reported: every later full CRL lists them. */
    final Set<String> mustBeInFullCrl = new HashSet<>();
    private final List<String> revokedSinceFull = new ArrayList<>();
    int blocks;
    int cancels;
    int fullCrls;
    int deltaCrls;
    long lastCrlNumber;
    long lastFullCrlNumber;

    /** Takes in one life's stdout. */
    void absorb(int round, List<String> lines) {
        for (String line : lines) {
            String[] w = line.split(" ");
            String where = "round " + round + ", line '" + line + "'";
            switch (w[0]) {
                case "REQUESTED" -> assertTrue(requested.add(w[1]), "code handed out twice: " + where);
                case "ISSUED" -> {
                    String before = issued.putIfAbsent(w[1], w[2]);
                    if (before != null) {
                        fail("code issued twice (serials " + before + " and " + w[2] + "): " + where);
                    }
                    assertTrue(serials.add(w[2]), "serial issued twice: " + where);
                }
                case "REVOKED" -> {
                    String serial = issued.get(w[1]);
                    if (serial != null) {
                        assertEquals(serial, w[2], "revoked serial is not the one issued: " + where);
                    }
                    Revocation r = Revocation.valueOf(w[3]);
                    revoked.put(w[1], r);
                    if (r == Revocation.BLOCK) {
                        blocks++;
                    } else {
                        cancels++;
                    }
                    revokedSinceFull.add(w[2]);
                }
                case "CRL" -> {
                    long n = Long.parseLong(w[2]);
                    assertTrue(n > lastCrlNumber, "CRL number " + n + " after " + lastCrlNumber + ": " + where);
                    lastCrlNumber = n;
                    if (w[1].equals("FULL")) {
                        fullCrls++;
                        lastFullCrlNumber = n;
                        mustBeInFullCrl.addAll(revokedSinceFull);
                        revokedSinceFull.clear();
                    } else {
                        deltaCrls++;
                    }
                }
                default -> { } // READY, PHASE, END
            }
        }
    }

    /** The phase the child was in when it died: the last PHASE line without its END, or BETWEEN. */
    static String phaseAtDeath(List<String> lines) {
        String open = "BETWEEN";
        for (String line : lines) {
            if (line.startsWith("PHASE ")) {
                open = line.substring(6);
            } else if (line.startsWith("END ")) {
                open = "BETWEEN";
            }
        }
        return open;
    }
}
