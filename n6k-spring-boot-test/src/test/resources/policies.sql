CREATE TABLE shop.main.orders (id INTEGER PRIMARY KEY, tenant_id INTEGER, amount INTEGER, status VARCHAR);
INSERT INTO shop.main.orders VALUES (1, 1, 10, 'draft'), (2, 1, 20, 'paid'), (3, 2, 300, 'draft'), (4, 2, 400, 'paid'), (5, 3, 5000, 'paid');
CREATE TABLE shop.main.memos (id INTEGER, owner VARCHAR, note VARCHAR);
INSERT INTO shop.main.memos VALUES (1, 'alice', '3'), (2, 'alice', '4'), (3, 'bob', 'secret'), (4, 'x'' OR ''1''=''1', 'quoted');
CREATE TABLE shop.main.products (id INTEGER, name VARCHAR);
INSERT INTO shop.main.products VALUES (1, 'Widget'), (2, 'Gadget');
CREATE TABLE shop.main.audit (id INTEGER, what VARCHAR);
CREATE TABLE shop.main.notes (id INTEGER, body VARCHAR);
INSERT INTO shop.main.notes VALUES (1, 'hello');
