package io.n6k.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.duckdb.DuckDBConnection;

/**
 * A private in-memory DuckDB instance holding, under the served catalog's name, empty
 * tables and views with exactly the columns, types and keys of one {@link CatalogShape}.
 * Client metadata SQL runs here with DuckDB's full semantics and can only ever see what
 * the shape holds: DuckDB's metadata functions ({@code duckdb_tables()} and the others
 * that {@code information_schema}, {@code pg_catalog}, SHOW and DESCRIBE are built on)
 * are shadowed on every connection by macros reading snapshots taken of the served
 * catalog alone, so the mirror's own other catalogs ({@code memory}, {@code system},
 * {@code temp}, the snapshots) never appear either.
 * <p>
 * Mirrors are shared by equal shapes and kept for the few most recent ones; a changed
 * grant set or catalog shape is a new shape, hence a new mirror.
 *
 * @author n6k
 */
final class CatalogMirror {

	/** The mirror's catalog of metadata snapshots. */
	static final String META = "__n6k_meta";

	/** The metadata functions shadowed by snapshots. */
	private static final List<String> SHADOWED = List.of("duckdb_databases", "duckdb_schemas", "duckdb_tables",
			"duckdb_views", "duckdb_columns", "duckdb_constraints", "duckdb_indexes");

	private static final int KEPT = 16;

	private static final Map<CatalogShape, CatalogMirror> mirrors = new LinkedHashMap<>(KEPT, 0.75f, true);

	private final DuckDbDatabase database;

	private final String catalog;

	private CatalogMirror(DuckDbDatabase database, String catalog) {
		this.database = database;
		this.catalog = catalog;
	}

	/**
	 * Return the mirror of a shape, building it when needed.
	 * @param shape the shape
	 * @return its mirror
	 * @throws SQLException when the mirror cannot be built
	 */
	static CatalogMirror of(CatalogShape shape) throws SQLException {
		synchronized (mirrors) {
			CatalogMirror mirror = mirrors.get(shape);
			if (mirror == null) {
				mirror = build(shape);
				mirrors.put(shape, mirror);
				if (mirrors.size() > KEPT) {
					// connections already open keep the evicted instance alive until they
					// close
					CatalogMirror eldest = mirrors.values().iterator().next();
					mirrors.values().remove(eldest);
					eldest.database.close();
				}
			}
			return mirror;
		}
	}

	/**
	 * Open a connection whose current catalog is the served one and whose metadata
	 * functions are shadowed.
	 * @return the connection; the caller closes it
	 * @throws SQLException on failure
	 */
	DuckDBConnection connect() throws SQLException {
		DuckDBConnection connection = this.database.connect();
		try (Statement statement = connection.createStatement()) {
			statement.execute("USE " + SqlRendering.identifier(this.catalog));
			for (String function : SHADOWED) {
				statement.execute("CREATE TEMP MACRO " + function + "() AS TABLE SELECT * FROM "
						+ SqlRendering.identifier(META) + ".main." + function);
			}
			return connection;
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
	}

	private static CatalogMirror build(CatalogShape shape) throws SQLException {
		DuckDbDatabase database = DuckDbDatabase.open("jdbc:duckdb:", Map.of("threads", "1"));
		try {
			database.execute(statements(shape).toArray(String[]::new));
			return new CatalogMirror(database, shape.catalog());
		}
		catch (SQLException | RuntimeException ex) {
			database.close();
			throw ex;
		}
	}

	private static List<String> statements(CatalogShape shape) {
		String catalog = SqlRendering.identifier(shape.catalog());
		List<String> sql = new ArrayList<>();
		if (!shape.catalog().equals("memory")) {
			sql.add("ATTACH ':memory:' AS " + catalog);
		}
		sql.add("ATTACH ':memory:' AS " + SqlRendering.identifier(META));
		for (String schema : shape.schemas()) {
			sql.add("CREATE SCHEMA IF NOT EXISTS " + catalog + "." + SqlRendering.identifier(schema));
		}
		for (CatalogShape.ObjectShape object : shape.objects()) {
			String name = catalog + "." + SqlRendering.identifier(object.schema()) + "."
					+ SqlRendering.identifier(object.name());
			sql.add("CREATE SCHEMA IF NOT EXISTS " + catalog + "." + SqlRendering.identifier(object.schema()));
			if (object.view()) {
				// a stand-in body: the real one may name what the principal may not see
				StringJoiner select = new StringJoiner(", ");
				object.columns()
					.forEach((column) -> select
						.add("CAST(NULL AS " + column.type() + ") AS " + SqlRendering.identifier(column.name())));
				sql.add("CREATE VIEW " + name + " AS SELECT " + select);
			}
			else {
				StringJoiner columns = new StringJoiner(", ", " (", ")");
				object.columns()
					.forEach((column) -> columns.add(SqlRendering.identifier(column.name()) + " " + column.type()
							+ (column.notNull() ? " NOT NULL" : "")));
				if (!object.key().isEmpty()) {
					StringJoiner key = new StringJoiner(", ", "PRIMARY KEY (", ")");
					object.key().forEach((column) -> key.add(SqlRendering.identifier(column)));
					columns.add(key.toString());
				}
				sql.add("CREATE TABLE " + name + columns);
			}
		}
		String served = "database_name = " + SqlRendering.string(shape.catalog());
		StringJoiner schemas = new StringJoiner(", ", "(", ")");
		schemas.add("NULL");
		shape.schemas().forEach((schema) -> schemas.add(SqlRendering.string(schema)));
		for (String function : SHADOWED) {
			String select = switch (function) {
				case "duckdb_databases" -> "* REPLACE (" + shape.readOnly() + " AS readonly)";
				default -> "*";
			};
			String where = function.equals("duckdb_schemas") ? served + " AND schema_name IN " + schemas : served;
			sql.add("CREATE TABLE " + SqlRendering.identifier(META) + ".main." + function + " AS SELECT " + select
					+ " FROM system.main." + function + "() WHERE " + where);
		}
		sql.add("SET enable_external_access = false");
		sql.add("SET autoinstall_known_extensions = false");
		sql.add("SET autoload_known_extensions = false");
		sql.add("SET allow_community_extensions = false");
		sql.add("SET lock_configuration = true");
		return sql;
	}

}
