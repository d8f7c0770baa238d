package io.n6k.duckdb;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.n6k.access.CatalogAccess;
import io.n6k.access.PolicyVerb;
import io.n6k.access.TablePolicy;
import io.n6k.backend.TableRef;
import io.n6k.protocol.TableInfo;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * One catalog's schemas, tables, views, keys and read-only flag as DuckDB listed them in
 * one transaction, with the answers derived from it per grant set ({@link #view}): what
 * CATALOG_LIST and TABLES_LIST answer, and the TABLE_SCHEMA answers and the
 * {@link CatalogShape} asked for so far. A snapshot is only used while its
 * {@link CatalogCaches} version is current.
 *
 * @author n6k
 */
final class MetadataSnapshot {

	private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog");

	/** Grant sets kept per snapshot, most recently used first. */
	private static final int VIEWS = 64;

	/** TABLE_SCHEMA answers kept per grant set (names as clients spelled them). */
	private static final int SCHEMAS = 1024;

	private final long version;

	private final long readAt;

	private final List<String> schemas;

	private final boolean attachedReadOnly;

	private final Map<String, List<String>> keys;

	private final List<Entry> entries;

	private final Map<Object, View> views = new LinkedHashMap<>(16, 0.75f, true);

	private MetadataSnapshot(long version, List<String> schemas, boolean attachedReadOnly,
			Map<String, List<String>> keys, List<Entry> entries) {
		this.version = version;
		this.readAt = System.nanoTime();
		this.schemas = schemas;
		this.attachedReadOnly = attachedReadOnly;
		this.keys = keys;
		this.entries = entries;
	}

	/**
	 * Read a catalog in one transaction.
	 * @param database the instance
	 * @param catalog the catalog
	 * @param version the shape version taken before reading
	 * @return the snapshot
	 * @throws SQLException when DuckDB fails
	 */
	static MetadataSnapshot read(DuckDbDatabase database, String catalog, long version) throws SQLException {
		try (DuckDBConnection connection = database.connect()) {
			connection.setAutoCommit(false);
			try {
				List<String> schemas = new ArrayList<>();
				for (List<@Nullable Object> row : DuckDbJdbc.rows(connection,
						"SELECT schema_name FROM duckdb_schemas() WHERE database_name = ?", catalog)) {
					String name = (String) row.get(0);
					if (!SYSTEM_SCHEMAS.contains(name)) {
						schemas.add(name);
					}
				}
				schemas.sort(Comparator.naturalOrder());
				List<List<@Nullable Object>> readOnly = DuckDbJdbc.rows(connection,
						"SELECT readonly FROM duckdb_databases() WHERE database_name = ?", catalog);
				Map<String, List<String>> keys = new LinkedHashMap<>();
				for (List<@Nullable Object> row : DuckDbJdbc.rows(connection,
						"SELECT schema_name, table_name, constraint_column_names FROM duckdb_constraints() "
								+ "WHERE database_name = ? AND constraint_type = 'PRIMARY KEY'",
						catalog)) {
					keys.put(row.get(0) + "\u0000" + row.get(1), List.copyOf(DuckDbJdbc.stringList(row.get(2))));
				}
				List<Entry> entries = new ArrayList<>();
				for (List<@Nullable Object> row : DuckDbJdbc.rows(connection,
						"SELECT schema_name, table_name, false FROM duckdb_tables() WHERE database_name = ? "
								+ "AND NOT temporary UNION ALL SELECT schema_name, view_name, true FROM duckdb_views() "
								+ "WHERE database_name = ? AND NOT internal AND NOT temporary",
						catalog, catalog)) {
					entries.add(new Entry((String) row.get(0), (String) row.get(1), Boolean.TRUE.equals(row.get(2))));
				}
				return new MetadataSnapshot(version, List.copyOf(schemas),
						!readOnly.isEmpty() && Boolean.TRUE.equals(readOnly.get(0).get(0)), Map.copyOf(keys),
						List.copyOf(entries));
			}
			finally {
				DuckDbJdbc.rollback(connection);
				connection.setAutoCommit(true);
			}
		}
	}

	long version() {
		return this.version;
	}

	long readAt() {
		return this.readAt;
	}

	/**
	 * Return what a grant set sees of this snapshot.
	 * @param access the grant set
	 * @return its view
	 */
	View view(CatalogAccess access) {
		synchronized (this.views) {
			Object key = access.visibilityKey();
			View view = this.views.get(key);
			if (view == null) {
				view = new View(access);
				this.views.put(key, view);
				if (this.views.size() > VIEWS) {
					this.views.remove(this.views.keySet().iterator().next());
				}
			}
			return view;
		}
	}

	/** A table or view as DuckDB listed it. */
	private record Entry(String schema, String name, boolean view) {
	}

	/**
	 * What one grant set sees; the lists are computed once, the rest when first asked.
	 */
	final class View {

		private final List<String> schemas;

		private final List<TableInfo> tables;

		private final Map<TableRef, Schema> arrowSchemas = new ConcurrentHashMap<>();

		private volatile @Nullable CatalogShape shape;

		private View(CatalogAccess access) {
			this.schemas = List.copyOf(access.visibleSchemas(MetadataSnapshot.this.schemas));
			this.tables = tables(access);
		}

		/**
		 * Return the visible schemas, sorted.
		 * @return the schemas
		 */
		List<String> schemas() {
			return this.schemas;
		}

		/**
		 * Return the visible tables and views of one schema or all, sorted by schema and
		 * name (case-insensitively).
		 * @param schema the schema (matched case-insensitively), or {@code null} for all
		 * @return the tables
		 */
		List<TableInfo> tables(@Nullable String schema) {
			if (schema == null) {
				return this.tables;
			}
			List<TableInfo> result = new ArrayList<>();
			for (TableInfo table : this.tables) {
				if (table.schema().equalsIgnoreCase(schema)) {
					result.add(table);
				}
			}
			return result;
		}

		@Nullable Schema arrowSchema(TableRef table) {
			return this.arrowSchemas.get(table);
		}

		void arrowSchema(TableRef table, Schema schema) {
			if (this.arrowSchemas.size() >= SCHEMAS) {
				this.arrowSchemas.clear();
			}
			this.arrowSchemas.put(table, schema);
		}

		@Nullable CatalogShape shape() {
			return this.shape;
		}

		void shape(CatalogShape shape) {
			this.shape = shape;
		}

		private List<TableInfo> tables(CatalogAccess access) {
			List<TableInfo> tables = new ArrayList<>();
			for (Entry entry : MetadataSnapshot.this.entries) {
				TablePolicy policy = access.policy(entry.schema(), entry.name()).orElse(null);
				if (policy == null) {
					continue;
				}
				if (entry.view()) {
					tables.add(new TableInfo(entry.schema(), entry.name(), false, false, List.of()));
					continue;
				}
				List<String> key = access.primaryKey(entry.schema(), entry.name())
					.orElseGet(() -> MetadataSnapshot.this.keys.getOrDefault(entry.schema() + "\u0000" + entry.name(),
							List.of()));
				// as the reference's bridge catalogs: writable means the insert verb
				boolean writable = policy.allows(PolicyVerb.INSERT) && !MetadataSnapshot.this.attachedReadOnly;
				boolean editable = writable && access.allowsDdl();
				tables.add(new TableInfo(entry.schema(), entry.name(), writable, editable, key));
			}
			// a stable sort: names equal but for case keep DuckDB's order, as before
			tables.sort(Comparator.comparing((TableInfo t) -> t.schema().toLowerCase(Locale.ROOT))
				.thenComparing((t) -> t.name().toLowerCase(Locale.ROOT)));
			return List.copyOf(tables);
		}

	}

}
