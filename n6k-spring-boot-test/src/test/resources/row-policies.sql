CREATE TABLE shop.main.orders (id INTEGER PRIMARY KEY, tenant VARCHAR, amount INTEGER, status VARCHAR, secret VARCHAR);
CREATE TABLE shop.main.products (id INTEGER PRIMARY KEY, name VARCHAR, price INTEGER);
INSERT INTO shop.main.products VALUES (1, 'apple', 3), (2, 'pear', 4);
CREATE TABLE shop.main.audit (id INTEGER PRIMARY KEY, note VARCHAR);
CREATE TABLE shop.main.locked (id INTEGER PRIMARY KEY, tenant VARCHAR, v VARCHAR);
INSERT INTO shop.main.locked VALUES (1, 'acme', 'a'), (2, 'globex', 'g');
CREATE VIEW shop.main.orders_view AS SELECT * FROM shop.main.orders;
CREATE MACRO shop.main.all_orders() AS TABLE SELECT * FROM shop.main.orders;
