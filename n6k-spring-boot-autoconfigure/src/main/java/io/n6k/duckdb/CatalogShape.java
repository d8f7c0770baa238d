package io.n6k.duckdb;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.n6k.access.CatalogAccess;
import org.jspecify.annotations.Nullable;

/**
 * What a principal may see of one served catalog: its visible schemas, and the granted
 * tables and views with their columns, types, nullability and keys. Read from the real
 * database, it carries nothing else, so a {@link CatalogMirror} built from it cannot show
 * anything else.
 *
 * @param catalog the served catalog name
 * @param readOnly whether clients may only read
 * @param schemas visible schemas, sorted
 * @param objects visible tables and views, sorted by schema and name
 * @author n6k
 */
record CatalogShape(String catalog, boolean readOnly, List<String> schemas, List<ObjectShape> objects) {

	private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog");

	/**
	 * Read the shape of a catalog as a principal with the given access sees it.
	 * @param database the real database
	 * @param access what the principal may see
	 * @return the shape
	 * @throws SQLException on failure
	 */
	static CatalogShape read(DuckDbDatabase database, CatalogAccess access) throws SQLException {
		String catalog = access.catalog();
		List<String> schemas = new ArrayList<>();
		for (List<@Nullable Object> row : database
			.query("SELECT schema_name FROM duckdb_schemas() WHERE database_name = ? ORDER BY 1", catalog)) {
			if (!SYSTEM_SCHEMAS.contains((String) row.get(0))) {
				schemas.add((String) row.get(0));
			}
		}
		Map<String, List<String>> keys = new LinkedHashMap<>();
		for (List<@Nullable Object> row : database
			.query("SELECT schema_name, table_name, constraint_column_names FROM duckdb_constraints() "
					+ "WHERE database_name = ? AND constraint_type = 'PRIMARY KEY'", catalog)) {
			keys.put(row.get(0) + "\u0000" + row.get(1), DuckDbJdbc.stringList(row.get(2)));
		}
		Map<String, List<ColumnShape>> columns = new LinkedHashMap<>();
		for (List<@Nullable Object> row : database
			.query("SELECT schema_name, table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
					+ "WHERE database_name = ? ORDER BY schema_name, table_name, column_index", catalog)) {
			columns.computeIfAbsent(row.get(0) + "\u0000" + row.get(1), (k) -> new ArrayList<>())
				.add(new ColumnShape((String) row.get(2), (String) row.get(3), Boolean.FALSE.equals(row.get(4))));
		}
		List<ObjectShape> objects = new ArrayList<>();
		for (List<@Nullable Object> row : database.query(
				"SELECT schema_name, table_name, false FROM duckdb_tables() WHERE database_name = ? AND NOT temporary "
						+ "UNION ALL SELECT schema_name, view_name, true FROM duckdb_views() "
						+ "WHERE database_name = ? AND NOT internal AND NOT temporary",
				catalog, catalog)) {
			String schema = (String) row.get(0);
			String name = (String) row.get(1);
			if (access.permission(schema, name) == null) {
				continue;
			}
			boolean view = Boolean.TRUE.equals(row.get(2));
			String id = schema + "\u0000" + name;
			List<String> key = view ? List.of()
					: access.primaryKey(schema, name).orElseGet(() -> keys.getOrDefault(id, List.of()));
			objects.add(new ObjectShape(schema, name, view, List.copyOf(columns.getOrDefault(id, List.of())), key));
		}
		objects.sort(Comparator.comparing(ObjectShape::schema).thenComparing(ObjectShape::name));
		return new CatalogShape(catalog, access.readOnly(), List.copyOf(access.visibleSchemas(schemas)),
				List.copyOf(objects));
	}

	/**
	 * A visible table or view.
	 *
	 * @param schema schema name
	 * @param name table or view name
	 * @param view whether it is a view
	 * @param columns its columns, in order
	 * @param key primary key columns, empty when none
	 */
	record ObjectShape(String schema, String name, boolean view, List<ColumnShape> columns, List<String> key) {
	}

	/**
	 * A column.
	 *
	 * @param name column name
	 * @param type DuckDB type as DuckDB renders it
	 * @param notNull whether it is declared NOT NULL
	 */
	record ColumnShape(String name, String type, boolean notNull) {
	}

}
