package io.n6k.autoconfigure;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.n6k.duckdb.DuckDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code n6k.duckdb.init-sql} seeds a new database once, and its failures name the script
 * and the statement (issue 11).
 */
class InitSqlTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class));

	@Test
	void secondStartAgainstTheSameFileDoesNotRerunTheSeed(@TempDir Path directory) throws SQLException {
		ApplicationContextRunner runner = salesFile(directory)
			.withPropertyValues("n6k.duckdb.init-sql=classpath:init-sql/seed.sql");
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(notes(context.getBean(DuckDbDatabase.class))).containsExactly("first; of many",
					"it's \"quoted\"; too", "third");
		});
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(notes(context.getBean(DuckDbDatabase.class))).hasSize(3);
		});
		assertThat(notes(directory.resolve("sales.duckdb"))).hasSize(3);
	}

	@Test
	void initModeAlwaysRerunsTheSeed(@TempDir Path directory) throws SQLException {
		ApplicationContextRunner runner = salesFile(directory).withPropertyValues("n6k.duckdb.init-mode=always",
				"n6k.duckdb.init-sql[0]=CREATE TABLE IF NOT EXISTS sales.main.orders (id INTEGER, note VARCHAR)",
				"n6k.duckdb.init-sql[1]=INSERT INTO sales.main.orders VALUES (1, 'seeded')");
		runner.run((context) -> assertThat(context).hasNotFailed());
		runner.run((context) -> assertThat(context).hasNotFailed());
		assertThat(notes(directory.resolve("sales.duckdb"))).containsExactly("seeded", "seeded");
	}

	@Test
	void initModeNeverDoesNotRunItOnANewDatabase() {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.sales.path=:memory:", "n6k.catalogs.sales.access=all",
					"n6k.duckdb.init-mode=never", "n6k.duckdb.init-sql=CREATE TABLE sales.main.orders (id INTEGER)")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(DuckDbDatabase.class)
					.query("SELECT 1 FROM duckdb_tables() WHERE database_name = 'sales'")).isEmpty();
			});
	}

	@Test
	void inMemoryCatalogsAreSeededOnEveryStartBesideAReadOnlyFile(@TempDir Path directory) throws SQLException {
		Path existing = directory.resolve("archive.duckdb");
		try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + existing)) {
			connection.createStatement().execute("CREATE TABLE facts (id INTEGER)");
		}
		this.contextRunner
			.withPropertyValues("n6k.catalogs.archive.path=" + existing, "n6k.catalogs.archive.read-only=true",
					"n6k.catalogs.archive.access=all", "n6k.catalogs.scratch.path=:memory:",
					"n6k.catalogs.scratch.access=all", "n6k.duckdb.init-sql=CREATE TABLE scratch.main.t (id INTEGER)")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void failingScriptNamesTheLocationAndTheStatement(@TempDir Path directory) {
		salesFile(directory).withPropertyValues("n6k.duckdb.init-sql=classpath:init-sql/broken.sql").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new N6kConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.startsWith("n6k.duckdb.init-sql failed: statement 3 of "
						+ "classpath:init-sql/broken.sql (INSERT INTO sales.main.ordres VALUES (2)) failed: ")
				.contains("ordres");
			assertThat(analysis.getAction()).startsWith("Fix that statement in classpath:init-sql/broken.sql.");
		});
	}

	@Test
	void failingInlineStatementNamesItsIndex() {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.sales.path=:memory:", "n6k.catalogs.sales.access=all",
					"n6k.duckdb.init-sql[0]=CREATE TABLE sales.main.a (id INTEGER)",
					"n6k.duckdb.init-sql[1]=CREATE TABLE sales.main.b (id INTEGER); SELEC 1")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new N6kConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.startsWith("n6k.duckdb.init-sql failed: statement 2 of n6k.duckdb.init-sql[1] (SELEC 1) failed: ");
			});
	}

	private ApplicationContextRunner salesFile(Path directory) {
		return this.contextRunner.withPropertyValues("n6k.catalogs.sales.path=" + directory.resolve("sales.duckdb"),
				"n6k.catalogs.sales.access=all");
	}

	private static List<String> notes(DuckDbDatabase database) throws SQLException {
		return database.query("SELECT note FROM sales.main.orders ORDER BY id, note")
			.stream()
			.map((row) -> String.valueOf(row.get(0)))
			.toList();
	}

	private static List<String> notes(Path file) throws SQLException {
		Properties readOnly = new Properties();
		readOnly.setProperty("duckdb.read_only", "true");
		try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
				ResultSet rs = connection.createStatement().executeQuery("SELECT note FROM orders ORDER BY id")) {
			List<String> notes = new ArrayList<>();
			while (rs.next()) {
				notes.add(rs.getString(1));
			}
			return notes;
		}
	}

}
