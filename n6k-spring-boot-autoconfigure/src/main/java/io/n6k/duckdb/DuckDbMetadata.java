package io.n6k.duckdb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.n6k.access.CatalogAccess;
import io.n6k.access.PolicyVerb;
import io.n6k.access.TablePolicy;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
import io.n6k.protocol.TableInfo;
import org.jspecify.annotations.Nullable;

/**
 * Answers the metadata ops of one DuckDB catalog (CATALOG_LIST, TABLES_LIST,
 * TABLE_SCHEMA) and fingerprints its schemas for invalidation, showing only what the
 * catalog's access rules make visible.
 *
 * @author n6k
 */
final class DuckDbMetadata {

	private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog");

	private final DuckDbDatabase database;

	private final CatalogAccess access;

	private final String catalog;

	DuckDbMetadata(DuckDbDatabase database, CatalogAccess access) {
		this.database = database;
		this.access = access;
		this.catalog = access.catalog();
	}

	Result catalogList(CatalogAccess access) throws SQLException {
		List<String> schemas = new ArrayList<>();
		for (List<@Nullable Object> row : this.database
			.query("SELECT schema_name FROM duckdb_schemas() WHERE database_name = ?", this.catalog)) {
			String name = (String) row.get(0);
			if (!SYSTEM_SCHEMAS.contains(name)) {
				schemas.add(name);
			}
		}
		schemas.sort(Comparator.naturalOrder());
		return Result.schemas(access.visibleSchemas(schemas));
	}

	Result tablesList(CatalogAccess access, Requests.TablesList request) throws SQLException {
		boolean attachedReadOnly = this.database.isReadOnly(this.catalog);
		Map<String, List<String>> keys = new LinkedHashMap<>();
		for (List<@Nullable Object> row : this.database
			.query("SELECT schema_name, table_name, constraint_column_names FROM duckdb_constraints() "
					+ "WHERE database_name = ? AND constraint_type = 'PRIMARY KEY'", this.catalog)) {
			keys.put(row.get(0) + "\u0000" + row.get(1), DuckDbJdbc.stringList(row.get(2)));
		}
		List<TableInfo> tables = new ArrayList<>();
		List<List<@Nullable Object>> entries = this.database.query(
				"SELECT schema_name, table_name, false FROM duckdb_tables() WHERE database_name = ? AND NOT temporary "
						+ "UNION ALL SELECT schema_name, view_name, true FROM duckdb_views() "
						+ "WHERE database_name = ? AND NOT internal AND NOT temporary",
				this.catalog, this.catalog);
		for (List<@Nullable Object> row : entries) {
			String schema = (String) row.get(0);
			String name = (String) row.get(1);
			boolean view = Boolean.TRUE.equals(row.get(2));
			if (request.schema() != null && !schema.equalsIgnoreCase(request.schema())) {
				continue;
			}
			TablePolicy policy = access.policy(schema, name).orElse(null);
			if (policy == null) {
				continue;
			}
			if (view) {
				tables.add(new TableInfo(schema, name, false, false, List.of()));
				continue;
			}
			List<String> key = access.primaryKey(schema, name)
				.orElseGet(() -> keys.getOrDefault(schema + "\u0000" + name, List.of()));
			// as the reference's bridge catalogs: writable means the insert verb
			boolean writable = policy.allows(PolicyVerb.INSERT) && !attachedReadOnly;
			boolean editable = writable && access.allowsDdl();
			tables.add(new TableInfo(schema, name, writable, editable, key));
		}
		tables.sort(Comparator.comparing((TableInfo t) -> t.schema().toLowerCase(Locale.ROOT))
			.thenComparing((t) -> t.name().toLowerCase(Locale.ROOT)));
		return Result.tables(tables);
	}

	Result tableSchema(RequestContext context, TableRef table) throws SQLException {
		this.access.forPrincipal(context.principal()).requireVisible(table);
		try (ArrowQuerySource source = DuckDbJdbc.openQuery(this.database, context,
				"SELECT * FROM " + SqlRendering.table(this.catalog, table) + " LIMIT 0",
				DuckDbJdbc.STREAMING_BATCH_ROWS)) {
			return Result.schema(source.schema());
		}
	}

	/**
	 * Return a fingerprint of each visible schema's shape: its tables and views, their
	 * columns and types. Schemas without visible tables are absent.
	 * @return fingerprint per schema
	 * @throws SQLException on failure
	 */
	Map<String, String> schemaShapes() throws SQLException {
		Map<String, StringBuilder> shapes = new TreeMap<>();
		for (List<@Nullable Object> row : this.database.query(
				"SELECT schema_name, table_name, column_index, column_name, data_type FROM duckdb_columns() "
						+ "WHERE database_name = ? AND NOT internal ORDER BY schema_name, table_name, column_index",
				this.catalog)) {
			String schema = (String) row.get(0);
			String table = (String) row.get(1);
			if (this.access.permission(schema, table) == null) {
				continue;
			}
			shapes.computeIfAbsent(schema, (s) -> new StringBuilder())
				.append(table)
				.append('\u0001')
				.append(row.get(2))
				.append('\u0001')
				.append(row.get(3))
				.append('\u0001')
				.append(row.get(4))
				.append('\n');
		}
		Map<String, String> fingerprints = new LinkedHashMap<>();
		shapes.forEach((schema, shape) -> fingerprints.put(schema, digest(shape.toString())));
		return fingerprints;
	}

	private static String digest(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
