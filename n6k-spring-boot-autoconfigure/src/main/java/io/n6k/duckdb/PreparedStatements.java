package io.n6k.duckdb;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * The prepared statements of one pooled connection, for the SQL the server generates
 * itself (SCAN, AGGREGATE): executing a prepared statement again skips DuckDB's parser,
 * binder and optimizer, most of the cost of a small read. Only the lease holder uses
 * them, so no locking is needed.
 * <p>
 * A statement is keyed by its exact text, which holds everything that decides its answer
 * (catalog, table, columns, filter values, the principal's row policy predicate);
 * connections whose requests set per-connection state (policy values, a client's SQL) are
 * dirty and never pooled, so their statements never reach another request. Statements are
 * dropped when the {@link CatalogCaches#version() shape version} moves and, for changes
 * nobody reports, after {@link CatalogCaches#MAX_AGE_NANOS}, as the metadata snapshot is.
 *
 * @author n6k
 */
final class PreparedStatements {

	/** Statements kept per connection. */
	static final int MAX_SIZE = 32;

	private final DuckDBConnection connection;

	private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true);

	private long version = -1;

	private long since;

	private long prepared;

	private long reused;

	PreparedStatements(DuckDBConnection connection) {
		this.connection = connection;
	}

	/**
	 * Return the prepared statement of {@code sql}, preparing it when it is not kept or
	 * was prepared for another shape version.
	 * @param sql the statement text
	 * @param version the current shape version
	 * @return the statement, owned by this cache (never close it; {@link #discard} it)
	 * @throws SQLException if the statement cannot be prepared
	 */
	PreparedStatement take(String sql, long version) throws SQLException {
		long now = System.nanoTime();
		if (version != this.version || now - this.since >= CatalogCaches.MAX_AGE_NANOS) {
			close();
			this.version = version;
			this.since = now;
		}
		PreparedStatement statement = this.statements.get(sql);
		if (statement != null) {
			this.reused++;
			return statement;
		}
		statement = this.connection.prepareStatement(sql);
		this.prepared++;
		this.statements.put(sql, statement);
		if (this.statements.size() > MAX_SIZE) {
			Iterator<PreparedStatement> eldest = this.statements.values().iterator();
			closeQuietly(eldest.next());
			eldest.remove();
		}
		return statement;
	}

	/**
	 * Close and forget the statement of {@code sql} (after it failed).
	 * @param sql the statement text
	 */
	void discard(String sql) {
		PreparedStatement statement = this.statements.remove(sql);
		if (statement != null) {
			closeQuietly(statement);
		}
	}

	/** Close every statement. */
	void close() {
		List<PreparedStatement> all = new ArrayList<>(this.statements.values());
		this.statements.clear();
		all.forEach(PreparedStatements::closeQuietly);
	}

	/**
	 * Return the texts of the statements kept, for tests.
	 * @return the texts, least recently used first
	 */
	List<String> texts() {
		return List.copyOf(this.statements.keySet());
	}

	/**
	 * Return how many statements were prepared and how many executions reused one.
	 * @return {@code [prepared, reused]}
	 */
	long[] counts() {
		return new long[] { this.prepared, this.reused };
	}

	private static void closeQuietly(@Nullable PreparedStatement statement) {
		if (statement != null) {
			try {
				statement.close();
			}
			catch (SQLException | RuntimeException ex) {
				// the statement is gone either way
			}
		}
	}

}
