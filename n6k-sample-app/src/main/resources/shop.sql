CREATE TABLE shop.main.customers (id BIGINT PRIMARY KEY, name VARCHAR, country VARCHAR);
INSERT INTO shop.main.customers SELECT range, 'customer ' || range, ['DE', 'FR', 'US', 'JP'][1 + range % 4] FROM range(1, 101);
-- Two tenants share the orders table: customer c belongs to tenant 1 + c % 2.
CREATE TABLE shop.main.orders (id BIGINT PRIMARY KEY, customer_id BIGINT, amount DOUBLE, placed_at TIMESTAMP, tenant_id INTEGER);
INSERT INTO shop.main.orders SELECT range, 1 + range % 100, round(10 + (range * 37 % 1000) / 10.0, 2), TIMESTAMP '2026-01-01' + INTERVAL (range) HOUR, 1 + (1 + range % 100) % 2 FROM range(1, 1001);
CREATE TABLE shop.main.audit (happened_at TIMESTAMP, event VARCHAR);
INSERT INTO shop.main.audit VALUES (current_timestamp, 'shop seeded');
