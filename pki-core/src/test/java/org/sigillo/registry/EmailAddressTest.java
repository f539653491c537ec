package org.sigillo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @Test
    void ordinaryAndPecAddressesAreAccepted() {
        assertEquals("mario.rossi@comune.roma.it", EmailAddress.parse(" mario.rossi@comune.roma.it ").value());
        assertEquals("Anagrafe@pec.comune.roma.it", EmailAddress.parse("Anagrafe@PEC.Comune.Roma.IT").value());
        assertEquals("pec.comune.roma.it", EmailAddress.parse("Anagrafe@PEC.Comune.Roma.IT").domain());
        EmailAddress.parse("o'neil+census_2024@sub-domain.example.org");
        EmailAddress.parse("a@b.co");
    }

    @Test
    void malformedAddressesAreRefused() {
        String[] bad = {
            "", "plain", "@comune.roma.it", "mario@", "mario@@comune.it", "mario@comune", "mario@comune.i",
            "mario@comune.123", ".mario@comune.it", "mario.@comune.it", "ma..rio@comune.it", "ma rio@comune.it",
            "mario@-comune.it", "mario@comune-.it", "mario@comune..it", "mario@comu_ne.it", "mar\u00eco@comune.it",
            "\"mario\"@comune.it", "mario@comune.it.", "a".repeat(65) + "@comune.it",
            "mario@" + "a".repeat(64) + ".it", "m@" + ("a".repeat(60) + ".").repeat(5) + "it"
        };
        for (String address : bad) {
            InvalidEmailAddressException e = assertThrows(InvalidEmailAddressException.class,
                    () -> EmailAddress.parse(address), address);
            assertEquals(address, e.input());
        }
    }
}
