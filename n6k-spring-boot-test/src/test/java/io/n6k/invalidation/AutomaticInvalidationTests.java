package io.n6k.invalidation;

import java.time.Duration;
import java.util.List;

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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code n6k.invalidation.auto=true}, DDL the application commits reaches clients as
 * one PUSH, with no call to the invalidation service; uncommitted DDL does not.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.app.path=:memory:", "n6k.catalogs.app.access=all", "n6k.invalidation.auto=true",
				"n6k.invalidation.auto-interval=100ms",
				"n6k.duckdb.init-sql[0]=CREATE TABLE app.main.orders (id INTEGER, total DOUBLE)" })
@Import(AutomaticInvalidationTests.ApplicationDataSource.class)
class AutomaticInvalidationTests extends SocketTestSupport {

	@Autowired
	DataSource dataSource;

	@Test
	void committedDdlIsPushedOnceWithoutApplicationCode() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		N6kClient client = open("app");
		new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)).executeWithoutResult((status) -> {
			jdbc.execute("CREATE SCHEMA app.reporting");
			jdbc.execute("CREATE TABLE app.reporting.daily (day DATE)");
			jdbc.execute("ALTER TABLE app.main.orders ADD COLUMN note VARCHAR");
			assertThat(client.poll((f) -> f.type() == 8, Duration.ofMillis(500))).as("uncommitted DDL is not pushed")
				.isNull();
		});
		assertThat(client.take((f) -> f.type() == 8, N6kClient.TIMEOUT).get("schemas"))
			.isEqualTo(List.of("main", "reporting"));
		assertThat(client.poll((f) -> f.type() == 8, Duration.ofMillis(500))).as("pushed once").isNull();
		jdbc.execute("INSERT INTO app.main.orders VALUES (1, 2.0, 'data')");
		assertThat(client.poll((f) -> f.type() == 8, Duration.ofMillis(500))).as("data changes are not pushed")
			.isNull();
		jdbc.execute("DROP TABLE app.reporting.daily");
		assertThat(client.take((f) -> f.type() == 8, N6kClient.TIMEOUT).get("schemas")).isEqualTo(List.of("reporting"));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ApplicationDataSource {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource(new DuckDBDriver(), "jdbc:duckdb::memory:n6k_automatic_invalidation");
		}

	}

}
