package io.n6k.duckdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import io.n6k.client.N6kClient;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Served from the application's own DataSource, whose connections do not set
 * {@code jdbc_stream_results}, results still stream: the first rows leave before DuckDB
 * has produced the rest, and the application's connections keep materialised results.
 *
 * @author n6k
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.app.path=:memory:", "n6k.catalogs.app.access=all",
				// rows past the first ten million fail: only a result materialised before
				// its first chunk reaches them
				"n6k.duckdb.init-sql[0]=CREATE VIEW app.main.late AS SELECT CASE WHEN range < 10000000 "
						+ "THEN range ELSE ('row ' || range)::BIGINT END AS n FROM range(20000000)" })
@Import(SharedInstanceStreamingTests.ApplicationDataSource.class)
class SharedInstanceStreamingTests extends SocketTestSupport {

	@Autowired
	DataSource dataSource;

	@Autowired
	DuckDbDatabase database;

	@Test
	void scanSendsItsFirstChunkBeforeTheRestOfTheResultExists() {
		assertThat(this.database.isOwnInstance()).isFalse();
		N6kClient client = open("app");
		client.request(1, 4, Map.of("schema", "main", "table", "late"));
		assertThat(client.next().type()).isEqualTo(2);
		assertThat(client.next().type()).isEqualTo(3);
		client.cancel(1, 0);
		assertThat(client.take((frame) -> frame.type() == 4 || frame.type() == 5, N6kClient.TIMEOUT).type())
			.isEqualTo(4);
	}

	@Test
	void leasedConnectionsStreamAndTheApplicationsDoNot() throws SQLException {
		try (ConnectionLease lease = this.database.lease()) {
			assertThat(streamResults(lease.connection())).isEqualTo("true");
		}
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(streamResults(connection)).isNotEqualTo("true");
		}
	}

	private static String streamResults(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT current_setting('jdbc_stream_results')::VARCHAR")) {
			assertThat(rs.next()).isTrue();
			return String.valueOf(rs.getString(1));
		}
		catch (SQLException ex) {
			// DuckDB knows the option only once some connection has set it
			if (String.valueOf(ex.getMessage()).contains("unrecognized configuration parameter")) {
				return "unset";
			}
			throw ex;
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ApplicationDataSource {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource(new DuckDBDriver(), "jdbc:duckdb::memory:n6k_shared_streaming");
		}

	}

}
