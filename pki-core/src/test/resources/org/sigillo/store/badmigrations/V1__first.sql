-- first
CREATE TABLE t_first (id INT NOT NULL PRIMARY KEY, label VARCHAR(20) NOT NULL);
INSERT INTO t_first (id, label) VALUES (1, 'one');
