package org.sigillo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IstatCodeTest {

    @Test
    void sixDigitsAreAnIstatCode() {
        IstatCode roma = new IstatCode("058091");
        assertEquals("058", roma.provinceCode());
        assertFalse(roma.isPrefettura());
        assertEquals(EnteKind.COMUNE, roma.kind());
        assertEquals("058091", roma.toString());
        assertEquals(roma, IstatCode.parse(" 058091 "));
    }

    @Test
    void provinceCodeFollowedByZerosIsAPrefettura() {
        IstatCode prefettura = new IstatCode("058000");
        assertTrue(prefettura.isPrefettura());
        assertEquals(EnteKind.PREFETTURA, prefettura.kind());
        assertEquals(prefettura, IstatCode.prefetturaOf("058"));
        assertTrue(prefettura.sameProvinceAs(new IstatCode("058091")));
        assertFalse(prefettura.sameProvinceAs(new IstatCode("015146")));
        assertFalse(new IstatCode("058100").isPrefettura());
    }

    @Test
    void notExactlySixDigitsIsRefused() {
        for (String bad : new String[] {"", "58091", "0580910", "05809A", "058 91", "\u0660\u0665\u0668\u0660\u0669\u0661",
            "000123"}) {
            InvalidIstatCodeException e = assertThrows(InvalidIstatCodeException.class, () -> new IstatCode(bad));
            assertEquals(bad, e.input());
        }
    }

    @Test
    void enteKindIsDerivedFromTheCodeOrCheckedAgainstIt() {
        Ente roma = Ente.of(new IstatCode("058091"), "  Roma ");
        assertEquals("Roma", roma.name());
        assertEquals(EnteKind.COMUNE, roma.kind());
        assertEquals("058", roma.provinceCode());
        assertTrue(Ente.of(new IstatCode("058000"), "Prefettura di Roma").isPrefettura());
        InvalidEnteException mismatch = assertThrows(InvalidEnteException.class,
                () -> new Ente(new IstatCode("058091"), "Roma", EnteKind.PREFETTURA));
        assertEquals(InvalidEnteException.Defect.KIND_MISMATCH, mismatch.defect());
        assertEquals(InvalidEnteException.Defect.KIND_MISMATCH, assertThrows(InvalidEnteException.class,
                () -> new Ente(new IstatCode("058000"), "Roma", EnteKind.COMUNE)).defect());
    }

    @Test
    void enteNameMustNotBeBlank() {
        assertEquals(InvalidEnteException.Defect.BLANK_NAME, assertThrows(InvalidEnteException.class,
                () -> Ente.of(new IstatCode("058091"), " \t")).defect());
    }

    @Test
    void enteNameFitsItsColumnAndHoldsNoControlCharacter() {
        assertEquals(Ente.MAX_NAME, Ente.of(new IstatCode("035000"), "P".repeat(Ente.MAX_NAME)).name().length());
        InvalidEnteException tooLong = assertThrows(InvalidEnteException.class,
                () -> Ente.of(new IstatCode("035000"), "P".repeat(Ente.MAX_NAME + 1)));
        assertEquals(InvalidEnteException.Defect.NAME_TOO_LONG, tooLong.defect());
        assertTrue(tooLong.getMessage().contains("035000") && tooLong.getMessage().contains("201"), tooLong.getMessage());
        assertEquals(InvalidEnteException.Defect.NAME_NOT_PRINTABLE, assertThrows(InvalidEnteException.class,
                () -> Ente.of(new IstatCode("058091"), "Roma\nCapitale")).defect());
    }
}
