-- Base of Sigillo's store: durable named counters and the hash-chained audit log.
-- Shared by H2 and PostgreSQL (standard SQL only).

-- Named durable counters (per-ente workstation progressive, CRL number per CA, ...).
-- counter_value is the last number handed out; the row lock taken by UPDATE serializes concurrent takers.
CREATE TABLE sequence_counter (
    name  VARCHAR(128) NOT NULL PRIMARY KEY,
    counter_value BIGINT NOT NULL CHECK (counter_value >= 0)
);

-- Append-only audit log; hash = SHA-256 over the canonical encoding of the other columns
-- (see org.sigillo.store.AuditHashing), prev_hash = hash of entry seq-1 (64 zeros for seq 1).
CREATE TABLE audit_log (
    seq       BIGINT                   NOT NULL PRIMARY KEY CHECK (seq > 0),
    ts        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    actor     VARCHAR(200)             NOT NULL,
    action    VARCHAR(48)              NOT NULL,
    subject   VARCHAR(200)             NOT NULL,
    details   VARCHAR(8192)            NOT NULL,
    prev_hash CHAR(64)                 NOT NULL,
    hash      CHAR(64)                 NOT NULL UNIQUE
);

-- The chain's anchor: one row holding the last seq and hash. Appends lock it (serializing the
-- chain) and update it in the same transaction, so deleting the tail of audit_log is detected.
CREATE TABLE audit_head (
    id        INT      NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT   NOT NULL CHECK (last_seq >= 0),
    last_hash CHAR(64) NOT NULL
);

INSERT INTO audit_head (id, last_seq, last_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
