package io.n6k.sample.conformance;

import java.sql.SQLException;
import java.util.List;

import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.duckdb.SqlRendering;

/**
 * The data every conformance catalog is seeded with (protocol §9.3); suites hard-code
 * these rows.
 */
final class Fixtures {

	private Fixtures() {
	}

	static void seed(DuckDbDatabase database, String catalog, boolean marker) throws SQLException {
		String c = SqlRendering.identifier(catalog);
		database.execute("ATTACH ':memory:' AS " + c, "CREATE SCHEMA " + c + ".test_schema",
				"CREATE TABLE " + c + ".main.users (id INTEGER, name VARCHAR, age INTEGER)",
				"INSERT INTO " + c + ".main.users VALUES (1, 'Alice', 30), (2, 'Bob', 25), (3, 'Charlie', 35)",
				"CREATE TABLE " + c + ".test_schema.products (id INTEGER, name VARCHAR, price DOUBLE)",
				"INSERT INTO " + c + ".test_schema.products VALUES (1, 'Widget', 9.99), (2, 'Gadget', 19.99)",
				"CREATE MACRO " + c
						+ ".main.echo(a) AS TABLE (SELECT a AS arg0), (a, b) AS TABLE (SELECT a AS arg0, b AS arg1)",
				"CREATE MACRO " + c
						+ ".main.xy_labeled() AS TABLE SELECT * FROM (VALUES (1.0::DOUBLE, 10.0::DOUBLE, 'a'), "
						+ "(2.0::DOUBLE, 20.0::DOUBLE, 'b'), (3.0::DOUBLE, 30.0::DOUBLE, 'a')) AS t(x, y, label)",
				"CREATE MACRO " + c + ".main.struct_arg(s) AS TABLE SELECT s['x'] AS x, s['y'] AS y",
				"CREATE MACRO " + c + ".main.doubler(n) AS TABLE SELECT n * 2 AS doubled",
				"CREATE MACRO " + c + ".main.sum_table(t) AS TABLE SELECT sum(id)::BIGINT AS total FROM query_table(t)",
				"CREATE MACRO " + c
						+ ".main.stream_counter(cnt) AS TABLE SELECT n FROM n6k_testing_stream_counter(cnt)",
				"CREATE MACRO " + c + ".main.slow_ticker(cnt, ms) AS TABLE "
						+ "SELECT n AS seq FROM n6k_testing_stream_counter(cnt, ms)");
		if (marker) {
			database.execute("CREATE TABLE " + c + ".main.marker (catalog VARCHAR)",
					"INSERT INTO " + c + ".main.marker VALUES (" + SqlRendering.string(catalog) + ")");
		}
	}

	static void seedBridge(DuckDbDatabase database) throws SQLException {
		database.execute("ATTACH ':memory:' AS bridge_db",
				"CREATE TABLE bridge_db.main.items (id INTEGER PRIMARY KEY, name VARCHAR)",
				"INSERT INTO bridge_db.main.items VALUES (1, 'Widget'), (2, 'Gadget')",
				"CREATE TABLE bridge_db.main.readonly_items (id INTEGER PRIMARY KEY, name VARCHAR)",
				"INSERT INTO bridge_db.main.readonly_items VALUES (1, 'Locked')");
	}

	static void lockDown(DuckDbDatabase database) throws SQLException {
		for (String setting : List.of("enable_external_access = false", "autoinstall_known_extensions = false",
				"autoload_known_extensions = false", "allow_community_extensions = false",
				"allow_persistent_secrets = false", "lock_configuration = true")) {
			database.execute("SET " + setting);
		}
	}

}
