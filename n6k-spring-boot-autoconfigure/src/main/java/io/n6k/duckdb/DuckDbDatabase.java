package io.n6k.duckdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * A DuckDB database instance the server serves catalogs of. Every request gets its own
 * connection (a {@code duplicate()} of one root connection, kept in a small pool of idle
 * connections that only takes back connections no request state can have reached), so
 * requests run in parallel; results are streamed ({@code jdbc_stream_results}).
 *
 * @author n6k
 * @since 0.1.0
 */
public final class DuckDbDatabase implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DuckDbDatabase.class);

	private final DuckDBConnection root;

	private final boolean ownInstance;

	private final ConnectionPool pool;

	private final CatalogCaches caches = new CatalogCaches();

	private DuckDbDatabase(DuckDBConnection root, boolean ownInstance) {
		this.root = root;
		this.ownInstance = ownInstance;
		this.pool = new ConnectionPool(root);
	}

	/**
	 * Return whether the application chose {@code jdbc_stream_results} for its instance
	 * (either way); DuckDB knows the setting only once it has been set.
	 */
	private static boolean streamingChosen(DuckDBConnection connection) {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_setting('jdbc_stream_results')")) {
			return result.next();
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * Open a database the server owns.
	 * @param url JDBC URL, such as {@code jdbc:duckdb:} for a fresh in-memory database
	 * @param settings DuckDB settings applied when the instance opens, in order
	 * @return the database
	 * @throws SQLException if DuckDB cannot open it
	 */
	public static DuckDbDatabase open(String url, Map<String, String> settings) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("jdbc_stream_results", "true");
		settings.forEach(properties::setProperty);
		DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(url, properties);
		return new DuckDbDatabase(connection, true);
	}

	/**
	 * Open a fresh in-memory database (startup catalog {@code memory}).
	 * @return the database
	 * @throws SQLException if DuckDB cannot open it
	 */
	public static DuckDbDatabase inMemory() throws SQLException {
		return open("jdbc:duckdb:", new LinkedHashMap<>());
	}

	/**
	 * Serve the database instance behind an application's {@link DataSource}, so that
	 * what the application writes through JDBC is what clients read.
	 * @param dataSource a DataSource whose connections are DuckDB connections
	 * @return the database
	 * @throws SQLException if the DataSource does not give DuckDB connections
	 */
	public static DuckDbDatabase shared(DataSource dataSource) throws SQLException {
		// Borrow one connection only long enough to duplicate it: the duplicate keeps the
		// instance open and the pool keeps all of its connections.
		try (Connection connection = dataSource.getConnection()) {
			DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
			DuckDBConnection root = duck.duplicate();
			try {
				// unless the application chose either way, the server's connections
				// stream
				if (!streamingChosen(root)) {
					streamResults(root);
				}
			}
			catch (SQLException | RuntimeException ex) {
				DuckDbJdbc.closeQuietly(root);
				throw ex;
			}
			return new DuckDbDatabase(root, false);
		}
	}

	/**
	 * Make the server's connections to an application's instance stream their results. An
	 * application's DataSource rarely sets {@code jdbc_stream_results}, and without it
	 * DuckDB materialises every result before its first row leaves (a dropped SCAN of a
	 * 10 M-row table cost 0.5 s of CPU and the whole result in memory). It is set for
	 * this session only, so the application's own connections keep their behaviour; every
	 * {@code duplicate()} of this root connection inherits it.
	 */
	private static void streamResults(DuckDBConnection root) throws SQLException {
		try (Statement statement = root.createStatement()) {
			statement.execute("SET SESSION jdbc_stream_results = true");
		}
		catch (SQLException ex) {
			String message = String.valueOf(ex.getMessage());
			if (!message.contains("configuration has been locked")) {
				throw ex;
			}
			// locked by an earlier context that opened the instance: its connections
			// stream if that context set the option
			if (!streamsResults(root)) {
				logger.warn("n6k cannot make its connections to the application's locked DuckDB instance "
						+ "stream results (" + message.lines().findFirst().orElse("") + "): every result is "
						+ "materialised before it is sent. Set jdbc_stream_results=true in the DataSource's "
						+ "connection properties.");
			}
		}
	}

	private static boolean streamsResults(DuckDBConnection connection) {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT current_setting('jdbc_stream_results')")) {
			return rs.next() && rs.getBoolean(1);
		}
		catch (SQLException ex) {
			// an option no connection has set is unknown to DuckDB
			return false;
		}
	}

	/**
	 * Return a new connection to this database; the caller closes it.
	 * @return a connection with streamed results
	 * @throws SQLException if the database is closed
	 */
	public DuckDBConnection connect() throws SQLException {
		return this.root.duplicate();
	}

	/**
	 * Return what the handlers of this instance keep in memory about its catalogs.
	 * @return the caches
	 */
	CatalogCaches caches() {
		return this.caches;
	}

	/**
	 * Lease a connection for one request, from the idle pool when it has one.
	 * @return the lease; closing it gives the connection back or closes it
	 * @throws SQLException if the database is closed
	 */
	ConnectionLease lease() throws SQLException {
		return this.pool.lease();
	}

	/**
	 * Set how many idle connections are kept for the next requests (16 by default).
	 * @param maxIdleConnections the bound, {@code 0} for a new connection per request
	 */
	public void setMaxIdleConnections(int maxIdleConnections) {
		this.pool.maxIdle(maxIdleConnections);
	}

	ConnectionPool pool() {
		return this.pool;
	}

	/**
	 * Run statements on a connection that is closed afterwards.
	 * @param statements SQL statements, run in order
	 * @throws SQLException on the first failure
	 */
	public void execute(String... statements) throws SQLException {
		try (ConnectionLease lease = lease().markDirty(); Statement statement = lease.connection().createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	/**
	 * Run a query and return its rows as JDBC objects (for small, internal queries).
	 * @param sql the query
	 * @param parameters positional parameters
	 * @return the rows
	 * @throws SQLException on failure
	 */
	public List<List<@Nullable Object>> query(String sql, Object... parameters) throws SQLException {
		try (ConnectionLease lease = lease(); var statement = lease.connection().prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				int columns = rs.getMetaData().getColumnCount();
				List<List<@Nullable Object>> rows = new ArrayList<>();
				while (rs.next()) {
					List<@Nullable Object> row = new ArrayList<>(columns);
					for (int i = 1; i <= columns; i++) {
						row.add(rs.getObject(i));
					}
					rows.add(row);
				}
				return rows;
			}
		}
	}

	/**
	 * Return whether a catalog (attached database) of this name exists.
	 * @param catalog the name
	 * @return whether it exists
	 * @throws SQLException on failure
	 */
	public boolean hasCatalog(String catalog) throws SQLException {
		return !query("SELECT 1 FROM duckdb_databases() WHERE database_name = ?", catalog).isEmpty();
	}

	/**
	 * Return the file a catalog was attached from.
	 * @param catalog the name of an existing catalog
	 * @return the file, or {@code null} for an in-memory catalog
	 * @throws SQLException on failure
	 */
	public @Nullable String path(String catalog) throws SQLException {
		Object path = query("SELECT path FROM duckdb_databases() WHERE database_name = ?", catalog).get(0).get(0);
		return (path == null || path.toString().isEmpty()) ? null : path.toString();
	}

	/**
	 * Return whether a catalog has a table or view of this name (schema and table matched
	 * case-insensitively, as DuckDB resolves them).
	 * @param catalog the catalog
	 * @param schema the schema
	 * @param table the table or view
	 * @return whether it exists
	 * @throws SQLException on failure
	 */
	public boolean hasTable(String catalog, String schema, String table) throws SQLException {
		return !query("SELECT 1 FROM duckdb_tables() WHERE database_name = ? AND lower(schema_name) = lower(?) "
				+ "AND lower(table_name) = lower(?) UNION ALL SELECT 1 FROM duckdb_views() WHERE database_name = ? "
				+ "AND lower(schema_name) = lower(?) AND lower(view_name) = lower(?)", catalog, schema, table, catalog,
				schema, table)
			.isEmpty();
	}

	/**
	 * Return whether a catalog is attached read-only.
	 * @param catalog the name
	 * @return whether read-only
	 * @throws SQLException on failure
	 */
	public boolean isReadOnly(String catalog) throws SQLException {
		List<List<@Nullable Object>> rows = query("SELECT readonly FROM duckdb_databases() WHERE database_name = ?",
				catalog);
		return !rows.isEmpty() && Boolean.TRUE.equals(rows.get(0).get(0));
	}

	/**
	 * Attach a DuckDB file, or a fresh in-memory database for {@code :memory:}, as a
	 * catalog.
	 * @param catalog the catalog name
	 * @param path the database file, or {@code :memory:}
	 * @param readOnly whether to attach it read-only (ignored for {@code :memory:}, which
	 * DuckDB cannot attach read-only)
	 * @throws SQLException if DuckDB cannot attach it
	 */
	public void attach(String catalog, String path, boolean readOnly) throws SQLException {
		boolean attachReadOnly = readOnly && !path.equals(":memory:");
		execute("ATTACH " + SqlRendering.string(path) + " AS " + SqlRendering.identifier(catalog)
				+ (attachReadOnly ? " (READ_ONLY)" : ""));
	}

	/**
	 * Lock this instance down as the second wall behind the SQL guard: no file or network
	 * access, no extension installs or loads, no persistent secrets, configuration locked
	 * last (protocol §6.3). An instance that is already locked (shared by two application
	 * contexts) is left as it is: its settings can no longer change.
	 * @throws SQLException if DuckDB refuses a setting
	 */
	public void lockDown() throws SQLException {
		if (isLockedDown()) {
			return;
		}
		execute("SET enable_external_access = false", "SET autoinstall_known_extensions = false",
				"SET autoload_known_extensions = false", "SET allow_community_extensions = false",
				"SET allow_unsigned_extensions = false", "SET allow_persistent_secrets = false",
				"SET lock_configuration = true");
	}

	private boolean isLockedDown() throws SQLException {
		return Boolean.TRUE.equals(
				query("SELECT current_setting('lock_configuration') AND NOT current_setting('enable_external_access')")
					.get(0)
					.get(0));
	}

	/**
	 * Return whether the server opened this instance itself (and may lock it down).
	 * @return whether owned
	 */
	public boolean isOwnInstance() {
		return this.ownInstance;
	}

	@Override
	public void close() {
		this.pool.close();
		try {
			this.root.close();
		}
		catch (SQLException ex) {
			// closing: nothing left to do with the failure
		}
	}

}
