package io.n6k.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.n6k.client.ArrowIpc;
import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.client.Response;
import io.n6k.support.DuckDbTestConfiguration;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pooled DuckDB connections over real sockets, with one idle connection at most so that
 * the next request reuses whatever the last one gave back: nothing one client's request
 * leaves on a connection reaches another client's request, and a cancelled request leaves
 * no interrupted connection behind.
 *
 * @author n6k
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.duckdb.max-idle-connections=1", "n6k.duckdb.init-sql[0]=classpath:fixture.sql",
				"n6k.duckdb.init-sql[1]=classpath:types.sql",
				"n6k.duckdb.init-sql[2]=CREATE TABLE db.main.numbers AS SELECT range AS n FROM range(5000000)",
				"n6k.duckdb.init-sql[3]=CREATE VIEW db.main.endless AS SELECT range AS n FROM range(1000000000000)" })
@Import(DuckDbTestConfiguration.class)
class PooledConnectionTests extends SocketTestSupport {

	private static final Map<String, Object> USERS = Map.of("schema", "main", "table", "users");

	@Autowired
	DuckDbDatabase database;

	@Test
	void structuredReadsShareOneConnection() {
		N6kClient client = open("db");
		client.call(1, 4, USERS);
		ConnectionPool.Stats before = this.database.pool().stats();
		for (int id = 2; id <= 5; id++) {
			assertThat(client.call(id, 4, USERS).arrow().rows()).hasSize(3);
		}
		ConnectionPool.Stats after = this.database.pool().stats();
		assertThat(after.created()).isEqualTo(before.created());
		assertThat(after.reused()).isEqualTo(before.reused() + 4);
	}

	@Test
	void rpcTableInputOfOneClientIsGoneForTheNext() throws SQLException {
		Response first = open("db").call(1, 0, 9, Map.of("function", "sum_table"), ArrowIpc.bigints("id", 1, 2, 3));
		assertThat(first.arrow().rows()).containsExactly(List.of(6L));
		assertIdleConnectionsAreClean();
		// the same temporary table name again: it fails if the first one is still there
		Response second = open("db").call(1, 0, 9, Map.of("function", "sum_table"), ArrowIpc.bigints("id", 10, 20, 30));
		assertThat(second.arrow().rows()).containsExactly(List.of(60L));
		assertIdleConnectionsAreClean();
	}

	@Test
	void insertLeavesNoRegisteredStreamBehind() throws SQLException {
		N6kClient writer = open("db");
		Response insert = writer.call(1, 0, 5, Map.of("schema", "main", "table", "numbers"),
				ArrowIpc.bigints("id", -1));
		assertThat(insert.terminal().get("rowcount")).isEqualTo(1L);
		assertIdleConnectionsAreClean();
		N6kClient reader = open("db");
		assertThat(
				reader.call(1, 4, args("schema", "main", "table", "numbers", "filters", List.of(List.of("n", "<", 0))))
					.arrow()
					.rows())
			.containsExactly(List.of(-1L));
		writer.call(2, 6, Map.of("sql", "DELETE FROM db.main.numbers WHERE n < 0"));
		assertIdleConnectionsAreClean();
	}

	@Test
	void searchPathOfOneClientDoesNotReachTheNext() throws SQLException {
		// SUMMARIZE runs with the served catalog as the connection's default
		Response summary = open("db").call(1, 7, Map.of("sql", "SUMMARIZE users"));
		assertThat(summary.isError()).isFalse();
		assertIdleConnectionsAreClean();
		Response unqualified = open("db").call(1, 7, Map.of("sql", "SELECT count(*) FROM users"));
		assertThat(unqualified.exceptionType()).isEqualTo("CatalogException");
	}

	@Test
	void cancelledStreamGivesBackAConnectionTheNextClientCanUse() throws SQLException {
		N6kClient first = open("db");
		first.request(1, 4, args("schema", "main", "table", "numbers", "_batch_rows", 2048));
		assertThat(first.next().type()).isEqualTo(2);
		assertThat(first.next().type()).isEqualTo(3);
		first.cancel(1, 0);
		ReceivedFrame end = first.take((frame) -> frame.type() == 4 || frame.type() == 5, N6kClient.TIMEOUT);
		assertThat(end.get("cancelled")).isEqualTo(true);
		assertIdleConnectionsAreClean();
		ConnectionPool.Stats before = this.database.pool().stats();
		N6kClient second = open("db");
		assertThat(second.call(1, 4, USERS).arrow().rows()).hasSize(3);
		assertThat(second
			.call(2, 13, args("schema", "main", "table", "numbers", "aggregates", List.of(Map.of("fn", "count"))))
			.arrow()
			.rows()).containsExactly(List.of(5_000_000L));
		assertThat(this.database.pool().stats().created()).isEqualTo(before.created());
		assertIdleConnectionsAreClean();
	}

	@Test
	void cancelInterruptsTheRunningQueryAndItsConnectionIsNotReused() throws SQLException {
		N6kClient first = open("db");
		long discarded = this.database.pool().stats().discarded();
		first.request(1, 13, args("schema", "main", "table", "endless", "aggregates", List.of(Map.of("fn", "count"))));
		await().pollDelay(Duration.ofMillis(300)).until(() -> true);
		first.cancel(1, 0);
		ReceivedFrame end = first.take((frame) -> frame.type() == 4 || frame.type() == 5, Duration.ofSeconds(5));
		assertThat(end.get("cancelled")).isEqualTo(true);
		assertThat(this.database.pool().stats().discarded()).isEqualTo(discarded + 1);
		assertIdleConnectionsAreClean();
		N6kClient second = open("db");
		for (int id = 1; id <= 3; id++) {
			assertThat(second.call(id, 4, USERS).arrow().rows()).hasSize(3);
		}
		assertIdleConnectionsAreClean();
	}

	@Test
	void streamDroppedMidFlightGivesBackACleanConnection() throws SQLException {
		N6kClient first = open("db");
		first.request(1, 4, args("schema", "main", "table", "numbers", "_batch_rows", 2048));
		assertThat(first.next().type()).isEqualTo(2);
		first.abort();
		N6kClient second = open("db");
		assertThat(second.call(1, 4, USERS).arrow().rows()).hasSize(3);
		assertIdleConnectionsAreClean();
	}

	private void assertIdleConnectionsAreClean() throws SQLException {
		for (DuckDBConnection connection : this.database.pool().idleConnections()) {
			assertThat(connection.isClosed()).isFalse();
			assertThat(connection.getAutoCommit()).isTrue();
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement
						.executeQuery("SELECT (SELECT count(*) FROM duckdb_tables() WHERE temporary) "
								+ "+ (SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal) "
								+ "+ (SELECT count(*) FROM duckdb_functions() WHERE database_name = 'temp') "
								+ "+ (SELECT count(*) FROM duckdb_sequences() WHERE temporary), "
								+ "(SELECT count(*) FROM duckdb_variables()), current_setting('search_path')")) {
				rs.next();
				assertThat(rs.getLong(1)).as("temporary objects").isZero();
				assertThat(rs.getLong(2)).as("variables").isZero();
				assertThat(rs.getString(3)).as("search path").isEmpty();
			}
		}
	}

}
