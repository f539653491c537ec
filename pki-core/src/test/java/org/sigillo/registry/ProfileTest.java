package org.sigillo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileTest {

    @Test
    void everyProfileOfTheDomainExists() {
        assertEquals(17, Profile.values().length);
        Set<Profile> admins = EnumSet.of(Profile.ASC, Profile.APL, Profile.ALS, Profile.ALP);
        for (Profile p : Profile.values()) {
            assertEquals(!admins.contains(p), p.isOperator(), p.name());
        }
    }

    @Test
    void profileParsesFromCodeOrNameCaseInsensitively() {
        assertEquals(Profile.ALS, Profile.parse("als"));
        assertEquals(Profile.ALS, Profile.parse(" Amministratore locale della sicurezza "));
        assertEquals(Profile.ASC, Profile.parse("Sindaco o Commissario"));
        assertEquals(Profile.CARTA_IDENTITA, Profile.parse("Carta di Identità"));
        assertEquals(Profile.CARTA_IDENTITA, Profile.parse("carta di identita"));
        assertEquals(Profile.CARTA_IDENTITA, Profile.parse("carta_identita"));
        assertEquals(Profile.PRIVILEGIATO_SMART_CARD, Profile.parse("Privilegiato con Smart card"));
        assertEquals(Profile.SERVIZI_UTILITA, Profile.parse("servizi-utilita"));
        for (Profile p : Profile.values()) {
            assertEquals(p, Profile.parse(p.code()));
            assertEquals(p, Profile.parse(p.label().toUpperCase()));
        }
    }

    @Test
    void unknownProfileIsRefusedNamingIt() {
        UnknownProfileException e = assertThrows(UnknownProfileException.class, () -> Profile.parse(" Sindaco "));
        assertEquals("Sindaco", e.profile());
        assertTrue(e.getMessage().contains("Sindaco"));
        assertThrows(UnknownProfileException.class, () -> Profile.parse(""));
    }

    @Test
    void profileSetIsImmutableAndNonEmpty() {
        ProfileSet set = ProfileSet.of(Profile.ALS, Profile.ALP, Profile.ALS);
        assertEquals(2, set.size());
        assertTrue(set.contains(Profile.ALP));
        assertFalse(set.contains(Profile.ASC));
        assertThrows(UnsupportedOperationException.class, () -> set.asSet().add(Profile.CONSULTAZIONE));
        assertEquals(InvalidProfileSetException.Reason.EMPTY,
                assertThrows(InvalidProfileSetException.class, () -> ProfileSet.of(List.of())).reason());
        assertEquals(InvalidProfileSetException.Reason.EMPTY,
                assertThrows(InvalidProfileSetException.class, () -> ProfileSet.parse(" ; ")).reason());
        EnumSet<Profile> source = EnumSet.of(Profile.CONSULTAZIONE);
        ProfileSet copy = ProfileSet.of(source);
        source.add(Profile.ALS);
        assertFalse(copy.contains(Profile.ALS));
    }

    @Test
    void ascExcludesEveryOtherProfile() {
        assertEquals(1, ProfileSet.of(Profile.ASC).size());
        for (Profile other : Profile.values()) {
            if (other != Profile.ASC) {
                InvalidProfileSetException e = assertThrows(InvalidProfileSetException.class,
                        () -> ProfileSet.of(Profile.ASC, other));
                assertEquals(InvalidProfileSetException.Reason.ASC_NOT_ALONE, e.reason(), other.name());
            }
        }
        assertEquals(InvalidProfileSetException.Reason.ASC_NOT_ALONE,
                assertThrows(InvalidProfileSetException.class, () -> ProfileSet.parse("APL;asc")).reason());
    }

    @Test
    void profileSetParsesAndPrintsSemicolonLists() {
        ProfileSet set = ProfileSet.parse("alp; Amministratore Locale della Sicurezza;;consultazione");
        assertEquals(ProfileSet.of(Profile.ALS, Profile.ALP, Profile.CONSULTAZIONE), set);
        assertEquals("ALS;ALP;CONSULTAZIONE", set.toString());
        assertEquals(set, ProfileSet.parse(set.toString()));
        assertEquals("Foo", assertThrows(UnknownProfileException.class, () -> ProfileSet.parse("ALS;Foo")).profile());
    }

    @Test
    void environmentSetIsNonEmptyAndParsesNames() {
        assertEquals(Environment.PRESUBENTRO, Environment.parse(" presubentro "));
        EnvironmentSet both = EnvironmentSet.parse("PRODUZIONE;presubentro");
        assertTrue(both.contains(Environment.PRODUZIONE) && both.contains(Environment.PRESUBENTRO));
        assertEquals(EnvironmentSet.of(Environment.PRESUBENTRO, Environment.PRODUZIONE), both);
        assertThrows(UnsupportedOperationException.class, () -> both.asSet().clear());
        assertEquals(InvalidEnvironmentException.Reason.EMPTY,
                assertThrows(InvalidEnvironmentException.class, () -> EnvironmentSet.parse("")).reason());
        assertEquals(InvalidEnvironmentException.Reason.UNKNOWN,
                assertThrows(InvalidEnvironmentException.class, () -> Environment.parse("COLLAUDO")).reason());
    }
}
