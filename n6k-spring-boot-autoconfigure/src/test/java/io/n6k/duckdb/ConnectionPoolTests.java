package io.n6k.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The idle-connection pool of {@link DuckDbDatabase}: what it keeps, what it closes, and
 * that no state of one lease reaches the next.
 *
 * @author n6k
 */
class ConnectionPoolTests {

	private DuckDbDatabase database;

	@BeforeEach
	void open() throws SQLException {
		this.database = DuckDbDatabase.open("jdbc:duckdb:", Map.of());
		this.database.execute("ATTACH ':memory:' AS db", "CREATE TABLE db.main.t (i INTEGER)");
		this.database.setMaxIdleConnections(1);
	}

	@AfterEach
	void close() {
		this.database.close();
	}

	@Test
	void cleanLeaseIsReused() throws SQLException {
		DuckDBConnection first;
		try (ConnectionLease lease = this.database.lease()) {
			first = lease.connection();
			assertThat(count(first, "SELECT count(*) FROM db.main.t")).isZero();
		}
		try (ConnectionLease lease = this.database.lease()) {
			assertThat(lease.connection()).isSameAs(first);
			assertThat(first.isClosed()).isFalse();
		}
		assertThat(this.database.pool().stats().reused()).isEqualTo(1);
	}

	@Test
	void dirtyLeaseIsClosedWithEveryKindOfLeftover() throws SQLException {
		DuckDBConnection first;
		try (ConnectionLease lease = this.database.lease().markDirty()) {
			first = lease.connection();
			try (Statement statement = first.createStatement()) {
				statement.execute("CREATE TEMP TABLE leftover_table (i INTEGER)");
				statement.execute("CREATE TEMP VIEW leftover_view AS SELECT 1");
				statement.execute("CREATE TEMP MACRO leftover_macro() AS 1");
				statement.execute("CREATE TEMP SEQUENCE leftover_sequence");
				statement.execute("SET VARIABLE tenant = 7");
				statement.execute("USE db");
				statement.execute("PREPARE leftover_statement AS SELECT 1");
			}
		}
		assertThat(first.isClosed()).isTrue();
		try (ConnectionLease lease = this.database.lease()) {
			DuckDBConnection next = lease.connection();
			assertThat(next).isNotSameAs(first);
			assertThat(Leftovers.of(next)).isEqualTo(Leftovers.NONE);
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> count(next, "EXECUTE leftover_statement"))
				.withMessageContaining("leftover_statement");
		}
	}

	@Test
	void openTransactionIsRolledBackBeforeReuse() throws SQLException {
		DuckDBConnection first;
		try (ConnectionLease lease = this.database.lease()) {
			first = lease.connection();
			first.setAutoCommit(false);
			try (Statement statement = first.createStatement()) {
				statement.execute("INSERT INTO db.main.t VALUES (1)");
			}
		}
		try (ConnectionLease lease = this.database.lease()) {
			assertThat(lease.connection()).isSameAs(first);
			assertThat(first.getAutoCommit()).isTrue();
			assertThat(count(first, "SELECT count(*) FROM db.main.t")).isZero();
		}
		try (DuckDBConnection other = this.database.connect()) {
			assertThat(count(other, "SELECT count(*) FROM db.main.t")).isZero();
		}
	}

	@Test
	void interruptStopsTheLeasesQueryAndKeepsTheConnectionOutOfThePool() throws Exception {
		long discarded = this.database.pool().stats().discarded();
		ConnectionLease lease = this.database.lease();
		DuckDBConnection first = lease.connection();
		CompletableFuture<Long> endless = CompletableFuture
			.supplyAsync(() -> countUnchecked(first, "SELECT sum(range) FROM range(1000000000000)"));
		Thread.sleep(200);
		lease.interrupt();
		assertThat(endless).failsWithin(10, TimeUnit.SECONDS);
		lease.close();
		try (ConnectionLease next = this.database.lease()) {
			assertThat(next.connection()).isNotSameAs(first);
			assertThat(count(next.connection(), "SELECT count(*) FROM range(10)")).isEqualTo(10);
		}
		assertThat(this.database.pool().stats().discarded()).isEqualTo(discarded + 1);
	}

	@Test
	void lateInterruptDoesNotReachTheNextLease() throws SQLException {
		ConnectionLease finished = this.database.lease();
		DuckDBConnection connection = finished.connection();
		finished.close();
		try (ConnectionLease next = this.database.lease()) {
			assertThat(next.connection()).isSameAs(connection);
			finished.interrupt();
			assertThat(connection.isClosed()).isFalse();
			assertThat(count(connection, "SELECT count(*) FROM range(3)")).isEqualTo(3);
		}
	}

	@Test
	void idleConnectionsAreBounded() throws SQLException {
		this.database.setMaxIdleConnections(2);
		List<ConnectionLease> leases = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			leases.add(this.database.lease());
		}
		leases.forEach(ConnectionLease::close);
		assertThat(this.database.pool().stats().idle()).isEqualTo(2);
		assertThat(leases.stream().filter((lease) -> isClosed(lease.connection())).count()).isEqualTo(3);
		this.database.setMaxIdleConnections(0);
		assertThat(this.database.pool().stats().idle()).isZero();
		assertThat(leases.stream().filter((lease) -> isClosed(lease.connection())).count()).isEqualTo(5);
	}

	@Test
	void closingTheDatabaseClosesIdleAndLaterReleasedConnections() throws SQLException {
		ConnectionLease idle = this.database.lease();
		ConnectionLease busy = this.database.lease();
		idle.close();
		this.database.close();
		assertThat(idle.connection().isClosed()).isTrue();
		busy.close();
		assertThat(busy.connection().isClosed()).isTrue();
	}

	@Test
	void negativeBoundIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.database.setMaxIdleConnections(-1));
	}

	private static boolean isClosed(DuckDBConnection connection) {
		try {
			return connection.isClosed();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long countUnchecked(DuckDBConnection connection, String sql) {
		try {
			return count(connection, sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static long count(DuckDBConnection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
