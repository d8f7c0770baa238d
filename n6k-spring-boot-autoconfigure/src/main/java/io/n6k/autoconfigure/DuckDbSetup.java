package io.n6k.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.n6k.access.CatalogAccess;
import io.n6k.access.Grants;
import io.n6k.access.Permission;
import io.n6k.access.SqlGuard;
import io.n6k.backend.RpcFunction;
import io.n6k.backend.TableRef;
import io.n6k.duckdb.DuckDbCatalogHandler;
import io.n6k.duckdb.DuckDbCatalogs;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.duckdb.DuckDbDatabaseCustomizer;
import io.n6k.duckdb.Sql;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StreamUtils;

/**
 * Turns {@code n6k.duckdb.*} and {@code n6k.catalogs.*} into a served DuckDB database:
 * opens (or shares) the instance, attaches catalogs, runs the init SQL, checks every
 * catalog and grant against the database, then locks the instance down.
 *
 * @author n6k
 */
final class DuckDbSetup {

	private static final Log logger = LogFactory.getLog(DuckDbSetup.class);

	private final N6kProperties properties;

	private final ResourceLoader resources = new DefaultResourceLoader();

	DuckDbSetup(N6kProperties properties) {
		this.properties = properties;
	}

	DuckDbDatabase open(@Nullable DataSource dataSource, List<DuckDbDatabaseCustomizer> customizers) {
		N6kProperties.Duckdb duckdb = this.properties.getDuckdb();
		try {
			DuckDbDatabase database;
			if (dataSource != null && duckdb.isUseDataSource() && isDuckDb(dataSource)) {
				database = DuckDbDatabase.shared(dataSource);
				logger.info("n6k serves the DuckDB database of the application's DataSource");
			}
			else {
				Map<String, String> settings = new LinkedHashMap<>();
				if (duckdb.getThreads() != null) {
					settings.put("threads", String.valueOf(duckdb.getThreads()));
				}
				if (duckdb.getMemoryLimit() != null) {
					settings.put("memory_limit", duckdb.getMemoryLimit());
				}
				database = DuckDbDatabase.open(duckdb.getUrl(), settings);
			}
			for (DuckDbDatabaseCustomizer customizer : customizers) {
				customizer.customize(database);
			}
			prepare(database);
			return database;
		}
		catch (SQLException ex) {
			throw new N6kConfigurationException("n6k could not open its DuckDB database: " + ex.getMessage(),
					"Check n6k.duckdb.url, n6k.duckdb.init-sql and n6k.catalogs.*.path.", ex);
		}
	}

	private void prepare(DuckDbDatabase database) throws SQLException {
		try (DuckDBConnection connection = database.connect(); Statement statement = connection.createStatement()) {
			for (Map.Entry<String, N6kProperties.Catalog> entry : this.properties.getCatalogs().entrySet()) {
				String path = entry.getValue().getPath();
				if (path != null && !database.hasCatalog(entry.getKey())) {
					boolean readOnly = entry.getValue().isReadOnly() && !path.equals(":memory:");
					statement.execute("ATTACH " + Sql.string(path) + " AS " + Sql.identifier(entry.getKey())
							+ (readOnly ? " (READ_ONLY)" : ""));
				}
			}
			for (String item : this.properties.getDuckdb().getInitSql()) {
				statement.execute(initSql(item));
			}
		}
		for (String catalog : this.properties.getCatalogs().keySet()) {
			if (!database.hasCatalog(catalog)) {
				throw new N6kConfigurationException(
						"Catalog \"" + catalog + "\" (n6k.catalogs." + catalog + ") does not exist in the DuckDB database.",
						"Set n6k.catalogs." + catalog + ".path to a DuckDB file or ':memory:' to attach it, or create "
								+ "it with n6k.duckdb.init-sql (ATTACH ... AS " + catalog + ").");
			}
		}
	}

	private String initSql(String item) {
		if (!item.startsWith("classpath:") && !item.startsWith("file:")) {
			return item;
		}
		Resource resource = this.resources.getResource(item);
		try (InputStream in = resource.getInputStream()) {
			return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new N6kConfigurationException("n6k.duckdb.init-sql location " + item + " cannot be read.",
					"Check that " + item + " exists.", ex);
		}
	}

