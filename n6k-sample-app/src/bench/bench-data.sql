-- The benchmarks' data, rendered by run-all.sh (@CATALOG@, @ROWS@): the fixture the reference
-- server seeds (protocol §9.3), the bulk-read table (BIGINT, DECIMAL, VARCHAR, TIMESTAMP) and, for
-- the dropped streams, a 1 M-row table of the same shape (the reference gets it over the protocol).
CREATE SCHEMA IF NOT EXISTS @CATALOG@.test_schema;
CREATE TABLE @CATALOG@.main.users (id INTEGER, name VARCHAR, age INTEGER);
INSERT INTO @CATALOG@.main.users VALUES (1, 'Alice', 30), (2, 'Bob', 25), (3, 'Charlie', 35);
CREATE TABLE @CATALOG@.test_schema.products (id INTEGER, name VARCHAR, price DOUBLE);
INSERT INTO @CATALOG@.test_schema.products VALUES (1, 'Widget', 9.99), (2, 'Gadget', 19.99);
CREATE TABLE @CATALOG@.main.bulk AS SELECT range::BIGINT AS id, CAST((range % 1000000) / 100 AS DECIMAL(18, 2)) AS amount, 's_' || lpad(((range * 7919) % 10000000000)::VARCHAR, 10, '0') AS s, TIMESTAMP '2020-01-01' + to_microseconds(range * 1000) AS ts FROM range(@ROWS@);
CREATE TABLE @CATALOG@.main.drops AS SELECT range::BIGINT AS id, CAST((range % 1000000) / 100 AS DECIMAL(18, 2)) AS amount, 's_' || lpad(((range * 7919) % 10000000000)::VARCHAR, 10, '0') AS s, TIMESTAMP '2020-01-01' + to_microseconds(range * 1000) AS ts FROM range(1000000);
