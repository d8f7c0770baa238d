package io.n6k.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import io.n6k.access.CatalogAccess;
import io.n6k.access.Grants;
import io.n6k.access.Policies;
import io.n6k.access.PolicyParameters;
import io.n6k.access.RowPolicyProvider;
import io.n6k.access.TablePolicy;
import io.n6k.duckdb.SqlGuard;
import io.n6k.duckdb.SqlStatements;
import io.n6k.backend.RpcFunction;
import io.n6k.backend.TableRef;
import io.n6k.duckdb.DuckDbCatalogHandler;
import io.n6k.duckdb.DuckDbCatalogs;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.duckdb.DuckDbDatabaseCustomizer;
import io.n6k.duckdb.PolicyCheck;
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
 * opens (or shares) the instance, attaches catalogs, runs the init SQL, then checks every
 * catalog and grant against the database. {@link DuckDbLockdown} locks it down after.
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
		// Writable database files that hold data from an earlier run: init-sql is a seed
		// and must not run against them again (n6k.duckdb.init-mode).
		List<String> existingFiles = new ArrayList<>();
		try {
			DuckDbDatabase database;
			String sharedUrl = (dataSource != null && duckdb.isUseDataSource()) ? duckDbUrl(dataSource) : null;
			if (sharedUrl != null) {
				if (isUnnamedInMemory(sharedUrl)) {
					throw new N6kConfigurationException(
							"The application's DataSource has the unnamed in-memory DuckDB URL \"" + sharedUrl
									+ "\": every pooled connection opens a different, empty database, so n6k "
									+ "clients and the application would each see only some of the data.",
							"Name the in-memory database, such as spring.datasource.url: \"jdbc:duckdb::memory:<name>\" "
									+ "(all connections then share it), or set n6k.duckdb.use-data-source=false.");
				}
				database = DuckDbDatabase
					.shared(Objects.requireNonNull(dataSource, "a shared URL comes from a DataSource"));
				logger.info("n6k serves the DuckDB database of the application's DataSource");
				if (!isInMemory(sharedUrl) && holdsTablesOrViews(database)) {
					existingFiles.add(sharedUrl);
				}
			}
			else {
				Map<String, String> settings = new LinkedHashMap<>();
				if (duckdb.getThreads() != null) {
					settings.put("threads", String.valueOf(duckdb.getThreads()));
				}
				if (duckdb.getMemoryLimit() != null) {
					settings.put("memory_limit", duckdb.getMemoryLimit());
				}
				if (!isInMemory(duckdb.getUrl()) && existsAsFile(filePart(duckdb.getUrl()))) {
					existingFiles.add(duckdb.getUrl());
				}
				database = DuckDbDatabase.open(duckdb.getUrl(), settings);
			}
			database.setMaxIdleConnections(duckdb.getMaxIdleConnections());
			for (DuckDbDatabaseCustomizer customizer : customizers) {
				customizer.customize(database);
			}
			prepare(database, existingFiles);
			return database;
		}
		catch (SQLException ex) {
			throw new N6kConfigurationException("n6k could not open its DuckDB database: " + ex.getMessage(),
					"Check n6k.duckdb.url, n6k.duckdb.init-sql and n6k.catalogs.*.path.", ex);
		}
	}

	private void prepare(DuckDbDatabase database, List<String> existingFiles) throws SQLException {
		try (DuckDBConnection connection = database.connect(); Statement statement = connection.createStatement()) {
			for (Map.Entry<String, N6kProperties.Catalog> entry : this.properties.getCatalogs().entrySet()) {
				String path = entry.getValue().getPath();
				if (path != null && database.hasCatalog(entry.getKey())) {
					requireSamePath(database, entry.getKey(), path);
				}
				else if (path != null) {
					boolean readOnly = entry.getValue().isReadOnly() && !path.equals(":memory:");
					// A read-only file cannot be seeded, so only writable ones decide.
					if (!readOnly && !path.equals(":memory:") && existsAsFile(path)) {
						existingFiles.add(path);
					}
					database.attach(entry.getKey(), path, entry.getValue().isReadOnly());
				}
			}
			if (runInitSql(existingFiles)) {
				List<String> items = this.properties.getDuckdb().getInitSql();
				for (int i = 0; i < items.size(); i++) {
					runScript(statement, items.get(i), i);
				}
			}
		}
		for (String catalog : this.properties.getCatalogs().keySet()) {
			if (!database.hasCatalog(catalog)) {
				throw new N6kConfigurationException(
						"Catalog \"" + catalog + "\" (n6k.catalogs." + catalog
								+ ") does not exist in the DuckDB database.",
						"Set n6k.catalogs." + catalog + ".path to a DuckDB file or ':memory:' to attach it, or create "
								+ "it with n6k.duckdb.init-sql (ATTACH ... AS " + catalog + ").");
			}
		}
	}

	/**
	 * A configured path for a catalog that already exists must name what is there: a
	 * different file would otherwise be silently ignored and clients served the other
	 * database.
	 */
	private static void requireSamePath(DuckDbDatabase database, String catalog, String path) throws SQLException {
		String existing = database.path(catalog);
		boolean inMemory = path.equals(":memory:");
		boolean same = (existing == null) ? inMemory : !inMemory && samePath(existing, path);
		if (!same) {
			String there = (existing == null) ? "an in-memory database" : "the file " + existing;
			throw new N6kConfigurationException(
					"n6k.catalogs." + catalog + ".path is " + path + ", but catalog \"" + catalog
							+ "\" already exists in the DuckDB database as " + there + ".",
					"Remove n6k.catalogs." + catalog + ".path to serve the existing catalog, or serve the file under "
							+ "another name (n6k.catalogs.<other-name>.path).");
		}
	}

	private static boolean samePath(String a, String b) {
		return Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
	}

	private boolean runInitSql(List<String> existingFiles) {
		N6kProperties.Duckdb duckdb = this.properties.getDuckdb();
		if (duckdb.getInitSql().isEmpty() || duckdb.getInitMode() == N6kProperties.Duckdb.InitMode.NEVER) {
			return false;
		}
		if (duckdb.getInitMode() == N6kProperties.Duckdb.InitMode.NEW && !existingFiles.isEmpty()) {
			logger.info("n6k.duckdb.init-sql skipped: " + String.join(", ", existingFiles)
					+ " existed before startup (n6k.duckdb.init-mode=new). Set n6k.duckdb.init-mode=always to run it "
					+ "on every start.");
			return false;
		}
		return true;
	}

	/**
	 * Run one item of {@code n6k.duckdb.init-sql} statement by statement, so that a
	 * failure names the script and the statement.
	 */
	private void runScript(Statement statement, String item, int index) {
		boolean location = item.startsWith("classpath:") || item.startsWith("file:");
		String source = location ? item : "n6k.duckdb.init-sql[" + index + "]";
		List<String> statements = SqlStatements.split(location ? read(item) : item);
		for (int i = 0; i < statements.size(); i++) {
			String sql = statements.get(i);
			try {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new N6kConfigurationException(
						"n6k.duckdb.init-sql failed: statement " + (i + 1) + " of " + source + " (" + abbreviate(sql)
								+ ") failed: " + ex.getMessage(),
						"Fix that statement in " + source + ". Scripts that should run on every start "
								+ "(n6k.duckdb.init-mode=always) must be repeatable, such as CREATE OR REPLACE VIEW "
								+ "or CREATE TABLE IF NOT EXISTS.",
						ex);
			}
		}
	}

	private static String abbreviate(String sql) {
		String line = sql.replaceAll("\\s+", " ");
		return (line.length() <= 120) ? line : line.substring(0, 117) + "...";
	}

	private String read(String item) {
		Resource resource = this.resources.getResource(item);
		try (InputStream in = resource.getInputStream()) {
			return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new N6kConfigurationException("n6k.duckdb.init-sql location " + item + " cannot be read.",
					"Check that " + item + " exists.", ex);
		}
	}

	private static boolean existsAsFile(String path) {
		// Remote databases (s3://, https://, md:) are never created by this startup.
		return path.contains("://") || path.startsWith("md:") || Files.exists(Path.of(path));
	}

	private static boolean holdsTablesOrViews(DuckDbDatabase database) throws SQLException {
		return !database
			.query("SELECT 1 FROM duckdb_tables() WHERE NOT internal UNION ALL "
					+ "SELECT 1 FROM duckdb_views() WHERE NOT internal")
			.isEmpty();
	}

	DuckDbCatalogs catalogs(DuckDbDatabase database, SqlGuard guard, Map<String, RpcFunction> rpcFunctions) {
		return catalogs(database, guard, rpcFunctions, RowPolicyProvider.CONFIGURED, null);
	}

	DuckDbCatalogs catalogs(DuckDbDatabase database, SqlGuard guard, Map<String, RpcFunction> rpcFunctions,
			RowPolicyProvider policyProvider, @Nullable PolicyParameters policyParameters) {
		Map<String, DuckDbCatalogHandler> handlers = new LinkedHashMap<>();
		this.properties.getCatalogs().forEach((name, catalog) -> {
			CatalogAccess access = access(database, name, catalog, policyProvider, policyParameters);
			handlers.put(name, new DuckDbCatalogHandler(database, access, guard, rpcFunctions));
		});
		return new DuckDbCatalogs(database, handlers);
	}

	private static CatalogAccess access(DuckDbDatabase database, String name, N6kProperties.Catalog catalog,
			RowPolicyProvider policyProvider, @Nullable PolicyParameters policyParameters) {
		String property = "n6k.catalogs." + name;
		Map<String, String> permissions = catalog.getPermissions();
		Map<String, Object> configuredPolicies = catalog.getPolicies();
		Map<TableRef, List<String>> primaryKeys;
		try {
			primaryKeys = Grants.parsePrimaryKeys(catalog.getPrimaryKeys());
		}
		catch (IllegalArgumentException ex) {
			throw new N6kConfigurationException(property + ".primary-keys: " + ex.getMessage(),
					"Write each key of " + property + ".primary-keys as 'schema.table' with a list of columns.");
		}
		boolean readOnly = catalog.isReadOnly();
		if (permissions == null && configuredPolicies == null) {
			// Binding already refuses this; a catalog built from unvalidated properties
			// still serves nothing it was not told to.
			if (catalog.getAccess() != N6kProperties.Access.ALL) {
				throw new N6kConfigurationException(property + " does not say what it serves.",
						"Set " + property + ".permissions, " + property + ".policies or " + property + ".access: all.");
			}
			return CatalogAccess.whole(name, readOnly);
		}
		if (configuredPolicies != null && catalog.getAccess() != null) {
			throw new N6kConfigurationException(property + " sets both policies and access.",
					"Remove " + property + ".access to serve only the listed tables, or " + property + ".policies.");
		}
		Map<TableRef, TablePolicy> policies = new LinkedHashMap<>();
		if (permissions != null) {
			try {
				Grants.parse(permissions)
					.forEach((table, permission) -> policies.put(table, TablePolicy.of(permission)));
			}
			catch (IllegalArgumentException ex) {
				if (!(permissions.isEmpty() && configuredPolicies != null)) {
					throw new N6kConfigurationException(property + ".permissions: " + ex.getMessage(),
							"Grant each table of " + property + ".permissions read or readwrite.");
				}
			}
		}
		if (configuredPolicies != null) {
			Map<TableRef, TablePolicy> parsed;
			try {
				parsed = Policies.parse(configuredPolicies);
			}
			catch (IllegalArgumentException ex) {
				throw new N6kConfigurationException(property + ".policies." + ex.getMessage(),
						"Give each table of " + property + ".policies its verbs, each true or a DuckDB predicate.");
			}
			for (TableRef table : parsed.keySet()) {
				if (policies.keySet()
					.stream()
					.anyMatch((t) -> t.qualifiedName().equalsIgnoreCase(table.qualifiedName()))) {
					throw new N6kConfigurationException(
							property + " lists " + table.qualifiedName() + " under both permissions and policies.",
							"Remove it from " + property + ".permissions or from " + property + ".policies.");
				}
			}
			policies.putAll(parsed);
		}
		for (TableRef table : policies.keySet()) {
			if (!tableExists(database, name, table)) {
				String where = (permissions != null && Grants.parse(permissions).containsKey(table)) ? ".permissions"
						: ".policies";
				throw new N6kConfigurationException(
						property + where + " grants " + table.qualifiedName() + ", which does not exist in catalog \""
								+ name + "\".",
						"Create the table (in n6k.duckdb.init-sql, spring.sql.init or a migration) or remove its "
								+ ((where.equals(".permissions")) ? "grant." : "policies."));
			}
		}
		for (TableRef table : primaryKeys.keySet()) {
			if (!tableExists(database, name, table)) {
				throw new N6kConfigurationException(
						property + ".primary-keys names " + table.qualifiedName()
								+ ", which does not exist in catalog \"" + name + "\".",
						"Fix the table name or remove the entry.");
			}
		}
		checkPredicates(database, name, policies);
		return CatalogAccess.listed(name, readOnly, policies, primaryKeys, policyProvider, policyParameters);
	}

	/**
	 * Bind every row-policy predicate against its table: a bad one stops startup with the
	 * catalog, the table, the verb and DuckDB's message.
	 */
	private static void checkPredicates(DuckDbDatabase database, String name, Map<TableRef, TablePolicy> policies) {
		List<PolicyCheck.Problem> problems;
		List<PolicyCheck.Problem> views;
		try {
			problems = PolicyCheck.check(database, name, policies);
			views = PolicyCheck.viewsOverPolicies(database, name, policies);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		if (!views.isEmpty()) {
			PolicyCheck.Problem view = views.get(0);
			throw new N6kConfigurationException(
					"n6k.catalogs." + name + " serves the view " + view.table().qualifiedName() + ": " + view.message()
							+ ".",
					"Remove " + view.table().qualifiedName() + " from n6k.catalogs." + name
							+ ".permissions and .policies, or serve " + view.predicate() + " without a row predicate.");
		}
		if (problems.isEmpty()) {
			return;
		}
		StringBuilder description = new StringBuilder();
		for (PolicyCheck.Problem problem : problems) {
			if (!description.isEmpty()) {
				description.append(System.lineSeparator());
			}
			description.append("n6k.catalogs.")
				.append(name)
				.append(".policies.")
				.append(problem.table().qualifiedName())
				.append('.')
				.append(problem.verb())
				.append(" (catalog \"")
				.append(name)
				.append("\", table ")
				.append(problem.table().qualifiedName())
				.append(", verb ")
				.append(problem.verb())
				.append(") \"")
				.append(problem.predicate())
				.append("\" cannot be used: ")
				.append(problem.message());
		}
		throw new N6kConfigurationException(description.toString(),
				"Fix the predicate: it is a DuckDB boolean expression over the table's columns; parameters are "
						+ "written $name; tables it reads must be qualified as catalog.schema.table.");
	}

	private static boolean tableExists(DuckDbDatabase database, String catalog, TableRef table) {
		try {
			return database.hasTable(catalog, table.schema(), table.table());
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the URL of a DataSource's DuckDB connections, or {@code null} when it does
	 * not give DuckDB connections.
	 */
	private static @Nullable String duckDbUrl(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.isWrapperFor(DuckDBConnection.class) ? connection.getMetaData().getURL() : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

	/** Return the database part of a DuckDB JDBC URL: a file path or a memory name. */
	private static String filePart(String url) {
		String database = url.startsWith("jdbc:duckdb:") ? url.substring("jdbc:duckdb:".length()) : url;
		int options = database.indexOf(';');
		database = (options >= 0) ? database.substring(0, options) : database;
		options = database.indexOf('?');
		return (options >= 0) ? database.substring(0, options) : database;
	}

	private static boolean isInMemory(String url) {
		String database = filePart(url);
		return database.isEmpty() || database.startsWith(":memory:");
	}

	static boolean isUnnamedInMemory(String url) {
		if (!url.startsWith("jdbc:duckdb:")) {
			return false;
		}
		String database = url.substring("jdbc:duckdb:".length());
		int options = database.indexOf(';');
		database = (options >= 0) ? database.substring(0, options) : database;
		options = database.indexOf('?');
		database = (options >= 0) ? database.substring(0, options) : database;
		return database.isEmpty() || database.equals(":memory:");
	}

}
