package io.n6k.duckdb;

import java.sql.SQLException;

import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * One request's use of a DuckDB connection. Closing the lease gives the connection back
 * to its {@link ConnectionPool} when nothing the request did can have changed it: an open
 * transaction is rolled back and auto-commit restored; a lease {@link #markDirty() marked
 * dirty} or {@link #interrupt() interrupted} closes its connection instead.
 * <p>
 * Code that runs a client's SQL, registers an Arrow stream, creates temporary objects,
 * changes the search path or sets DuckDB variables ({@code SET VARIABLE}) on the
 * connection must mark the lease dirty first: a lease that is not dirty goes back to the
 * pool without any check.
 *
 * @author n6k
 */
final class ConnectionLease implements AutoCloseable {

	private final @Nullable ConnectionPool pool;

	private final DuckDBConnection connection;

	private final @Nullable PreparedStatements statements;

	private volatile boolean dirty;

	private boolean interrupted;

	private boolean released;

	ConnectionLease(@Nullable ConnectionPool pool, DuckDBConnection connection,
			@Nullable PreparedStatements statements) {
		this.pool = pool;
		this.connection = connection;
		this.statements = statements;
	}

	/**
	 * Wrap a connection that belongs to no pool: closing the lease closes it.
	 * @param connection the connection
	 * @return the lease
	 */
	static ConnectionLease unpooled(DuckDBConnection connection) {
		return new ConnectionLease(null, connection, null);
	}

	/**
	 * Return the leased connection. Never close it directly: close the lease.
	 * @return the connection
	 */
	DuckDBConnection connection() {
		return this.connection;
	}

	/**
	 * Return the prepared statements kept with a pooled connection, while the lease is
	 * clean: statements prepared on a connection that holds a request's state are never
	 * kept.
	 * @return the statements, or {@code null} for an unpooled or dirty lease
	 */
	@Nullable PreparedStatements statements() {
		return this.dirty ? null : this.statements;
	}

	/**
	 * Return the prepared statements kept with the connection, dirty or not (for the
	 * pool, which closes or keeps them with it).
	 * @return the statements, or {@code null} for an unpooled lease
	 */
	@Nullable PreparedStatements keptStatements() {
		return this.statements;
	}

	/**
	 * Mark the connection as possibly holding state of this request, so it is closed
	 * rather than reused.
	 * @return this lease
	 */
	ConnectionLease markDirty() {
		this.dirty = true;
		return this;
	}

	/**
	 * Stop whatever the connection is running by closing it (for an Arrow export the only
	 * thing that does), unless the lease has already been given back: a late cancel never
	 * reaches the next request on the same connection.
	 */
	void interrupt() {
		synchronized (this) {
			if (this.released) {
				return;
			}
			this.interrupted = true;
			DuckDbJdbc.closeQuietly(this.connection);
		}
	}

	/** Give the connection back to the pool, or close it. */
	@Override
	public void close() {
		synchronized (this) {
			if (this.released) {
				return;
			}
			this.released = true;
		}
		ConnectionPool pool = this.pool;
		if (pool == null) {
			DuckDbJdbc.closeQuietly(this.connection);
			return;
		}
		pool.release(this, !this.interrupted && !this.dirty && reset());
	}

	/** End an open transaction; return whether the connection is fit for reuse. */
	private boolean reset() {
		try {
			if (this.connection.isClosed()) {
				return false;
			}
			if (!this.connection.getAutoCommit()) {
				// rollback first: turning auto-commit back on would commit
				this.connection.rollback();
				this.connection.setAutoCommit(true);
			}
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
