CREATE TABLE db.main.items (id INTEGER PRIMARY KEY, name VARCHAR);
INSERT INTO db.main.items VALUES (1, 'Widget');
CREATE TABLE db.main.secret (x INTEGER);
INSERT INTO db.main.secret VALUES (42);
CREATE TABLE other.main.items (id INTEGER PRIMARY KEY);
