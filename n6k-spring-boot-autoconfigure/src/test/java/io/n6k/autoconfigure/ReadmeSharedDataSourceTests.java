package io.n6k.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import javax.sql.DataSource;

import io.n6k.access.Permission;
import io.n6k.backend.TableRef;
import io.n6k.duckdb.DuckDbCatalogs;
import io.n6k.duckdb.DuckDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The README's shared-DataSource form starts as written: the application's DataSource is
 * served, and what it writes through JdbcTemplate is in the served catalog (issue 11).
 */
class ReadmeSharedDataSourceTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class,
				N6kDuckDbDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class))
		// the README leaves the pool to Boot; this classpath has none
		.withPropertyValues("spring.datasource.type=" + SimpleDriverDataSource.class.getName());

	@Test
	void readmeSharedDataSourceFormStartsAsWritten(@TempDir Path directory) throws Exception {
		String readme = Files.readString(Path.of("..", "README.md"));
		int first = readme.indexOf("```yaml\n");
		int start = readme.indexOf("```yaml\n", first + 1) + "```yaml\n".length();
		String yaml = readme.substring(start, readme.indexOf("```", start));
		assertThat(yaml).contains("spring.datasource.url: jdbc:duckdb:sales.duckdb");
		Path sales = directory.resolve("sales.duckdb");
		try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + sales)) {
			connection.createStatement()
				.execute("CREATE TABLE orders (id INTEGER); CREATE TABLE customers (id INTEGER)");
		}
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("README.md",
				new ByteArrayResource(yaml.replace("sales.duckdb", sales.toString()).getBytes(StandardCharsets.UTF_8)));
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(sources.get(0)))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(DataSource.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class);
				assertThat(context.getBean(DuckDbDatabase.class).isOwnInstance()).isFalse();
				assertThat(context.getBean(DuckDbCatalogs.class).handler("sales").access().grants()).containsExactly(
						entry(new TableRef("main", "orders"), Permission.READWRITE),
						entry(new TableRef("main", "customers"), Permission.READ));
				context.getBean(JdbcTemplate.class).update("INSERT INTO sales.main.orders VALUES (42)");
				assertThat(context.getBean(DuckDbDatabase.class).query("SELECT id FROM sales.main.orders"))
					.containsExactly(List.of(42));
			});
	}

}
