package org.sigillo.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into RFC 4180 records (comma-separated; fields in double quotes may hold commas,
 * line breaks and doubled quotes), skipping empty lines and lines starting with {@code #}.
 * A malformed record is reported with its line and skipped up to the end of its line, so that
 * every problem of a file can be listed. Package-private helper of {@link CensusCsvParser}.
 */
final class CsvRecords {

    /** A record and the 1-based line on which it starts. */
    record Row(int line, List<String> fields) {
    }

    /** A malformed record: where and why. */
    record Malformed(int line, String message) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<Malformed> malformed = new ArrayList<>();

    private final String text;
    private int pos;
    private int line = 1;

    private CsvRecords(String text) {
        this.text = text;
    }

    /** Splits the whole text. */
    static CsvRecords split(String text) {
        CsvRecords r = new CsvRecords(text.startsWith("\uFEFF") ? text.substring(1) : text);
        r.run();
        return r;
    }

    List<Row> rows() {
        return rows;
    }

    List<Malformed> malformed() {
        return malformed;
    }

    private void run() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\r' || c == '\n') {
                newline();
                continue;
            }
            if (c == '#') {
                skipLine();
                continue;
            }
            readRecord();
        }
    }

    private void readRecord() {
        int start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (pos < text.length() && text.charAt(pos) == '"') {
                pos++;
                while (true) {
                    if (pos >= text.length()) {
                        malformed.add(new Malformed(start, "a quoted field opened here is never closed"));
                        return;
                    }
                    char c = text.charAt(pos);
                    if (c == '"') {
                        if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                            field.append('"');
                            pos += 2;
                        } else {
                            pos++;
                            break;
                        }
                    } else if (c == '\r' || c == '\n') {
                        int before = pos;
                        newline();
                        field.append(text, before, pos);
                    } else {
                        field.append(c);
                        pos++;
                    }
                }
                if (pos < text.length() && !isFieldEnd(text.charAt(pos))) {
                    malformed.add(new Malformed(line, "text after the closing quote of a field"));
                    skipLine();
                    return;
                }
            } else {
                while (pos < text.length() && !isFieldEnd(text.charAt(pos))) {
                    char c = text.charAt(pos);
                    if (c == '"') {
                        malformed.add(new Malformed(line, "a quote inside an unquoted field"));
                        skipLine();
                        return;
                    }
                    field.append(c);
                    pos++;
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                continue;
            }
            if (pos < text.length()) {
                newline();
            }
            rows.add(new Row(start, List.copyOf(fields)));
            return;
        }
    }

    private static boolean isFieldEnd(char c) {
        return c == ',' || c == '\r' || c == '\n';
    }

    /** Consumes one line break (CRLF, LF or a lone CR) at pos. */
    private void newline() {
        if (text.charAt(pos) == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
    }

    private void skipLine() {
        while (pos < text.length() && text.charAt(pos) != '\r' && text.charAt(pos) != '\n') {
            pos++;
        }
        if (pos < text.length()) {
            newline();
        }
    }
}
