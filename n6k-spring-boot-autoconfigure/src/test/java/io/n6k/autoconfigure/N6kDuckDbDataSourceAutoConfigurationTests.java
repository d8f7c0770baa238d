package io.n6k.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import io.n6k.duckdb.DuckDbDatabase;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database the starter opens is the application's DataSource when it has none, and an
 * application DataSource still wins (issue 11).
 */
class N6kDuckDbDataSourceAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class,
				N6kDuckDbDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class))
		.withPropertyValues("n6k.catalogs.app.path=:memory:", "n6k.catalogs.app.access=all");

	@Test
	void withoutApplicationDataSourceJdbcTemplateWritesToTheServedDatabase() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(DataSource.class).hasSingleBean(JdbcTemplate.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(DuckDbDatabaseDataSource.class);
			DuckDbDatabase database = context.getBean(DuckDbDatabase.class);
			assertThat(database.isOwnInstance()).isTrue();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("CREATE TABLE app.main.orders (id INTEGER)");
			jdbc.update("INSERT INTO app.main.orders VALUES (7)");
			assertThat(database.query("SELECT id FROM app.main.orders")).containsExactly(List.of(7));
		});
	}

	@Test
	void applicationDataSourceWinsAndIsServed() {
		this.contextRunner
			.withBean(DataSource.class,
					() -> new SimpleDriverDataSource(new DuckDBDriver(), "jdbc:duckdb::memory:n6k_application_wins"))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(DataSource.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class);
				assertThat(context.getBean(DuckDbDatabase.class).isOwnInstance()).isFalse();
			});
	}

	@Test
	void springDatasourceUrlWinsAndIsServed() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:duckdb::memory:n6k_url_wins",
					"spring.datasource.type=" + SimpleDriverDataSource.class.getName())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(DataSource.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class);
				assertThat(context.getBean(DuckDbDatabase.class).isOwnInstance()).isFalse();
			});
	}

	@Test
	void noDataSourceWhenN6kIsDisabled() {
		this.contextRunner.withPropertyValues("n6k.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DuckDbDatabaseDataSource.class));
	}

}
