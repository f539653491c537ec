package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.validation.CardRef;
import org.sigillo.validation.UserState;

/** The people view applies a person's snapshots in change-number order, whatever order they arrive in. */
class LivePeopleTest {
    private static final CodiceFiscale ROSSI = CodiceFiscale.parse("RSSMRA85T10A562S");

    private static LivePeople.Snapshot snapshot(long seq, long cardSerial) {
        return new LivePeople.Snapshot(ROSSI, seq, Optional.of(new CardRef(new byte[] {1, 2, 3}, BigInteger.valueOf(cardSerial))),
                Optional.of(UserState.ATTIVO), Map.of());
    }

    @Test
    void anOlderSnapshotArrivingLateDoesNotUndoANewerOne() {
        LivePeople live = new LivePeople(null, null);
        // T2 read after T1 committed (so with T1's change and a higher number) but applied first
        live.apply(snapshot(7, 222));
        live.apply(snapshot(5, 111));
        assertEquals(BigInteger.valueOf(222), live.currentCard(ROSSI).orElseThrow().serial());
        live.apply(snapshot(7, 222)); // the same number again (a sync of what is applied): harmless
        live.apply(snapshot(9, 333));
        assertEquals(BigInteger.valueOf(333), live.currentCard(ROSSI).orElseThrow().serial());
    }
}
