CREATE TABLE files_db.main.items (id INTEGER PRIMARY KEY, name VARCHAR);
INSERT INTO files_db.main.items VALUES (1, 'one');
CREATE MACRO files_db.main.load(p) AS TABLE SELECT * FROM read_csv(p);
CREATE MACRO files_db.main.lines(p) AS (SELECT count(*) FROM read_csv(p));
CREATE MACRO files_db.main.first_items(n) AS TABLE SELECT * FROM files_db.main.items WHERE id <= n;
CREATE MACRO files_db.main.doubled(x) AS x * 2;
CREATE TABLE open_files.main.notes (id INTEGER, body VARCHAR);
INSERT INTO open_files.main.notes VALUES (1, 'hello');
CREATE MACRO files_db.main.rows_of(t) AS TABLE SELECT count(*) AS n FROM query_table(t);
