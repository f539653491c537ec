package org.sigillo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CensusCsvParserTest {

    private static final Path CENSUS_DIR =
            Path.of(System.getProperty("sigillo.testdata", "../testdata")).resolve("census");

    private final CensusCsvParser parser = new CensusCsvParser();

    private static String errors(CensusRejectedException e) {
        return e.errors().stream().map(err -> err.line() + " " + err.kind()).collect(Collectors.joining("\n"));
    }

    private String rejectFile(String name) throws Exception {
        Path file = CENSUS_DIR.resolve(name);
        assertTrue(Files.isRegularFile(file), file + " is missing");
        return errors(assertThrows(CensusRejectedException.class, () -> parser.parse(file)));
    }

    private String rejectText(String text) {
        return errors(assertThrows(CensusRejectedException.class, () -> parser.parse(text)));
    }

    @Test
    void validComuneCensusIsAccepted() throws Exception {
        Census census = parser.parse(CENSUS_DIR.resolve("valid-comune.csv"));
        assertEquals(Ente.of(new IstatCode("058091"), "Roma Capitale"), census.ente());
        assertEquals(3, census.declaredWorkstations());
        assertEquals(4, census.workstations().size());
        assertEquals(Optional.of("Anagrafe sportello 1"), census.workstations().get(0).label());
        assertEquals(Optional.of("Stato civile_2"), census.workstations().get(1).label());
        assertEquals(Optional.empty(), census.workstations().get(3).label());
        assertEquals(List.of(11, 12, 13, 14), census.users().stream().map(CensusUser::line).toList());

        CensusUser mayor = census.users().get(0);
        assertEquals(CodiceFiscale.parse("RSSMRA85T10A562S"), mayor.codiceFiscale());
        assertEquals(ProfileSet.of(Profile.ASC), mayor.profiles());
        assertEquals(Optional.empty(), mayor.pec());
        assertEquals(EnvironmentSet.of(Environment.PRODUZIONE), mayor.environments());

        CensusUser admin = census.users().get(1);
        assertEquals(ProfileSet.of(Profile.ALS, Profile.ALP), admin.profiles());
        assertEquals(Optional.of(new EmailAddress("anagrafe@pec.comune.roma.it")), admin.pec());
        assertEquals(EnvironmentSet.of(Environment.PRODUZIONE, Environment.PRESUBENTRO), admin.environments());

        CensusUser quoted = census.users().get(2);
        assertEquals("Giuseppe, detto Peppe", quoted.name());
        assertEquals(ProfileSet.of(Profile.CARTA_IDENTITA, Profile.CONSULTAZIONE), quoted.profiles());
        assertEquals("D'Amico \"Marino\"", census.users().get(3).surname());
        assertEquals(EnvironmentSet.of(Environment.PRESUBENTRO), census.users().get(3).environments());
        assertThrows(UnsupportedOperationException.class, () -> census.users().clear());
    }

    @Test
    void validPrefetturaCensusIsAccepted() throws Exception {
        Census census = parser.parse(CENSUS_DIR.resolve("valid-prefettura.csv"));
        assertTrue(census.ente().isPrefettura());
        assertEquals(5, census.declaredWorkstations());
        assertEquals(3, census.users().size());
    }

    @Test
    void anyBadRowRejectsTheWholeCensusListingEveryErrorWithItsLine() throws Exception {
        assertEquals(String.join("\n",
                "7 BAD_CODICE_FISCALE",
                "8 UNKNOWN_PROFILE",
                "9 ASC_NOT_ALONE",
                "10 BAD_EMAIL",
                "11 BAD_PEC",
                "12 DUPLICATE_CODICE_FISCALE",
                "13 WRONG_FIELD_COUNT",
                "14 BLANK_NAME",
                "14 UNKNOWN_ENVIRONMENT",
                "15 NO_PROFILE"), rejectFile("invalid-rows.csv"));
    }

    @Test
    void errorsNameWhatWasWrong() throws Exception {
        CensusRejectedException e = assertThrows(CensusRejectedException.class,
                () -> parser.parse(CENSUS_DIR.resolve("invalid-rows.csv")));
        CensusError unknown = e.errors().get(1);
        assertTrue(unknown.message().contains("Sindaco"), unknown.message());
        CensusError duplicate = e.errors().get(5);
        assertTrue(duplicate.message().contains("line 6"), duplicate.message());
        assertTrue(e.getMessage().contains("line 12: DUPLICATE_CODICE_FISCALE"), e.getMessage());
        assertTrue(e.errors().get(0).message().contains("BAD_CHECK_LETTER"));
    }

    @Test
    void moreWorkstationsThanDeclaredPlusOneIsRejected() throws Exception {
        assertEquals("5 TOO_MANY_WORKSTATIONS\n6 BAD_WORKSTATION_LABEL", rejectFile("invalid-too-many-workstations.csv"));
    }

    @Test
    void prefetturaHasAtMostFiveUsersAndWorkstationsAndNeedsAlsAndAlp() throws Exception {
        assertEquals("2 PREFETTURA_WITHOUT_ALP\n3 PREFETTURA_TOO_MANY_WORKSTATIONS\n10 PREFETTURA_TOO_MANY_USERS",
                rejectFile("invalid-prefettura.csv"));
        String header = "ente,058000,Prefettura di Roma\nworkstations,1\n" + String.join(",", CensusCsvParser.USER_COLUMNS)
                + "\n";
        assertEquals("1 PREFETTURA_WITHOUT_ALS",
                rejectText(header + "FRRGNN75C15L219A,Giovanni,Ferri,g.ferri@interno.it,,ALP,PRODUZIONE\n"));
        assertEquals("1 PREFETTURA_WITHOUT_ALS\n1 PREFETTURA_WITHOUT_ALP", rejectText(header));
    }

    @Test
    void missingAndStrayRecordsAndBrokenQuotingAreRejected() throws Exception {
        assertEquals(String.join("\n",
                "0 MISSING_ENTE",
                "0 MISSING_WORKSTATION_COUNT",
                "2 UNKNOWN_RECORD",
                "3 BAD_USER_HEADER",
                "4 MALFORMED_CSV"), rejectFile("invalid-structure.csv"));
        assertEquals("0 MISSING_ENTE\n0 MISSING_WORKSTATION_COUNT\n0 MISSING_USER_HEADER", rejectText("# empty\n"));
    }

    @Test
    void enteAndWorkstationRecordsAreChecked() {
        String users = String.join(",", CensusCsvParser.USER_COLUMNS) + "\n";
        assertEquals("1 BAD_ISTAT_CODE\n2 BAD_WORKSTATION_COUNT",
                rejectText("ente,58091,Roma\nworkstations,-1\n" + users));
        assertEquals("1 BAD_ENTE_NAME\n2 WRONG_FIELD_COUNT",
                rejectText("ente,058091,  \nworkstations,1,2\n" + users));
        assertEquals("3 DUPLICATE_RECORD\n4 DUPLICATE_RECORD\n6 DUPLICATE_RECORD\n7 WRONG_FIELD_COUNT",
                rejectText("ente,058091,Roma\nworkstations,1\nente,058091,Roma\nworkstations,2\n" + users + users
                        + "workstation,a,b\n"));
        assertEquals("2 BAD_WORKSTATION_COUNT", rejectText("ente,058091,Roma\nworkstations,10000\n" + users));
        assertEquals("1 BAD_ENTE_NAME", rejectText("ente,058091," + "R".repeat(201) + "\nworkstations,1\n" + users));
        assertEquals("1 BAD_ENTE_NAME", rejectText("ente,058091,Ro\u0001ma\nworkstations,1\n" + users));
    }

    @Test
    void censusAcceptsCrlfBomCommentsAndQuotedLineBreaks() throws Exception {
        String text = "\uFEFF# comment\r\nENTE,058091,\"Roma\"\r\nWorkstations,0\r\n\r\n"
                + "Codice_Fiscale,Nome,Cognome,Email,PEC,Profili,Ambienti\r\n"
                + "rssmra85t10a562s,\"Rossi, Mario\",\"D'Amico \"\"Marino\"\"\",mario.rossi@comune.roma.it,,als,produzione\r\n"
                + "BNCLRA90A41H501F,Laura,Bianchi,laura@comune.roma.it,,ALP,PRODUZIONE";
        Census census = parser.parse(new StringReader(text));
        assertEquals(0, census.declaredWorkstations());
        assertEquals("Roma", census.ente().name());
        assertEquals(2, census.users().size());
        assertEquals("Rossi, Mario", census.users().get(0).name());
        assertEquals("D'Amico \"Marino\"", census.users().get(0).surname());
        assertEquals(6, census.users().get(0).line());
        assertEquals(7, census.users().get(1).line());
        // a quoted line break counts as a line; in a name it is a control character the engine refuses (PersonNames)
        assertEquals("5 BAD_NAME\n7 BAD_EMAIL", rejectText("ente,058091,Roma\nworkstations,0\n#\n"
                + "codice_fiscale,nome,cognome,email,pec,profili,ambienti\n"
                + "RSSMRA85T10A562S,\"Mario\r\nAntonio\",Rossi,mario.rossi@comune.roma.it,,ALS,PRODUZIONE\n"
                + "BNCLRA90A41H501F,Laura,Bianchi,laura@,,ALP,PRODUZIONE\n"));
        assertEquals("RSSMRA85T10A562S", census.users().get(0).codiceFiscale().asGiven());
    }

    @Test
    void declaredPlusOneWorkstationsIsTheLimit() throws Exception {
        String base = "ente,058091,Roma\nworkstations,1\nworkstation,a\nworkstation,b\n"
                + String.join(",", CensusCsvParser.USER_COLUMNS) + "\n";
        assertEquals(2, parser.parse(base).workstations().size());
        assertEquals("6 TOO_MANY_WORKSTATIONS", rejectText(base + "workstation,c\n"));
    }

    @Test
    void omocodeFormOfAnEarlierPersonIsAnotherPerson() throws Exception {
        String text = "ente,058091,Roma\nworkstations,1\n" + String.join(",", CensusCsvParser.USER_COLUMNS) + "\n"
                + "RSSMRAURTMLARSNL,Marco,Rossini,a@comune.roma.it,,ALS,PRODUZIONE\n"
                + "RSSMRA85T10A562S,Mario,Rossi,b@comune.roma.it,,ALP,PRODUZIONE\n";
        assertEquals(2, parser.parse(text).users().size(), "an omocode tells two people apart");
        assertEquals("6 DUPLICATE_CODICE_FISCALE", rejectText(text + "rssmraurtmlarsnl,Marco,Rossini,c@comune.roma.it,,ALP,PRODUZIONE\n"),
                "the same omocode again (in any case) is the same person");
    }

    @Test
    void censusValueRefusesBrokenCountingRulesEvenWithoutTheParser() throws Exception {
        Census ok = parser.parse(CENSUS_DIR.resolve("valid-prefettura.csv"));
        List<CensusUser> users = ok.users();
        assertThrows(IllegalArgumentException.class,
                () -> new Census(ok.ente(), 0, ok.workstations(), users));
        assertThrows(IllegalArgumentException.class,
                () -> new Census(ok.ente(), 5, ok.workstations(), List.of(users.get(0), users.get(0))));
        assertThrows(IllegalArgumentException.class,
                () -> new Census(ok.ente(), 6, ok.workstations(), users));
        assertThrows(IllegalArgumentException.class,
                () -> new Census(ok.ente(), 5, ok.workstations(), List.of(users.get(1))));
        assertEquals(ok, new Census(ok.ente(), 5, ok.workstations(), users));
    }
    @Test
    void aSubmissionOverTheSizeLimitIsRefusedUnreadFromEveryEntryPoint(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String huge = "x".repeat(CensusCsvParser.MAX_CHARS + 1);
        CensusCsvParser parser = new CensusCsvParser();
        for (CensusRejectedException e : List.of(
                assertThrows(CensusRejectedException.class, () -> parser.parse(huge)),
                assertThrows(CensusRejectedException.class, () -> parser.parse(new StringReader(huge))),
                assertThrows(CensusRejectedException.class, () -> parser.parse(Files.writeString(dir.resolve("huge.csv"), huge))))) {
            assertEquals(List.of(CensusErrorKind.TOO_LARGE), e.errors().stream().map(CensusError::kind).collect(Collectors.toList()));
        }
    }

    @Test
    void theMessageNamesTheFirstHundredErrorsAndErrorsHoldsThemAll() {
        StringBuilder csv = new StringBuilder("ente,058091,Roma Capitale\nworkstations,1\n"
                + "codice_fiscale,nome,cognome,email,pec,profili,ambienti\n");
        for (int i = 0; i < 500; i++) {
            csv.append("NOTACF,Mario,Rossi,mario@comune.roma.it,,ALS,PRODUZIONE\n");
        }
        CensusRejectedException e = assertThrows(CensusRejectedException.class, () -> new CensusCsvParser().parse(csv.toString()));
        assertTrue(e.errors().size() >= 500, "every bad row is listed: " + e.errors().size());
        assertTrue(e.getMessage().contains("... and " + (e.errors().size() - 100) + " more"), e.getMessage());
        assertTrue(e.getMessage().lines().count() <= 102, "the message stays short");
    }
}
