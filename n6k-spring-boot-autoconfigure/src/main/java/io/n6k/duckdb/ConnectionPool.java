package io.n6k.duckdb;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.duckdb.DuckDBConnection;

/**
 * The idle connections of one {@link DuckDbDatabase}, handed out as
 * {@link ConnectionLease leases} and taken back only when they are known to be clean
 * without asking DuckDB: a connection that ran a client's SQL, had per-connection state
 * set (temporary objects, registered Arrow streams, variables, search path) or was
 * interrupted is closed instead. Measured on DuckDB 2.0: {@code duplicate()} plus
 * {@code close()} costs about 20 µs of CPU, while the cheapest query that could prove a
 * connection clean ({@code duckdb_variables()}, prepared) costs about 100 µs, and
 * {@code duckdb_functions()} (temporary macros) or {@code duckdb_settings()} several
 * milliseconds; a fresh duplicate is therefore always the cheaper proof.
 *
 * @author n6k
 */
final class ConnectionPool {

	/** Idle connections kept by default. */
	static final int DEFAULT_MAX_IDLE = 16;

	private final DuckDBConnection root;

	private final ArrayDeque<ConnectionLease> idle = new ArrayDeque<>();

	private int maxIdle = DEFAULT_MAX_IDLE;

	private boolean closed;

	private long created;

	private long reused;

	private long discarded;

	private long leased;

	ConnectionPool(DuckDBConnection root) {
		this.root = root;
	}

	/**
	 * Hand out an idle connection, or a new duplicate of the root connection.
	 * @return the lease; closing it gives the connection back
	 * @throws SQLException if the database is closed
	 */
	ConnectionLease lease() throws SQLException {
		ConnectionLease previous;
		synchronized (this) {
			previous = this.idle.pollFirst();
			this.leased++;
			if (previous != null) {
				this.reused++;
			}
			else {
				this.created++;
			}
		}
		if (previous != null) {
			return new ConnectionLease(this, previous.connection(), previous.keptStatements());
		}
		try {
			DuckDBConnection connection = this.root.duplicate();
			return new ConnectionLease(this, connection, new PreparedStatements(connection));
		}
		catch (SQLException | RuntimeException ex) {
			synchronized (this) {
				this.leased--;
			}
			throw ex;
		}
	}

	/**
	 * Take a connection back, or close it.
	 * @param lease a lease handed out by this pool, now released
	 * @param reusable whether the lease proved its connection clean
	 */
	void release(ConnectionLease lease, boolean reusable) {
		synchronized (this) {
			this.leased--;
			if (reusable && !this.closed && this.idle.size() < this.maxIdle) {
				this.idle.addFirst(lease);
				return;
			}
			this.discarded++;
		}
		discard(lease);
	}

	private static void discard(ConnectionLease lease) {
		PreparedStatements statements = lease.keptStatements();
		if (statements != null) {
			statements.close();
		}
		DuckDbJdbc.closeQuietly(lease.connection());
	}

	/**
	 * Set how many idle connections are kept; extra ones are closed as they come back.
	 * @param maxIdle the bound, {@code 0} to close every connection after its request
	 */
	void maxIdle(int maxIdle) {
		if (maxIdle < 0) {
			throw new IllegalArgumentException("maxIdle must not be negative");
		}
		List<ConnectionLease> extra = new ArrayList<>();
		synchronized (this) {
			this.maxIdle = maxIdle;
			while (this.idle.size() > maxIdle) {
				extra.add(this.idle.pollLast());
				this.discarded++;
			}
		}
		extra.forEach(ConnectionPool::discard);
	}

	/** Close the idle connections; connections still leased are closed when released. */
	void close() {
		List<ConnectionLease> all;
		synchronized (this) {
			this.closed = true;
			all = new ArrayList<>(this.idle);
			this.idle.clear();
		}
		all.forEach(ConnectionPool::discard);
	}

	/**
	 * Return what the pool has done so far.
	 * @return the counters
	 */
	synchronized Stats stats() {
		return new Stats(this.idle.size(), this.leased, this.created, this.reused, this.discarded);
	}

	/**
	 * Return the idle connections, for tests that inspect them.
	 * @return a snapshot
	 */
	synchronized List<DuckDBConnection> idleConnections() {
		return this.idle.stream().map(ConnectionLease::connection).toList();
	}

	/**
	 * Return the prepared statements kept by the idle connections, for tests.
	 * @return a snapshot, one per idle connection
	 */
	synchronized List<PreparedStatements> idleStatements() {
		return this.idle.stream().map(ConnectionLease::keptStatements).filter(Objects::nonNull).toList();
	}

	/**
	 * What a pool has done.
	 *
	 * @param idle connections idle now
	 * @param leased connections handed out and not given back yet
	 * @param created connections duplicated
	 * @param reused leases served by an idle connection
	 * @param discarded connections closed on release instead of kept
	 */
	record Stats(int idle, long leased, long created, long reused, long discarded) {
	}

}
