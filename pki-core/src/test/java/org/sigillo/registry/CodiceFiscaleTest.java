package org.sigillo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Month;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CodiceFiscaleTest {

    /** Independent check-letter computation, straight from the tables of DOMAIN.md. */
    static char expectedCheckLetter(String first15) {
        String oddTable = "0/A=1, 1/B=0, 2/C=5, 3/D=7, 4/E=9, 5/F=13, 6/G=15, 7/H=17, 8/I=19, 9/J=21, K=2, L=4, "
                + "M=18, N=20, O=11, P=3, Q=6, R=8, S=12, T=14, U=16, V=10, W=22, X=25, Y=24, Z=23";
        Map<Character, Integer> odd = new HashMap<>();
        for (String entry : oddTable.split(", ")) {
            String[] kv = entry.split("=");
            for (String key : kv[0].split("/")) {
                odd.put(key.charAt(0), Integer.parseInt(kv[1]));
            }
        }
        int sum = 0;
        for (int pos = 1; pos <= 15; pos++) {
            char c = first15.charAt(pos - 1);
            if (pos % 2 == 1) {
                sum += odd.get(c);
            } else {
                sum += Character.isDigit(c) ? c - '0' : c - 'A';
            }
        }
        return (char) ('A' + sum % 26);
    }

    private static String withCheck(String first15) {
        return first15 + expectedCheckLetter(first15);
    }

    private static CfDefect defectOf(String text) {
        return assertThrows(InvalidCodiceFiscaleException.class, () -> CodiceFiscale.parse(text)).defect();
    }

    @Test
    void publishedExampleIsValid() {
        CodiceFiscale cf = CodiceFiscale.parse("RSSMRA85T10A562S");
        assertEquals("RSSMRA85T10A562S", cf.asGiven());
        assertEquals("RSSMRA85T10A562S", cf.canonical());
        assertFalse(cf.isOmocode());
        assertEquals(Month.DECEMBER, cf.birthMonth());
        assertEquals(10, cf.birthDay());
        assertEquals(85, cf.birthYearOfCentury());
        assertFalse(cf.female());
        assertEquals("A562", cf.belfiore());
        assertEquals("TINIT-RSSMRA85T10A562S", cf.tinIt());
        assertEquals('S', expectedCheckLetter("RSSMRA85T10A562"));
    }

    @Test
    void womanHasDayPlusForty() {
        CodiceFiscale cf = CodiceFiscale.parse("BNCLRA90A41H501F");
        assertTrue(cf.female());
        assertEquals(1, cf.birthDay());
        assertEquals(Month.JANUARY, cf.birthMonth());
    }

    @Test
    void inputIsTrimmedAndCaseInsensitiveAndStoredUpperCase() {
        CodiceFiscale cf = CodiceFiscale.parse("  rssMra85t10a562s \n");
        assertEquals("RSSMRA85T10A562S", cf.asGiven());
        assertEquals(CodiceFiscale.parse("RSSMRA85T10A562S"), cf);
    }

    @Test
    void omocodeByHandIsAnotherPersonBornTheSameDayInTheSamePlace() {
        CodiceFiscale base = CodiceFiscale.parse("RSSMRA85T10A562S");
        // computed by hand: last digit 2 -> N, check letter recomputed on the replaced form
        CodiceFiscale one = CodiceFiscale.parse("RSSMRA85T10A56NH");
        CodiceFiscale two = CodiceFiscale.parse("RSSMRA85T10A5SNT");
        CodiceFiscale all = CodiceFiscale.parse("RSSMRAURTMLARSNL");
        for (CodiceFiscale omo : new CodiceFiscale[] {one, two, all}) {
            assertTrue(omo.isOmocode());
            assertEquals("RSSMRA85T10A562S", omo.baseForm());
            assertEquals(omo.asGiven(), omo.canonical(), "the identity is the code as given");
            assertFalse(base.equals(omo), "an omocode is assigned to tell two people apart");
            assertEquals(Month.DECEMBER, omo.birthMonth());
            assertEquals(10, omo.birthDay());
            assertEquals("A562", omo.belfiore());
        }
        assertEquals("RSSMRAURTMLARSNL", all.asGiven());
        assertEquals("RSSMRAURTMLARSNL", all.toString());
        assertEquals("TINIT-RSSMRAURTMLARSNL", all.tinIt());
    }

    @Test
    void omocodeEveryCombinationOfTheSevenDigitsHasTheBaseFormButIsAnotherCode() {
        int[] positions = {6, 7, 9, 10, 12, 13, 14};
        String letters = "LMNPQRSTUV";
        for (String baseText : new String[] {"RSSMRA85T10A562S", "BNCLRA90A41H501F", "VRDGPP80B29F205T"}) {
            CodiceFiscale base = CodiceFiscale.parse(baseText);
            Set<String> seen = new HashSet<>();
            for (int mask = 1; mask < 128; mask++) {
                char[] c = baseText.substring(0, 15).toCharArray();
                for (int b = 0; b < 7; b++) {
                    if ((mask & (1 << b)) != 0) {
                        c[positions[b]] = letters.charAt(c[positions[b]] - '0');
                    }
                }
                String omocode = withCheck(new String(c));
                assertTrue(seen.add(omocode));
                CodiceFiscale parsed = CodiceFiscale.parse(omocode.toLowerCase());
                assertEquals(omocode, parsed.asGiven());
                assertEquals(baseText, parsed.baseForm());
                assertEquals(omocode, parsed.canonical());
                assertFalse(base.equals(parsed));
                assertEquals(CodiceFiscale.parse(omocode), parsed, "equal as given, whatever the case typed");
                assertEquals(base.female(), parsed.female());
            }
            assertEquals(127, seen.size());
        }
    }

    @Test
    void differentPeopleAreNotEqual() {
        assertNotEquals(CodiceFiscale.parse("RSSMRA85T10A562S"), CodiceFiscale.parse("BNCLRA90A41H501F"));
    }

    @Test
    void wrongLengthIsRefused() {
        assertEquals(CfDefect.WRONG_LENGTH, defectOf("RSSMRA85T10A562"));
        assertEquals(CfDefect.WRONG_LENGTH, defectOf("RSSMRA85T10A562SS"));
        assertEquals(CfDefect.WRONG_LENGTH, defectOf(""));
    }

    @Test
    void badCharacterIsRefused() {
        assertEquals(CfDefect.BAD_CHARACTER, defectOf("RSSMRA85T10A56-S"));
        assertEquals(CfDefect.BAD_CHARACTER, defectOf("RSSMRA85T10\u00C0562S"));
        assertEquals(CfDefect.BAD_CHARACTER, defectOf("RSSMRA85T10 562S"));
        // dotless i upper-cases to an ASCII I: refused before upper-casing
        assertEquals(CfDefect.BAD_CHARACTER, defectOf("RSSMRA85T10A562\u0131"));
    }

    @Test
    void badShapeIsRefused() {
        assertEquals(CfDefect.BAD_SHAPE, defectOf(withCheck("1SSMRA85T10A562")));
        assertEquals(CfDefect.BAD_SHAPE, defectOf(withCheck("RSSMR585T10A562")));
        // a letter outside LMNPQRSTUV in a digit position
        assertEquals(CfDefect.BAD_SHAPE, defectOf(withCheck("RSSMRA8AT10A562")));
        assertEquals(CfDefect.BAD_SHAPE, defectOf(withCheck("RSSMRA85T10A56W")));
        // a digit where the month letter or the Belfiore letter belongs
        assertEquals(CfDefect.BAD_SHAPE, defectOf(withCheck("RSSMRA85110A562")));
        assertEquals(CfDefect.BAD_SHAPE, defectOf(withCheck("RSSMRA85T101562")));
        // a digit as check character
        assertEquals(CfDefect.BAD_SHAPE, defectOf("RSSMRA85T10A5621"));
    }

    @Test
    void badMonthLetterIsRefused() {
        for (char m : "FGIJKNOQUVWXYZ".toCharArray()) {
            assertEquals(CfDefect.BAD_MONTH_LETTER, defectOf(withCheck("RSSMRA85" + m + "10A562")), "month " + m);
        }
        for (char m : "ABCDEHLMPRST".toCharArray()) {
            CodiceFiscale.parse(withCheck("RSSMRA85" + m + "10A562"));
        }
    }

    @Test
    void badDayIsRefused() {
        for (String day : new String[] {"00", "32", "39", "40", "72", "99"}) {
            assertEquals(CfDefect.BAD_DAY, defectOf(withCheck("RSSMRA85T" + day + "A562")), "day " + day);
        }
        // 30 February and 31 April do not exist, for men nor women
        assertEquals(CfDefect.BAD_DAY, defectOf(withCheck("RSSMRA85B30A562")));
        assertEquals(CfDefect.BAD_DAY, defectOf(withCheck("RSSMRA85D71A562")));
        // the day is checked after omocodia: Q1 = 41 is fine, V1 = 91 is not
        CodiceFiscale.parse(withCheck("RSSMRA85TQMA562"));
        assertEquals(CfDefect.BAD_DAY, defectOf(withCheck("RSSMRA85TVMA562")));
        for (String day : new String[] {"01", "31", "41", "71"}) {
            CodiceFiscale.parse(withCheck("RSSMRA85T" + day + "A562"));
        }
        CodiceFiscale.parse(withCheck("RSSMRA84B29A562"));
    }

    @Test
    void badCheckLetterIsRefused() {
        InvalidCodiceFiscaleException e = assertThrows(InvalidCodiceFiscaleException.class,
                () -> CodiceFiscale.parse("RSSMRA85T10A562T"));
        assertEquals(CfDefect.BAD_CHECK_LETTER, e.defect());
        assertEquals("RSSMRA85T10A562T", e.input());
        // an omocode form keeping the base form's check letter is wrong
        assertEquals(CfDefect.BAD_CHECK_LETTER, defectOf("RSSMRA85T10A56NS"));
        for (char c = 'A'; c <= 'Z'; c++) {
            if (c != 'S') {
                assertEquals(CfDefect.BAD_CHECK_LETTER, defectOf("RSSMRA85T10A562" + c));
            }
        }
    }
}
