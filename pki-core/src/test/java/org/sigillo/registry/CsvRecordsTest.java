package org.sigillo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    @Test
    void rfc4180QuotingAndLineNumbers() {
        CsvRecords csv = CsvRecords.split("a,\"b,c\",\"d\"\"e\"\n# note\n\n\"x\ny\",z\r\nlast,\n");
        assertEquals(List.of(
                new CsvRecords.Row(1, List.of("a", "b,c", "d\"e")),
                new CsvRecords.Row(4, List.of("x\ny", "z")),
                new CsvRecords.Row(6, List.of("last", ""))), csv.rows());
        assertEquals(List.of(), csv.malformed());
    }

    @Test
    void malformedQuotingIsReportedAndTheRestIsStillRead() {
        CsvRecords csv = CsvRecords.split("a\"b,c\n\"ok\"x,y\ngood,row\n\"never closed\nmore");
        assertEquals(List.of(new CsvRecords.Row(3, List.of("good", "row"))), csv.rows());
        assertEquals(List.of(1, 2, 4), csv.malformed().stream().map(CsvRecords.Malformed::line).toList());
    }
}
