-- audit_log.hash loses its UNIQUE constraint. Its index took a random leaf for every entry (a
-- SHA-256 has no order), so each commit of a batch rewrote ~one index page per audit entry; the
-- chain itself (verify) never needed it, and the one lookup by hash (naming a reordered entry
-- once verify found a break) now scans. V1 left the constraint unnamed: H2 named it itself.
EXECUTE IMMEDIATE 'ALTER TABLE audit_log DROP CONSTRAINT ' || QUOTE_IDENT((SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = SCHEMA() AND TABLE_NAME = 'AUDIT_LOG' AND CONSTRAINT_TYPE = 'UNIQUE'));
