CREATE TABLE t_broken (id INT NOT NULL PRIMARY KEY);
INSERT INTO no_such_table (id) VALUES (1);
