package org.sigillo.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The lifecycle of DOMAIN.md, checked against an independent table of every state x transition. */
class CertificateStateTest {

    private static Map<Transition, CertificateState> row(Object... pairs) {
        Map<Transition, CertificateState> m = new EnumMap<>(Transition.class);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Transition) pairs[i], (CertificateState) pairs[i + 1]);
        }
        return m;
    }

    @Test
    void everyStateAndTransitionFollowsTheDomainDiagram() {
        Map<CertificateState, Map<Transition, CertificateState>> allowed = new EnumMap<>(CertificateState.class);
        allowed.put(CertificateState.RICHIESTA_IN_LAVORAZIONE, row(Transition.ISSUE, CertificateState.ATTIVO,
                Transition.WITHDRAW, CertificateState.RICHIESTA_ANNULLATA));
        allowed.put(CertificateState.RICHIESTA_ANNULLATA, row());
        allowed.put(CertificateState.ATTIVO, row(Transition.BLOCK, CertificateState.BLOCCATO,
                Transition.CANCEL, CertificateState.REVOCA_IN_LAVORAZIONE, Transition.EXPIRE, CertificateState.SCADUTO));
        allowed.put(CertificateState.BLOCCATO, row(Transition.UNBLOCK, CertificateState.ATTIVO,
                Transition.CANCEL, CertificateState.REVOCA_IN_LAVORAZIONE, Transition.EXPIRE, CertificateState.SCADUTO));
        allowed.put(CertificateState.REVOCA_IN_LAVORAZIONE, row(Transition.PUBLISH, CertificateState.REVOCATO));
        allowed.put(CertificateState.REVOCATO, row());
        allowed.put(CertificateState.SCADUTO, row());
        int checked = 0;
        for (CertificateState s : CertificateState.values()) {
            for (Transition t : Transition.values()) {
                CertificateState expected = allowed.get(s).get(t);
                if (expected != null) {
                    assertEquals(expected, s.after(t), s + " --" + t);
                } else {
                    IllegalTransitionException e = assertThrows(IllegalTransitionException.class, () -> s.after(t));
                    assertEquals(s, e.from());
                    assertEquals(t, e.transition());
                }
                assertEquals(expected != null, s.allows(t));
                checked++;
            }
        }
        assertEquals(49, checked);
    }

    @Test
    void cancelIsPermanent() {
        CertificateState s = CertificateState.ATTIVO.after(Transition.CANCEL).after(Transition.PUBLISH);
        for (Transition t : Transition.values()) {
            assertEquals(false, s.allows(t), "nothing leaves REVOCATO, not even " + t);
        }
    }
}
