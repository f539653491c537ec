-- One index on (state, kind, not_after) replaces the two on state and on not_after.
-- The expiry queries (expireDue, expiring, the server renewals) read "ATTIVO or BLOCCATO, of a
-- kind, notAfter before t": on the not_after index alone that range began at the first
-- certificate ever issued, so each batch's renewal check read every certificate that had ever
-- expired, a number that only grows. They now ask for each (state, kind) pair in turn, each a
-- range of live certificates only. The queue (state = RICHIESTA_IN_LAVORAZIONE) uses the
-- index's first column as before. Issuing changes state and notAfter: one index to update
-- instead of two.
DROP INDEX certificate_state;
DROP INDEX certificate_not_after;
CREATE INDEX certificate_state_kind_not_after ON certificate (state, kind, not_after);
