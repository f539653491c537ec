-- Certificates, their lifecycle and what CRLs are built from. VARBINARY(1000000) is BYTEA on
-- PostgreSQL and VARBINARY on H2 (the only difference between the two dialect files).

-- Enti known to the CA (a Comune or a Prefettura, by ISTAT code).
CREATE TABLE ente (
    istat             CHAR(6)      NOT NULL PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    province          CHAR(3)      NOT NULL,
    notification_code VARCHAR(32)
);

-- One row per certificate request and, once issued, per certificate. code is the workstation
-- or server code (058091-PC-0001, 058091-CO-9999) and is unique for ever: never reused, not even
-- after a cancel. serial is the lowercase hex of the positive serial number, unique across CAs.
CREATE TABLE certificate (
    id                 BIGINT       NOT NULL PRIMARY KEY,
    kind               VARCHAR(16)  NOT NULL,
    code               VARCHAR(32)  NOT NULL UNIQUE,
    ente               CHAR(6)      NOT NULL REFERENCES ente (istat),
    state              VARCHAR(32)  NOT NULL,
    label              VARCHAR(64),
    key_spec           VARCHAR(16)  NOT NULL,
    holder_cf          CHAR(16),
    requested_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    state_changed_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    serial             VARCHAR(48)  UNIQUE,
    issuer_ski         VARCHAR(128),
    not_before         TIMESTAMP(6) WITH TIME ZONE,
    not_after          TIMESTAMP(6) WITH TIME ZONE,
    der                VARBINARY(1000000),
    sealed_key         VARBINARY(1000000),
    csr                VARBINARY(1000000),
    revocation_time    TIMESTAMP(6) WITH TIME ZONE,
    revocation_reason  INT,
    invalidity_date    TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX certificate_ente_kind ON certificate (ente, kind);
CREATE INDEX certificate_state ON certificate (state);
CREATE INDEX certificate_not_after ON certificate (not_after);

-- Every change that a CRL must show, in commit order: REVOKE (cancel), HOLD (block), RELEASE
-- (unblock). Delta CRLs list what changed after their base CRL's watermark.
CREATE TABLE revocation_event (
    seq        BIGINT      NOT NULL PRIMARY KEY,
    issuer_ski VARCHAR(128)    NOT NULL,
    serial     VARCHAR(48) NOT NULL,
    event      VARCHAR(16) NOT NULL,
    at         TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX revocation_event_issuer ON revocation_event (issuer_ski, seq);

-- Every CRL issued: its number (strictly increasing per CA, from a durable counter), the base
-- of a delta, the revocation_event watermark it reflects, and whether its file went out
-- (a delta names as base only a full CRL that was published).
CREATE TABLE crl_issued (
    issuer_ski   VARCHAR(128) NOT NULL,
    crl_number   BIGINT   NOT NULL,
    base_number  BIGINT,
    watermark    BIGINT   NOT NULL,
    this_update  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    next_update  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    published    BOOLEAN  NOT NULL,
    PRIMARY KEY (issuer_ski, crl_number)
);
