package io.n6k.duckdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests on an application's DuckDB instance stream their results when the application
 * opened it without choosing {@code jdbc_stream_results}; the application's own
 * connections keep what it chose, and so do the requests when it chose.
 *
 * @author n6k
 */
class SharedInstanceStreamingTests {

	private Connection application;

	@BeforeEach
	void openApplicationInstance() throws SQLException {
		// as a DataSource with a plain URL opens it: results are materialised
		this.application = DriverManager.getConnection("jdbc:duckdb:");
	}

	@AfterEach
	void close() throws SQLException {
		this.application.close();
	}

	@Test
	void leasesOfASharedInstanceStreamResults() throws SQLException {
		try (DuckDbDatabase database = DuckDbDatabase.shared(new SingleConnectionDataSource(this.application, true))) {
			try (ConnectionLease lease = database.lease()) {
				assertThat(streams(lease.connection())).isTrue();
			}
			database.setMaxIdleConnections(0);
			try (ConnectionLease lease = database.lease()) {
				assertThat(streams(lease.connection())).as("a new connection, too").isTrue();
			}
		}
	}

	@Test
	void theApplicationsOwnConnectionsAreLeftAsTheyWere() throws SQLException {
		try (DuckDbDatabase database = DuckDbDatabase.shared(new SingleConnectionDataSource(this.application, true))) {
			try (ConnectionLease lease = database.lease()) {
				assertThat(streams(lease.connection())).isTrue();
			}
			assertThat(streams(this.application)).isFalse();
			try (DuckDBConnection connection = database.connect()) {
				assertThat(streams(connection)).as("the server's own other connections").isTrue();
			}
		}
	}

	@Test
	void anApplicationThatChoseMaterialisedResultsKeepsItsChoice() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("jdbc_stream_results", "false");
		try (Connection chosen = DriverManager.getConnection("jdbc:duckdb:", properties);
				DuckDbDatabase database = DuckDbDatabase.shared(new SingleConnectionDataSource(chosen, true));
				ConnectionLease lease = database.lease()) {
			assertThat(streams(lease.connection())).isFalse();
		}
	}

	@Test
	void aLockedApplicationInstanceKeepsStreaming() throws SQLException {
		// the setting is made on the connection every lease duplicates, before the
		// lockdown
		try (DuckDbDatabase database = DuckDbDatabase.shared(new SingleConnectionDataSource(this.application, true))) {
			database.lockDown();
			database.setMaxIdleConnections(0);
			try (ConnectionLease lease = database.lease()) {
				assertThat(streams(lease.connection())).isTrue();
			}
			assertThat(database.query("SELECT 42").get(0).get(0)).isEqualTo(42);
		}
	}

	@Test
	void anInstanceTheServerOpensStreamsOnEveryConnection() throws SQLException {
		try (DuckDbDatabase database = DuckDbDatabase.open("jdbc:duckdb:", Map.of());
				ConnectionLease lease = database.lease()) {
			assertThat(streams(lease.connection())).isTrue();
		}
	}

	private static boolean streams(Connection connection) {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_setting('jdbc_stream_results')")) {
			return result.next() && result.getBoolean(1);
		}
		catch (SQLException ex) {
			// DuckDB knows the setting only where it was set
			return false;
		}
	}

}
