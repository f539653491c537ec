CREATE TABLE t_second (id INT NOT NULL PRIMARY KEY, first_id INT NOT NULL REFERENCES t_first (id));
INSERT INTO t_second (id, first_id) VALUES (10, 1);
ALTER TABLE t_first ADD COLUMN dialect TEXT;
UPDATE t_first SET dialect = 'postgresql';
