package io.n6k.invalidation;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * Invalidations follow Spring transactions: made inside one they reach clients after the
 * commit, when the change is visible, and never after a rollback.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.app.path=:memory:", "n6k.catalogs.app.access=all",
				"n6k.duckdb.init-sql[0]=CREATE TABLE app.main.orders (id INTEGER, total DOUBLE)" })
@Import(TransactionalInvalidationTests.ApplicationDataSource.class)
class TransactionalInvalidationTests extends SocketTestSupport {

	private static final Duration QUIET = Duration.ofMillis(400);

	@Autowired
	DataSource dataSource;

	@Autowired
	CatalogInvalidationService invalidation;

	JdbcTemplate jdbc;

	TransactionTemplate transactions;

	@BeforeEach
	void prepare() {
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.invalidation.notifyInvalidateIfStale("app");
	}

	@AfterEach
	void dropWhatTheTestCreated() {
		this.jdbc.execute("DROP TABLE IF EXISTS app.main.extra");
		this.invalidation.notifyInvalidateIfStale("app");
	}

	@Test
	void staleCheckInsideTransactionPushesAfterCommit() {
		N6kClient client = open("app");
		Boolean pushedInside = this.transactions.execute((status) -> {
			this.jdbc.execute("CREATE TABLE app.main.extra (id INTEGER)");
			boolean pushed = this.invalidation.notifyInvalidateIfStale("app");
			assertThat(client.poll((f) -> f.type() == 8, QUIET)).as("no push before the commit").isNull();
			return pushed;
		});
		assertThat(pushedInside).isFalse();
		ReceivedFrame push = client.take((f) -> f.type() == 8, N6kClient.TIMEOUT);
		assertThat(push.get("schemas")).isEqualTo(List.of("main"));
		assertThat(client.poll((f) -> f.type() == 8, QUIET)).as("exactly one push").isNull();
		assertThat(this.invalidation.getInvalidatedSchemas("app")).isEmpty();
	}

	@Test
	void explicitPushInsideTransactionWaitsForCommit() {
		N6kClient client = open("app");
		Integer queued = this.transactions.execute((status) -> {
			this.jdbc.execute("CREATE TABLE app.main.extra (id INTEGER)");
			int sent = this.invalidation.notifyInvalidate("app", "main");
			assertThat(client.poll((f) -> f.type() == 8, QUIET)).as("no push before the commit").isNull();
			return sent;
		});
		assertThat(queued).isZero();
		assertThat(client.take((f) -> f.type() == 8, N6kClient.TIMEOUT).get("schemas")).isEqualTo(List.of("main"));
	}

	@Test
	void nothingIsPushedAfterRollback() {
		N6kClient client = open("app");
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.execute("CREATE TABLE app.main.extra (id INTEGER)");
			this.invalidation.notifyInvalidate("app", "main");
			this.invalidation.notifyInvalidateIfStale("app");
			status.setRollbackOnly();
		});
		assertThat(client.poll((f) -> f.type() == 8, QUIET)).isNull();
		assertThat(this.invalidation.getInvalidatedSchemas("app")).as("the rolled-back table never existed").isEmpty();
	}

	@Test
	void outsideTransactionPushesAtOnce() {
		N6kClient client = open("app");
		this.jdbc.execute("CREATE TABLE app.main.extra (id INTEGER)");
		assertThat(this.invalidation.notifyInvalidateIfStale("app")).isTrue();
		assertThat(client.take((f) -> f.type() == 8, N6kClient.TIMEOUT).get("schemas")).isEqualTo(List.of("main"));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ApplicationDataSource {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource(new DuckDBDriver(), "jdbc:duckdb::memory:n6k_transactional_invalidation");
		}

	}

}
