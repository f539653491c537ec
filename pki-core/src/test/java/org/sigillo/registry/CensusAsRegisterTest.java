package org.sigillo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.profile.WorkstationLabel;

/**
 * The census parser refuses what the engine would refuse, each with its line, and takes what
 * registration takes: a file not in UTF-8, names the engine refuses, workstation labels.
 */
class CensusAsRegisterTest {
    private static final String HEAD = "ente,058091,Roma Capitale\nworkstations,1\n";
    private static final String USERS = "codice_fiscale,nome,cognome,email,pec,profili,ambienti\n";

    /** A census saved in Windows-1252 (Excel's "CSV" in Italy) is bad input, a typed refusal naming its line, not an I/O failure. */
    @Test
    void aCensusNotInUtf8IsATypedRefusal(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("census.csv");
        Files.write(f, (HEAD + USERS + "RSSMRA85T10A562S,Nicol\u00f2,Rossi,mario.rossi@comune.roma.it,,ALS,PRODUZIONE\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        CensusRejectedException e = assertThrows(CensusRejectedException.class, () -> new CensusCsvParser().parse(f));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertEquals(4, e.errors().get(0).line(), e.errors().toString());
        assertEquals(CensusErrorKind.BAD_ENCODING, e.errors().get(0).kind());
    }

    /** The census takes the labels `workstation register` takes (README: Latin letters, accented ones too; up to 64). */
    @Test
    void aCensusTakesTheWorkstationLabelsRegisterTakes() throws Exception {
        String label = "Ufficio Citt\u00e0 e Attivit\u00e0 produttive - sportello numero 12"; // accented, 57 characters
        new WorkstationLabel(label); // what `workstation register --label` accepts
        Census c = new CensusCsvParser().parse(HEAD + "workstation," + label + "\n" + USERS
                + "RSSMRA85T10A562S,Mario,Rossi,mario.rossi@comune.roma.it,,ALS,PRODUZIONE\n");
        assertEquals(Optional.of(label), c.workstations().get(0).label());
    }

    /** A name the engine refuses (over 64 characters, a control character) is a census error with its line, not an accepted census. */
    @Test
    void aNameTheEngineRefusesIsACensusError() {
        CensusRejectedException e = assertThrows(CensusRejectedException.class, () -> new CensusCsvParser().parse(HEAD + USERS
                + "RSSMRA85T10A562S," + "M".repeat(65) + ",Rossi,mario.rossi@comune.roma.it,,ALS,PRODUZIONE\n"
                + "BNCLRA90A41H501F,Laura,\"Bian\u0007chi\",laura.bianchi@comune.roma.it,,ALP,PRODUZIONE\n"));
        assertEquals(2, e.errors().size(), e.errors().toString());
        assertEquals(4, e.errors().get(0).line());
        assertEquals(CensusErrorKind.BAD_NAME, e.errors().get(0).kind());
        assertEquals(5, e.errors().get(1).line());
        assertEquals(CensusErrorKind.BAD_SURNAME, e.errors().get(1).kind());
    }
}
