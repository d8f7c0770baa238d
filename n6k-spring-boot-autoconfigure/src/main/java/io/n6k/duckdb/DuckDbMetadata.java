package io.n6k.duckdb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.n6k.access.CatalogAccess;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Answers the metadata ops of one DuckDB catalog (CATALOG_LIST, TABLES_LIST,
 * TABLE_SCHEMA) from the catalog's {@link MetadataSnapshot}, and fingerprints its schemas
 * for invalidation, showing only what the catalog's access rules make visible.
 *
 * @author n6k
 */
final class DuckDbMetadata {

	private final DuckDbDatabase database;

	private final CatalogAccess access;

	private final String catalog;

	DuckDbMetadata(DuckDbDatabase database, CatalogAccess access) {
		this.database = database;
		this.access = access;
		this.catalog = access.catalog();
	}

	Result catalogList(CatalogAccess access) throws SQLException {
		return Result.schemas(view(access).schemas());
	}

	Result tablesList(CatalogAccess access, Requests.TablesList request) throws SQLException {
		return Result.tables(view(access).tables(request.schema()));
	}

	Result tableSchema(RequestContext context, TableRef table) throws SQLException {
		CatalogAccess access = this.access.forPrincipal(context.principal());
		access.requireVisible(table);
		MetadataSnapshot.View view = view(access);
		Schema known = view.arrowSchema(table);
		if (known != null) {
			return Result.schema(known);
		}
		try (ArrowQuerySource source = DuckDbJdbc.openQuery(this.database, context,
				"SELECT * FROM " + SqlRendering.table(this.catalog, table) + " LIMIT 0",
				DuckDbJdbc.STREAMING_BATCH_ROWS)) {
			Schema schema = source.schema();
			view.arrowSchema(table, schema);
			return Result.schema(schema);
		}
	}

	/**
	 * What one principal's grant set and policies see of the catalog's current snapshot.
	 */
	private MetadataSnapshot.View view(CatalogAccess access) throws SQLException {
		return this.database.caches().snapshot(this.database, this.catalog).view(access);
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