	DuckDbCatalogs catalogs(DuckDbDatabase database, SqlGuard guard, Map<String, RpcFunction> rpcFunctions) {
		Map<String, DuckDbCatalogHandler> handlers = new LinkedHashMap<>();
		this.properties.getCatalogs().forEach((name, catalog) -> {
			CatalogAccess access = access(database, name, catalog);
			handlers.put(name, new DuckDbCatalogHandler(database, access, guard, rpcFunctions));
		});
		return new DuckDbCatalogs(database, handlers);
	}

	private static CatalogAccess access(DuckDbDatabase database, String name, N6kProperties.Catalog catalog) {
		String property = "n6k.catalogs." + name;
		Map<String, String> permissions = catalog.getPermissions();
		Map<TableRef, List<String>> primaryKeys;
		try {
			primaryKeys = Grants.parsePrimaryKeys(catalog.getPrimaryKeys());
		}
		catch (IllegalArgumentException ex) {
			throw new N6kConfigurationException(ex.getMessage() + " (" + property + ".primary-keys)",
					"Write each key of " + property + ".primary-keys as 'schema.table' with a list of columns.");
		}
		boolean readOnly = catalog.isReadOnly();
		if (permissions == null) {
			return CatalogAccess.whole(name, readOnly);
		}
		Map<TableRef, Permission> grants;
		try {
			grants = Grants.parse(permissions);
		}
		catch (IllegalArgumentException ex) {
			throw new N6kConfigurationException(ex.getMessage() + " (" + property + ".permissions)",
					"Grant each table of " + property + ".permissions as '\"schema.table\": read' or "
							+ "'\"schema.table\": readwrite', or remove the map to serve the whole catalog.");
		}
		for (TableRef table : grants.keySet()) {
			if (!tableExists(database, name, table)) {
				throw new N6kConfigurationException(
						"bridge: permissions key '" + table.qualifiedName() + "' names a table that does not exist in "
								+ "catalog \"" + name + "\" (" + property + ".permissions)",
						"Create the table (for example in n6k.duckdb.init-sql) or remove its grant.");
			}
		}
		for (TableRef table : primaryKeys.keySet()) {
			if (!tableExists(database, name, table)) {
				throw new N6kConfigurationException(
						"bridge: primary_keys key '" + table.qualifiedName() + "' names a table that does not exist in "
								+ "catalog \"" + name + "\" (" + property + ".primary-keys)",
						"Fix the table name or remove the entry.");
			}
		}
		return CatalogAccess.granted(name, readOnly, grants, primaryKeys);
	}

	private static boolean tableExists(DuckDbDatabase database, String catalog, TableRef table) {
		try {
			return !database.query("SELECT 1 FROM duckdb_tables() WHERE database_name = ? AND lower(schema_name) = lower(?) "
					+ "AND lower(table_name) = lower(?) UNION ALL SELECT 1 FROM duckdb_views() WHERE database_name = ? "
					+ "AND lower(schema_name) = lower(?) AND lower(view_name) = lower(?)", catalog, table.schema(),
					table.table(), catalog, table.schema(), table.table())
				.isEmpty();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Lock the instance down as the second wall behind the SQL guard: no file or network
	 * access, no extension installs or loads, no persistent secrets, configuration locked
	 * last (settings must come in this order: protocol §6.3).
	 */
	void lockDown(DuckDbDatabase database) {
		Boolean configured = this.properties.getDuckdb().getLockdown();
		boolean lockdown = (configured != null) ? configured : database.isOwnInstance();
		if (!lockdown) {
			if (!database.isOwnInstance()) {
				logger.info("n6k shares the application's DuckDB instance and does not lock it down "
						+ "(n6k.duckdb.lockdown=true to lock it)");
			}
			return;
		}
		try {
			database.execute("SET enable_external_access = false", "SET autoinstall_known_extensions = false",
					"SET autoload_known_extensions = false", "SET allow_community_extensions = false",
					"SET allow_unsigned_extensions = false", "SET allow_persistent_secrets = false",
					"SET lock_configuration = true");
		}
		catch (SQLException ex) {
			throw new N6kConfigurationException("n6k could not lock its DuckDB instance down: " + ex.getMessage(),
					"Set n6k.duckdb.lockdown=false if the instance must keep external access.", ex);
		}
	}

	private static boolean isDuckDb(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.isWrapperFor(DuckDBConnection.class);
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
