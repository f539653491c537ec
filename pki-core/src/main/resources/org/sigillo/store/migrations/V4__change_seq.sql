-- Every write to a certificate row takes the next value of the durable counter
-- 'certificate-change' (a row-locked counter, so values are handed out in commit order).
-- Other engines on the same database follow changes by polling change_seq > last seen.
ALTER TABLE certificate ADD COLUMN change_seq BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX certificate_change_seq ON certificate (change_seq);
