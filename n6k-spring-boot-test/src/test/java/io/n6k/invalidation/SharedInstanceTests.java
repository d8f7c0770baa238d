package io.n6k.invalidation;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.duckdb.DuckDbDatabase;
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
 * The starter serving the application's own DuckDB DataSource: writes made through JDBC
 * are what clients read, shape changes are detected from DuckDB's catalog and pushed, and
 * the SQL guard holds on its own where the instance is not locked down.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.app.path=:memory:", "n6k.catalogs.app.access=all",
				"n6k.duckdb.init-sql[0]=CREATE TABLE app.main.orders (id INTEGER, total DOUBLE)" })
@Import(SharedInstanceTests.ApplicationDataSource.class)
class SharedInstanceTests extends SocketTestSupport {

	@Autowired
	DataSource dataSource;

	@Autowired
	DuckDbDatabase database;

	@Autowired
	CatalogInvalidationService invalidation;

	@Test
	void servesTheApplicationsInstanceAndSeesItsWrites() throws Exception {
		assertThat(this.database.isOwnInstance()).isFalse();
		jdbc("INSERT INTO app.main.orders VALUES (1, 9.5), (2, 20.0)");
		N6kClient client = open("app");
		Response scan = client.call(1, 4, Map.of("schema", "main", "table", "orders"));
		assertThat(scan.arrow().rows()).containsExactly(List.of(1, 9.5), List.of(2, 20.0));
		jdbc("DELETE FROM app.main.orders");
	}

	@Test
	void shapeChangesThroughJdbcArePushedOncePerBoundSession() throws Exception {
		N6kClient nativeStyle = open("app");
		nativeStyle.hello(1, "app", "");
		nativeStyle.next();
		assertThat(this.invalidation.getInvalidatedSchemas("app")).isEmpty();
		assertThat(this.invalidation.notifyInvalidateIfStale("app")).isFalse();
		jdbc("INSERT INTO app.main.orders VALUES (3, 1.0)");
		assertThat(this.invalidation.getInvalidatedSchemas("app")).as("data changes are not shape changes").isEmpty();
		jdbc("CREATE SCHEMA app.reporting");
		jdbc("CREATE TABLE app.reporting.daily (day DATE, total DOUBLE)");
		jdbc("ALTER TABLE app.main.orders ADD COLUMN note VARCHAR");
		assertThat(this.invalidation.getInvalidatedSchemas("app")).containsExactly("main", "reporting");
		assertThat(this.invalidation.notifyInvalidateIfStale("app")).isTrue();
		assertThat(nativeStyle.take((f) -> f.type() == 8 && !f.has("ns"), N6kClient.TIMEOUT).get("schemas"))
			.isEqualTo(List.of("main", "reporting"));
		assertThat(nativeStyle.take((f) -> f.type() == 8 && f.ns() == 1, N6kClient.TIMEOUT).get("schemas"))
			.isEqualTo(List.of("main", "reporting"));
		assertThat(this.invalidation.getInvalidatedSchemas("app")).isEmpty();
		assertThat(this.invalidation.notifyInvalidateIfStale("app")).isFalse();
		assertThat(nativeStyle.poll((f) -> f.type() == 8, Duration.ofMillis(500))).isNull();
		jdbc("DROP TABLE app.reporting.daily");
		assertThat(this.invalidation.getInvalidatedSchemas("app")).containsExactly("reporting");
		assertThat(this.invalidation.notifyInvalidateIfStale("app")).isTrue();
		jdbc("ALTER TABLE app.main.orders DROP COLUMN note");
		jdbc("DELETE FROM app.main.orders");
		jdbc("DROP SCHEMA app.reporting");
		this.invalidation.notifyInvalidateIfStale("app");
	}

	@Test
	void guardHoldsWithoutLockdown() throws Exception {
		N6kClient client = open("app");
		Response file = client.call(1, 7, Map.of("sql", "SELECT * FROM read_csv('/etc/passwd')"));
		assertThat(file.exceptionType()).isEqualTo("PermissionException");
		Response glob = client.call(2, 7, Map.of("sql", "SELECT * FROM glob('/etc/*')"));
		assertThat(glob.exceptionMessage()).isEqualTo("n6k: table function \"glob\" is not allowed");
		Response text = client.call(3, 7, Map.of("sql", "SELECT * FROM read_text('/etc/hostname')"));
		assertThat(text.exceptionType()).isEqualTo("PermissionException");
		Response copy = client.call(4, 6, Map.of("sql", "COPY app.main.orders TO '/tmp/n6k-should-not-exist.csv'"));
		assertThat(copy.exceptionMessage()).isEqualTo("n6k: COPY is not allowed");
		assertThat(new java.io.File("/tmp/n6k-should-not-exist.csv")).doesNotExist();
		this.database.execute("SET threads = 2");
	}

	@Test
	void invalidationArgumentsAreChecked() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.invalidation.notifyInvalidate("app"))
			.withMessage("notifyInvalidate requires at least one schema name");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.invalidation.notifyInvalidate("nobody", "main"))
			.withMessage("catalog \"nobody\" is not served");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.invalidation.getInvalidatedSchemas("nobody"));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.invalidation.notifyInvalidateIfStale("nobody"));
	}

	private void jdbc(String sql) throws Exception {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ApplicationDataSource {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource(new DuckDBDriver(), "jdbc:duckdb::memory:n6k_shared_instance");
		}

	}

}
