package io.n6k.autoconfigure;

import javax.sql.DataSource;

import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup summary: one line per served catalog with its grants, authentication and
 * lockdown, and a warning when nothing is served.
 */
@ExtendWith(OutputCaptureExtension.class)
class N6kStartupReportTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class));

	@Test
	void eachServedCatalogIsListedWithItsGrantsAuthAndLockdown(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.shop.path=:memory:",
					"n6k.duckdb.init-sql[0]=CREATE TABLE shop.main.customers (id INTEGER)",
					"n6k.duckdb.init-sql[1]=CREATE TABLE shop.main.orders (id INTEGER)",
					"n6k.catalogs.shop.permissions.main.customers=read",
					"n6k.catalogs.shop.permissions.main.orders=readwrite", "n6k.catalogs.open.path=:memory:",
					"n6k.catalogs.open.access=all", "n6k.catalogs.open.auth-required=false",
					"n6k.catalogs.archive.path=:memory:", "n6k.catalogs.archive.access=all",
					"n6k.catalogs.archive.read-only=true", "n6k.auth.tokens.analyst.value=s3cret")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output)
					.contains("n6k serves catalog \"shop\": permissions main.customers read, "
							+ "main.orders readwrite; auth required (tokens: analyst); lockdown on")
					.contains("n6k serves catalog \"open\": access all, readwrite with DDL; auth not required; "
							+ "lockdown on")
					.contains("n6k serves catalog \"archive\": access all, read-only; auth required (tokens: analyst); "
							+ "lockdown on")
					.doesNotContain("n6k serves no catalog");
			});
	}

	@Test
	void sharedInstanceLeftOpenSaysSo(CapturedOutput output) {
		this.contextRunner
			.withBean(DataSource.class,
					() -> new SimpleDriverDataSource(new DuckDBDriver(), "jdbc:duckdb::memory:startup_report"))
			.withPropertyValues("n6k.catalogs.memory.access=all")
			.run((context) -> assertThat(output).contains("n6k serves catalog \"memory\": access all, readwrite with "
					+ "DDL; auth not required; lockdown off: the DuckDB instance keeps file and network access "
					+ "(shared with the application; n6k.duckdb.lockdown=true locks it)"));
	}

	@Test
	void servingNothingWarns(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).containsPattern("WARN .* n6k serves no catalog: clients can open nothing");
		});
	}

}
