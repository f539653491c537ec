package org.sigillo.registry;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.sigillo.profile.InvalidLabelException;
import org.sigillo.profile.PersonNames;
import org.sigillo.profile.WorkstationLabel;

/**
 * Reads the initial census of an ente from CSV, all or nothing: either every rule holds and a
 * {@link Census} is returned, or a {@link CensusRejectedException} lists every error with its
 * line and nothing is returned.
 *
 * <h2>Format</h2>
 * UTF-8 (a leading BOM is ignored), RFC 4180: comma-separated fields, double quotes around a
 * field that holds commas, quotes (doubled) or line breaks. Empty lines, lines of empty fields
 * and lines starting with {@code #} are ignored. The first field of each record names its type
 * (case-insensitive); fields are trimmed:
 * <pre>
 * # Census of Roma Capitale
 * ente,058091,Roma Capitale              (exactly once: ISTAT code, name)
 * workstations,3                         (exactly once: declared workstation count, 0..9999)
 * workstation,Anagrafe sportello 1       (zero or more: one certificate request, optional label)
 * workstation,
 * codice_fiscale,nome,cognome,email,pec,profili,ambienti   (the user header, exactly once)
 * RSSMRA85T10A562S,Mario,Rossi,mario.rossi@comune.roma.it,,ALS;ALP,PRODUZIONE;PRESUBENTRO
 * </pre>
 * Every record after the user header that is not {@code ente}, {@code workstations} or
 * {@code workstation} is a user row of exactly seven fields; {@code pec} may be empty;
 * {@code profili} and {@code ambienti} are {@code ;}-separated lists of profile codes or names
 * ({@link Profile#parse}) and of {@link Environment} names.
 *
 * <h2>Rules</h2>
 * Each user row is fully valid; no person twice (the same code in any case; an omocode form is another person); at most
 * declared + 1 workstation requests (the extra one being the server certificate). A Prefettura
 * declares at most five workstations, has at most five users and at least one ALS and one ALP
 * (a missing ALS or ALP is reported on the line of the {@code ente} record, too many users on
 * the sixth user row).
 */
public final class CensusCsvParser {

    /** The user header columns, in order. */
    public static final List<String> USER_COLUMNS =
            List.of("codice_fiscale", "nome", "cognome", "email", "pec", "profili", "ambienti");

    /** Most workstations and users of a Prefettura. */
    public static final int PREFETTURA_LIMIT = 5;

    /**
     * The largest submission read, in characters (16 Mi): a census of the 9,999 workstations a
     * code allows and tens of thousands of users fits many times over; anything larger is refused
     * as {@link CensusErrorKind#TOO_LARGE} before it is parsed, so memory stays bounded.
     */
    public static final int MAX_CHARS = 16 * 1024 * 1024;

    private static final int MAX_DECLARED = 9999;

    /** A stateless parser. */
    public CensusCsvParser() {
    }

