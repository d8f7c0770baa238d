-- Seeds the sales catalog; a semicolon inside a string or comment; does not split.
CREATE TABLE sales.main.orders (id INTEGER, note VARCHAR);
INSERT INTO sales.main.orders VALUES (1, 'first; of many'), (2, $$it's "quoted"; too$$);
/* a block comment; with a semicolon */
INSERT INTO sales.main.orders VALUES (3, 'third');
