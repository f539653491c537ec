-- People: persons by canonical codice fiscale, their registrations per ente, their smart
-- cards and daily passwords. Shared by H2 and PostgreSQL (standard SQL only).

-- A person, known by the canonical (non-omocode) CF. change_seq takes the next value of the
-- durable counter 'people-change' on every write to the person, a registration or a card, so
-- other engines on the same database can follow people changes as they follow certificates.
CREATE TABLE person (
    cf          CHAR(16)    NOT NULL PRIMARY KEY,
    given_name  VARCHAR(64) NOT NULL,
    surname     VARCHAR(64) NOT NULL,
    change_seq  BIGINT      NOT NULL
);
CREATE INDEX person_change_seq ON person (change_seq);

-- A person's registration in one ente: profiles (comma-separated Profile names), target
-- environments, e-mail (receives the PIN/PUK halves), optional PEC, state ATTIVO or BLOCCATO.
CREATE TABLE registration (
    cf           CHAR(16)     NOT NULL REFERENCES person (cf),
    ente         CHAR(6)      NOT NULL REFERENCES ente (istat),
    profiles     VARCHAR(64)  NOT NULL,
    environments VARCHAR(64)  NOT NULL,
    email        VARCHAR(254) NOT NULL,
    pec          VARCHAR(254),
    state        VARCHAR(16)  NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (cf, ente)
);
CREATE INDEX registration_ente ON registration (ente);

-- A smart card; card_number is also the code of its certificate row. mail_half holds the
-- e-mail halves of PIN, PUK and emergency password, sealed under the HSM's key-encryption
-- key (base64), so that they can be sent at delivery and re-sent; never in clear.
CREATE TABLE smart_card (
    card_number       VARCHAR(16)  NOT NULL PRIMARY KEY,
    cf                CHAR(16)     NOT NULL REFERENCES person (cf),
    ente              CHAR(6)      NOT NULL REFERENCES ente (istat),
    state             VARCHAR(32)  NOT NULL,
    requested_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    state_changed_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    revocation_reason INT,
    mail_half         VARCHAR(4000) NOT NULL
);
CREATE INDEX smart_card_cf ON smart_card (cf);
CREATE INDEX smart_card_ente_state ON smart_card (ente, state);

-- The daily password of a registration: only a PBKDF2 hash (PasswordHash encoding) and its
-- validity (until midnight Europe/Rome of the day granted), and who granted it (the audit
-- log's name of the actor). One per registration; a new grant replaces the previous one.
CREATE TABLE daily_password (
    cf          CHAR(16)     NOT NULL,
    ente        CHAR(6)      NOT NULL,
    hash        VARCHAR(512) NOT NULL,
    granted_by  VARCHAR(200) NOT NULL,
    granted_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    valid_until TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (cf, ente),
    FOREIGN KEY (cf, ente) REFERENCES registration (cf, ente) ON DELETE CASCADE
);