    /** Parses a census file (UTF-8). */
    public Census parse(Path file) throws IOException, CensusRejectedException {
        Objects.requireNonNull(file, "file");
        if (Files.size(file) > 4L * MAX_CHARS) { // UTF-8: at most 4 bytes a character
            throw tooLarge();
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r);
        } catch (CharacterCodingException notUtf8) {
            // bad input, like any other census error: a typed refusal naming the line, not an I/O failure
            int[] at = firstUndecodable(Files.readAllBytes(file));
            throw new CensusRejectedException(List.of(new CensusError(at[0], CensusErrorKind.BAD_ENCODING,
                    String.format("byte 0x%02X is not UTF-8: save the census as \"CSV UTF-8\"", at[1]))));
        }
    }

    /** The 1-based line and the value of the first byte of {@code bytes} that does not decode as UTF-8. */
    private static int[] firstUndecodable(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError() || !r.isOverflow()) {
                break;
            }
            out.clear();
        }
        int pos = Math.min(in.position(), Math.max(0, bytes.length - 1));
        int line = 1;
        for (int i = 0; i < pos; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return new int[] {line, bytes.length == 0 ? 0 : bytes[pos] & 0xFF};
    }

    /** Parses a census from a reader (read up to {@link #MAX_CHARS} + 1 characters, not closed). */
    public Census parse(Reader reader) throws IOException, CensusRejectedException {
        Objects.requireNonNull(reader, "reader");
        StringBuilder out = new StringBuilder(8192);
        char[] buf = new char[8192];
        for (int n; (n = reader.read(buf)) >= 0; ) {
            out.append(buf, 0, n);
            if (out.length() > MAX_CHARS) {
                throw tooLarge();
            }
        }
        return parse(out.toString());
    }

    /** Parses a census from its text. */
    public Census parse(String text) throws CensusRejectedException {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_CHARS) {
            throw tooLarge();
        }
        return new Run().parse(text);
    }

    private static CensusRejectedException tooLarge() {
        return new CensusRejectedException(List.of(new CensusError(0, CensusErrorKind.TOO_LARGE,
                "a census is at most " + MAX_CHARS + " characters")));
    }

    /** The state of one parse. */
    private static final class Run {
        private final List<CensusError> errors = new ArrayList<>();
        private final List<WorkstationRequest> workstations = new ArrayList<>();
        private final List<CensusUser> users = new ArrayList<>();
        private final Map<CodiceFiscale, Integer> firstLineOf = new HashMap<>();
        private int userRows;
        private int firstExcessUserLine;
        private int enteLine;
        private Ente ente;
        private int workstationsLine;
        private Integer declared;
        private int headerLine;

        Census parse(String text) throws CensusRejectedException {
            CsvRecords csv = CsvRecords.split(text);
            for (CsvRecords.Malformed m : csv.malformed()) {
                error(m.line(), CensusErrorKind.MALFORMED_CSV, m.message());
            }
            for (CsvRecords.Row row : csv.rows()) {
                List<String> fields = row.fields().stream().map(String::strip).toList();
                if (fields.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                record(row.line(), fields);
            }
            checkSubmission();
            if (!errors.isEmpty()) {
                errors.sort(Comparator.comparingInt(CensusError::line));
                throw new CensusRejectedException(errors);
            }
            return new Census(ente, declared, workstations, users);
        }

        private void record(int line, List<String> f) {
            String type = f.get(0).toLowerCase(Locale.ROOT);
            switch (type) {
                case "ente":
                    enteRecord(line, f);
                    break;
                case "workstations":
                    workstationsRecord(line, f);
                    break;
                case "workstation":
                    workstationRecord(line, f);
                    break;
                case "codice_fiscale":
                    headerRecord(line, f);
                    break;
                default:
                    if (headerLine == 0) {
                        error(line, CensusErrorKind.UNKNOWN_RECORD,
                                "'" + f.get(0) + "' is no record type (user rows go after the user header)");
                    } else {
                        userRecord(line, f);
                    }
            }
        }

        private void enteRecord(int line, List<String> f) {
            if (enteLine != 0) {
                error(line, CensusErrorKind.DUPLICATE_RECORD, "second ente record (first on line " + enteLine + ")");
                return;
            }
            enteLine = line;
            if (f.size() != 3) {
                error(line, CensusErrorKind.WRONG_FIELD_COUNT, "ente,<ISTAT code>,<name> expected");
                return;
            }
            IstatCode code;
            try {
                code = IstatCode.parse(f.get(1));
            } catch (InvalidIstatCodeException e) {
                error(line, CensusErrorKind.BAD_ISTAT_CODE, e.getMessage());
                code = null;
            }
            if (f.get(2).isBlank()) {
                error(line, CensusErrorKind.BAD_ENTE_NAME, "the ente's name is blank");
            } else if (code != null) {
                try {
                    ente = Ente.of(code, f.get(2));
                } catch (InvalidEnteException e) { // too long, or a control character
                    error(line, CensusErrorKind.BAD_ENTE_NAME, e.getMessage());
                }
            }
        }

        private void workstationsRecord(int line, List<String> f) {
            if (workstationsLine != 0) {
                error(line, CensusErrorKind.DUPLICATE_RECORD,
                        "second workstations record (first on line " + workstationsLine + ")");
                return;
            }
            workstationsLine = line;
            if (f.size() != 2) {
                error(line, CensusErrorKind.WRONG_FIELD_COUNT, "workstations,<count> expected");
                return;
            }
            String n = f.get(1);
            if (!n.matches("[0-9]{1,4}") || Integer.parseInt(n) > MAX_DECLARED) {
                error(line, CensusErrorKind.BAD_WORKSTATION_COUNT, "'" + n + "' is not a count 0.." + MAX_DECLARED);
                return;
            }
            declared = Integer.parseInt(n);
        }

        private void workstationRecord(int line, List<String> f) {
            if (f.size() > 2) {
                error(line, CensusErrorKind.WRONG_FIELD_COUNT, "workstation[,<label>] expected");
                return;
            }
            String label = f.size() == 2 ? f.get(1) : "";
            if (!label.isEmpty()) {
                try {
                    // the rule of `workstation register`: Latin letters (accented ones too), digits, spaces, '-', '_', up to 64
                    new WorkstationLabel(label);
                } catch (InvalidLabelException e) {
                    error(line, CensusErrorKind.BAD_WORKSTATION_LABEL, e.getMessage());
                    return;
                }
            }
            workstations.add(new WorkstationRequest(line, label.isEmpty() ? Optional.empty() : Optional.of(label)));
        }

        private void headerRecord(int line, List<String> f) {
            if (headerLine != 0) {
                error(line, CensusErrorKind.DUPLICATE_RECORD, "second user header (first on line " + headerLine + ")");
                return;
            }
            headerLine = line;
            List<String> names = f.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
            if (!names.equals(USER_COLUMNS)) {
                error(line, CensusErrorKind.BAD_USER_HEADER, "expected " + String.join(",", USER_COLUMNS));
            }
        }

        private void userRecord(int line, List<String> f) {
            userRows++;
            if (userRows == PREFETTURA_LIMIT + 1) {
                firstExcessUserLine = line;
            }
            if (f.size() != USER_COLUMNS.size()) {
                error(line, CensusErrorKind.WRONG_FIELD_COUNT,
                        f.size() + " fields, " + USER_COLUMNS.size() + " expected (" + String.join(",", USER_COLUMNS) + ")");
                return;
            }
            CodiceFiscale cf = null;
            try {
                cf = CodiceFiscale.parse(f.get(0));
                Integer first = firstLineOf.putIfAbsent(cf, line);
                if (first != null) {
                    error(line, CensusErrorKind.DUPLICATE_CODICE_FISCALE,
                            cf + " is the same person as on line " + first);
                }
            } catch (InvalidCodiceFiscaleException e) {
                error(line, CensusErrorKind.BAD_CODICE_FISCALE, e.getMessage());
            }
            String name = f.get(1);
            String surname = f.get(2);
            boolean namesOk = personName(line, name, "first name", CensusErrorKind.BLANK_NAME, CensusErrorKind.BAD_NAME)
                    & personName(line, surname, "surname", CensusErrorKind.BLANK_SURNAME, CensusErrorKind.BAD_SURNAME);
            EmailAddress email = email(line, f.get(3), CensusErrorKind.BAD_EMAIL);
            Optional<EmailAddress> pec = f.get(4).isEmpty()
                    ? Optional.empty() : Optional.ofNullable(email(line, f.get(4), CensusErrorKind.BAD_PEC));
            ProfileSet profiles = profiles(line, f.get(5));
            EnvironmentSet environments = environments(line, f.get(6));
            boolean pecOk = f.get(4).isEmpty() || pec.isPresent();
            if (cf != null && namesOk && email != null && pecOk
                    && profiles != null && environments != null) {
                users.add(new CensusUser(line, cf, name, surname, email, pec, profiles, environments));
            }
        }

        /** The rule of the engine for a person's name ({@link PersonNames}): true when it holds. */
        private boolean personName(int line, String value, String what, CensusErrorKind blank, CensusErrorKind bad) {
            if (value.isEmpty()) {
                error(line, blank, "the " + what + " is blank");
                return false;
            }
            try {
                PersonNames.require("the " + what, value);
                return true;
            } catch (IllegalArgumentException e) {
                error(line, bad, e.getMessage());
                return false;
            }
        }

        private EmailAddress email(int line, String text, CensusErrorKind kind) {
            try {
                return EmailAddress.parse(text);
            } catch (InvalidEmailAddressException e) {
                error(line, kind, e.getMessage());
                return null;
            }
        }

        private ProfileSet profiles(int line, String text) {
            EnumSet<Profile> set = EnumSet.noneOf(Profile.class);
            boolean ok = true;
            for (String item : text.split(";", -1)) {
                if (item.isBlank()) {
                    continue;
                }
                try {
                    set.add(Profile.parse(item));
                } catch (UnknownProfileException e) {
                    error(line, CensusErrorKind.UNKNOWN_PROFILE, e.getMessage());
                    ok = false;
                }
            }
            try {
                ProfileSet profiles = ProfileSet.of(set);
                return ok ? profiles : null;
            } catch (InvalidProfileSetException e) {
                if (e.reason() == InvalidProfileSetException.Reason.ASC_NOT_ALONE) {
                    error(line, CensusErrorKind.ASC_NOT_ALONE, e.getMessage());
                } else if (ok) {
                    error(line, CensusErrorKind.NO_PROFILE, e.getMessage());
                }
                return null;
            }
        }

        private EnvironmentSet environments(int line, String text) {
            EnumSet<Environment> set = EnumSet.noneOf(Environment.class);
            boolean ok = true;
            for (String item : text.split(";", -1)) {
                if (item.isBlank()) {
                    continue;
                }
                try {
                    set.add(Environment.parse(item));
                } catch (InvalidEnvironmentException e) {
                    error(line, CensusErrorKind.UNKNOWN_ENVIRONMENT, e.getMessage());
                    ok = false;
                }
            }
            if (set.isEmpty()) {
                if (ok) {
                    error(line, CensusErrorKind.NO_ENVIRONMENT, "a registration needs at least one environment");
                }
                return null;
            }
            return ok ? EnvironmentSet.of(set) : null;
        }

        private void checkSubmission() {
            if (enteLine == 0) {
                error(0, CensusErrorKind.MISSING_ENTE, "no 'ente,<ISTAT code>,<name>' record");
            }
            if (workstationsLine == 0) {
                error(0, CensusErrorKind.MISSING_WORKSTATION_COUNT, "no 'workstations,<count>' record");
            }
            if (headerLine == 0) {
                error(0, CensusErrorKind.MISSING_USER_HEADER, "no user header '" + String.join(",", USER_COLUMNS) + "'");
            }
            if (declared != null && workstations.size() > declared + 1) {
                error(workstations.get(declared + 1).line(), CensusErrorKind.TOO_MANY_WORKSTATIONS,
                        workstations.size() + " workstations requested, at most the declared " + declared
                                + " + 1 (the server certificate)");
            }
            if (ente != null && ente.isPrefettura()) {
                checkPrefettura();
            }
        }

        private void checkPrefettura() {
            if (declared != null && declared > PREFETTURA_LIMIT) {
                error(workstationsLine, CensusErrorKind.PREFETTURA_TOO_MANY_WORKSTATIONS,
                        "a Prefettura has at most " + PREFETTURA_LIMIT + " workstations, " + declared + " declared");
            }
            if (userRows > PREFETTURA_LIMIT) {
                error(firstExcessUserLine, CensusErrorKind.PREFETTURA_TOO_MANY_USERS,
                        "a Prefettura has at most " + PREFETTURA_LIMIT + " users, " + userRows + " listed");
            }
            if (users.stream().noneMatch(u -> u.profiles().contains(Profile.ALS))) {
                error(enteLine, CensusErrorKind.PREFETTURA_WITHOUT_ALS, "a Prefettura needs at least one valid ALS");
            }
            if (users.stream().noneMatch(u -> u.profiles().contains(Profile.ALP))) {
                error(enteLine, CensusErrorKind.PREFETTURA_WITHOUT_ALP, "a Prefettura needs at least one valid ALP");
            }
        }

        private void error(int line, CensusErrorKind kind, String message) {
            errors.add(new CensusError(line, kind, message));
        }
    }
}
