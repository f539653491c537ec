-- audit_log.hash loses its UNIQUE constraint. Its index took a random leaf for every entry (a
-- SHA-256 has no order), so each commit of a batch dirtied ~one index page per audit entry; the
-- chain itself (verify) never needed it, and the one lookup by hash (naming a reordered entry
-- once verify found a break) now scans. PostgreSQL named V1's unnamed constraint <table>_<column>_key.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_hash_key;
