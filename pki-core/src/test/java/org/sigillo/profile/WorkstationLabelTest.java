package org.sigillo.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkstationLabelTest {

    @Test
    void keepsLatinLettersAccentedOnesDigitsSpacesHyphensAndUnderscores() {
        assertEquals("Anagrafe sportello_1 - Città", new WorkstationLabel("  Anagrafe sportello_1 - Città ").value());
        assertEquals("Ñandú ÀÈÌÒÙ 0123456789", new WorkstationLabel("Ñandú ÀÈÌÒÙ 0123456789").value());
        assertEquals(64, new WorkstationLabel("a".repeat(64)).value().length());
    }

    @Test
    void refusesEveryOtherCharacterWhereverItStandsAndNamesIt() {
        for (String bad : new String[] {"PC <script>", "\u0001\u001fPC1", "PC1\t", "PC\n1", "\u0420\u0421 1" /* Cyrillic */,
                "\uFF30\uFF23\uFF11" /* full-width */, "PC \u0663" /* Arabic-Indic digit */, "PC \uD83D\uDE00", "PC.1", "PC/1"}) {
            InvalidLabelException e = assertThrows(InvalidLabelException.class, () -> new WorkstationLabel(bad), bad);
            assertTrue(e.getMessage().contains("U+") && e.getMessage().contains("position"), e.getMessage());
        }
        assertThrows(InvalidLabelException.class, () -> new WorkstationLabel("   "));
        assertThrows(InvalidLabelException.class, () -> new WorkstationLabel("a".repeat(65)));
        assertThrows(InvalidLabelException.class, () -> new WorkstationLabel(null));
    }
}
