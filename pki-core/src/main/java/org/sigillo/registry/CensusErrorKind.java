package org.sigillo.registry;

import org.sigillo.profile.PersonNames;

/** What is wrong in a census submission. */
public enum CensusErrorKind {
    /** The submission is larger than {@link CensusCsvParser#MAX_CHARS}: not read at all. */
    TOO_LARGE,
    /** The file is not UTF-8 (a spreadsheet saved in Windows-1252, say): reported on the first line that does not decode. */
    BAD_ENCODING,
    /** Broken CSV quoting. */
    MALFORMED_CSV,
    /** A record whose first field is no known record type (or a user row before the header). */
    UNKNOWN_RECORD,
    /** A record with the wrong number of fields. */
    WRONG_FIELD_COUNT,
    /** A second {@code ente}, {@code workstations} or user-header record. */
    DUPLICATE_RECORD,
    /** No {@code ente} record. */
    MISSING_ENTE,
    /** The ente's ISTAT code is invalid. */
    BAD_ISTAT_CODE,
    /** The ente's name is blank. */
    BAD_ENTE_NAME,
    /** No {@code workstations} record. */
    MISSING_WORKSTATION_COUNT,
    /** The declared workstation count is not a whole number 0..9999. */
    BAD_WORKSTATION_COUNT,
    /** A workstation label with special characters or too long. */
    BAD_WORKSTATION_LABEL,
    /** More workstation requests than the declared count + 1 (the extra one being the server certificate). */
    TOO_MANY_WORKSTATIONS,
    /** No user header record. */
    MISSING_USER_HEADER,
    /** The user header does not name the expected columns. */
    BAD_USER_HEADER,
    /** An invalid codice fiscale. */
    BAD_CODICE_FISCALE,
    /** A blank first name. */
    BLANK_NAME,
    /** A blank surname. */
    BLANK_SURNAME,
    /** A first name the engine refuses: over 64 characters or with a control character ({@link PersonNames}). */
    BAD_NAME,
    /** A surname the engine refuses: over 64 characters or with a control character. */
    BAD_SURNAME,
    /** An invalid e-mail address. */
    BAD_EMAIL,
    /** An invalid PEC address. */
    BAD_PEC,
    /** A profile that does not exist. */
    UNKNOWN_PROFILE,
    /** No profile given. */
    NO_PROFILE,
    /** ASC together with other profiles. */
    ASC_NOT_ALONE,
    /** An environment that does not exist. */
    UNKNOWN_ENVIRONMENT,
    /** No environment given. */
    NO_ENVIRONMENT,
    /** The same person twice (the same code, in any case; an omocode form is another person). */
    DUPLICATE_CODICE_FISCALE,
    /** A Prefettura with more than five users. */
    PREFETTURA_TOO_MANY_USERS,
    /** A Prefettura declaring more than five workstations. */
    PREFETTURA_TOO_MANY_WORKSTATIONS,
    /** A Prefettura without an ALS. */
    PREFETTURA_WITHOUT_ALS,
    /** A Prefettura without an ALP. */
    PREFETTURA_WITHOUT_ALP
}
