CREATE TABLE sales.main.orders (id INTEGER);
INSERT INTO sales.main.orders VALUES (1);
INSERT INTO sales.main.ordres VALUES (2);
INSERT INTO sales.main.orders VALUES (3);
