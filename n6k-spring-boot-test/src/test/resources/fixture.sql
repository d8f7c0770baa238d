CREATE SCHEMA db.test_schema;
CREATE TABLE db.main.users (id INTEGER, name VARCHAR, age INTEGER);
INSERT INTO db.main.users VALUES (1, 'Alice', 30), (2, 'Bob', 25), (3, 'Charlie', 35);
CREATE TABLE db.test_schema.products (id INTEGER, name VARCHAR, price DOUBLE);
INSERT INTO db.test_schema.products VALUES (1, 'Widget', 9.99), (2, 'Gadget', 19.99);
