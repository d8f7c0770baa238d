package io.n6k.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.n6k.access.Permission;
import io.n6k.backend.CatalogSessionFactory;
import io.n6k.backend.SessionFactory;
import io.n6k.backend.TableRef;
import io.n6k.duckdb.DuckDbCatalogs;
import io.n6k.duckdb.DuckDbDatabase;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Configuration mistakes stop startup with a message naming the fix, and the lockdown
 * holds whatever beans the application replaces (issue 9).
 */
@ExtendWith(OutputCaptureExtension.class)
class FailClosedConfigurationTests {

	private final AtomicReference<Environment> environment = new AtomicReference<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer((context) -> this.environment.set(context.getEnvironment()))
		.withConfiguration(AutoConfigurations.of(N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class));

	private final ApplicationContextRunner dataSourceRunner = this.contextRunner.withConfiguration(
			AutoConfigurations.of(DataSourceAutoConfiguration.class, DataSourceInitializationAutoConfiguration.class));

	@Test
	void typoInCatalogKeyFailsStartupNamingTheRightKey() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.path=:memory:",
				"n6k.duckdb.init-sql[0]=CREATE TABLE db.main.t (x INTEGER)", "n6k.catalogs.db.permisions.main.t=read")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith(
						"n6k.catalogs.db.permisions.main.t is not an n6k property; did you mean n6k.catalogs.db.permissions.main.t?");
				assertThat(analysis.getAction())
					.contains("Rename n6k.catalogs.db.permisions.main.t to " + "n6k.catalogs.db.permissions.main.t.");
			});
	}

	@Test
	void startupFailureReportNamesTheRightKey(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> application.run("--n6k.catalogs.shop.path=:memory:",
				"--n6k.catalogs.shop.permisions.main.customers=read"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("n6k.catalogs.shop.permisions.main.customers is not an n6k property; did you mean "
					+ "n6k.catalogs.shop.permissions.main.customers?")
			.contains("n6k.catalogs.shop does not say what it serves");
	}

	@Test
	void unknownKeyFailsStartupWhenEverythingElseIsValid() {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
					"n6k.catalogs.db.raed-only=true")
			.run((context) -> assertThat(analyze(context).getDescription()).isEqualTo(
					"n6k.catalogs.db.raed-only is not an n6k property; did you mean n6k.catalogs.db.read-only?"));
	}

	@Test
	void singularCatalogPrefixFailsStartup() {
		this.contextRunner.withPropertyValues("n6k.catalog.shop.path=:memory:")
			.run((context) -> assertThat(analyze(context).getDescription())
				.isEqualTo("n6k.catalog.shop.path is not an n6k property; did you mean n6k.catalogs.shop.path?"));
	}

	@Test
	void keyFarFromAnyPropertyListsTheKeysThatExist() {
		this.contextRunner.withPropertyValues("n6k.duckdb.wal=on").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).isEqualTo("n6k.duckdb.wal is not an n6k property.");
			assertThat(analysis.getAction()).contains("Remove n6k.duckdb.wal; the keys there are ")
				.contains("init-sql", "lockdown", "url");
		});
	}

	@Test
	void catalogThatSaysNeitherPermissionsNorAccessFailsStartup() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.path=:memory:").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription())
				.isEqualTo("n6k.catalogs.db does not say what it serves: it sets neither permissions nor access.");
			assertThat(analysis.getAction()).contains("n6k.catalogs.db.permissions", "n6k.catalogs.db.access: all");
		});
	}

	@Test
	void catalogWithBothPermissionsAndAccessFailsStartup() {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
					"n6k.catalogs.db.permissions.main.t=read")
			.run((context) -> assertThat(analyze(context).getDescription())
				.isEqualTo("n6k.catalogs.db sets both permissions and access."));
	}

	@Test
	void emptyPermissionsFailStartup() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.permissions=")
			.run((context) -> assertThat(analyze(context).getDescription())
				.isEqualTo("n6k.catalogs.db.permissions grants no table."));
	}

	@Test
	void badPermissionValueIsReportedInTheUsersWords() {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.shop.path=:memory:", "n6k.catalogs.shop.permissions.main.customers=reed",
					"n6k.catalogs.shop.permissions[a.b.c]=read", "n6k.catalogs.shop.primary-keys.main.customers=")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo(String.join(System.lineSeparator(),
						"n6k.catalogs.shop.permissions.main.customers: 'reed' is not a permission; use read or readwrite",
						"n6k.catalogs.shop.permissions.a.b.c: 'a.b.c' is not a table name; write schema.table "
								+ "(a bare table means main.table)",
						"n6k.catalogs.shop.primary-keys.main.customers: names no column."));
				assertThat(analysis.getDescription()).doesNotContain("bridge");
			});
	}

	@Test
	void emptyTokenFailsWhileBinding() {
		this.contextRunner.withPropertyValues("n6k.auth.tokens.alice.catalogs=db").run((context) -> {
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(BindValidationException.class);
			assertThat(analyze(context).getDescription()).isEqualTo("n6k.auth.tokens.alice.value is empty.");
		});
	}

	@Test
	void validationHappensBeforeAnyDatabaseOpens(@TempDir Path directory) {
		Path file = directory.resolve("shop.duckdb");
		this.contextRunner
			.withPropertyValues("n6k.catalogs.shop.path=" + file, "n6k.catalogs.shop.permissions.main.customers=reed")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(BindValidationException.class);
				assertThat(file).doesNotExist();
			});
	}

	@Test
	void pathThatConflictsWithTheDataSourcesCatalogFailsStartup(@TempDir Path directory) {
		Path shop = directory.resolve("shop.duckdb");
		this.contextRunner.withBean(DataSource.class, () -> dataSource("jdbc:duckdb:" + shop))
			.withPropertyValues("n6k.catalogs.shop.path=" + directory.resolve("other.duckdb"),
					"n6k.catalogs.shop.access=all")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo("n6k.catalogs.shop.path is "
						+ directory.resolve("other.duckdb") + ", but catalog \"shop\" already exists in the DuckDB "
						+ "database as the file " + shop + ".");
				assertThat(analysis.getAction()).contains("Remove n6k.catalogs.shop.path");
			});
	}

	@Test
	void pathThatNamesTheExistingCatalogsFileIsAccepted(@TempDir Path directory) {
		Path shop = directory.resolve("shop.duckdb");
		this.contextRunner.withBean(DataSource.class, () -> dataSource("jdbc:duckdb:" + shop))
			.withPropertyValues("n6k.catalogs.shop.path=" + shop, "n6k.catalogs.shop.access=all")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void servedCatalogThatDoesNotExistFailsStartup() {
		this.contextRunner.withPropertyValues("n6k.catalogs.nope.access=all")
			.run((context) -> assertThat(analyze(context).getDescription())
				.isEqualTo("Catalog \"nope\" (n6k.catalogs.nope) does not exist in the DuckDB database."));
	}

	@Test
	void grantOfAMissingTableSpeaksTheUsersWords() {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.permissions.main.nope=read")
			.run((context) -> assertThat(analyze(context).getDescription())
				.isEqualTo("n6k.catalogs.db.permissions grants main.nope, which does not exist in catalog \"db\"."));
	}

	@Test
	void lockdownHoldsWithAUserDuckDbCatalogs() {
		this.contextRunner.withUserConfiguration(UserCatalogs.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertLockedDown(context.getBean(DuckDbDatabase.class));
		});
	}

	@Test
	void lockdownHoldsWithAUserSessionFactory() {
		SessionFactory sessions = new CatalogSessionFactory(Map.of());
		this.contextRunner.withBean(SessionFactory.class, () -> sessions).run((context) -> {
			assertThat(context.getBean(SessionFactory.class)).isSameAs(sessions);
			assertLockedDown(context.getBean(DuckDbDatabase.class));
		});
	}

	@Test
	void lockdownHoldsWithAUserDataSourceAndUserDuckDbCatalogs() {
		this.contextRunner.withBean(DataSource.class, () -> dataSource("jdbc:duckdb::memory:fail_closed_lockdown"))
			.withUserConfiguration(UserCatalogs.class)
			.withPropertyValues("n6k.duckdb.lockdown=true")
			.run((context) -> {
				DuckDbDatabase database = context.getBean(DuckDbDatabase.class);
				assertThat(database.isOwnInstance()).isFalse();
				assertLockedDown(database);
			});
	}

	@Test
	void unnamedInMemoryDataSourceFailsStartupWithTheNamedForm() {
		for (String url : new String[] { "jdbc:duckdb:", "jdbc:duckdb::memory:" }) {
			this.contextRunner.withBean(DataSource.class, () -> dataSource(url)).run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription())
					.startsWith("The application's DataSource has the unnamed in-memory DuckDB URL \"" + url + "\"");
				assertThat(analysis.getAction()).contains("jdbc:duckdb::memory:<name>");
			});
		}
	}

	@Test
	void duckDbUrlWithoutDriverClassNameWorks() {
		// Boot's generic DataSource: it determines the driver the way the pooled ones do.
		this.dataSourceRunner.withPropertyValues("spring.datasource.url=jdbc:duckdb::memory:fail_closed_driver",
				"spring.datasource.type=" + SimpleDriverDataSource.class.getName(), "n6k.catalogs.memory.access=all")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class);
				assertThat(context.getBean(DuckDbDatabase.class).isOwnInstance()).isFalse();
			});
	}

	@Test
	void grantsAreCheckedAfterSqlInit() throws SQLException {
		// A named in-memory database lives while a connection to it is open; the generic
		// DataSource closes each one, so keep one open as a pool would.
		try (Connection keepAlive = DriverManager.getConnection("jdbc:duckdb::memory:fail_closed_sql_init")) {
			grantedTableCreatedBySqlInitIsServed();
		}
	}

	private void grantedTableCreatedBySqlInitIsServed() {
		this.dataSourceRunner
			.withPropertyValues("spring.datasource.url=jdbc:duckdb::memory:fail_closed_sql_init",
					"spring.datasource.type=" + SimpleDriverDataSource.class.getName(),
					"spring.datasource.driver-class-name=org.duckdb.DuckDBDriver", "spring.sql.init.mode=always",
					"spring.sql.init.schema-locations=classpath:fail-closed/schema.sql",
					"n6k.catalogs.memory.permissions.main.granted=read")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(DuckDbCatalogs.class).handler("memory").access().grants()).hasSize(1);
			});
	}

	@Test
	void readmeQuickStartStartsAsWritten(@TempDir Path directory) throws Exception {
		String readme = Files.readString(Path.of("..", "README.md"));
		int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
		Path sales = directory.resolve("sales.duckdb");
		String yaml = readme.substring(start, readme.indexOf("```", start)).replace("sales.duckdb", sales.toString());
		try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + sales)) {
			connection.createStatement()
				.execute("CREATE TABLE orders (id INTEGER); CREATE TABLE customers (id INTEGER)");
		}
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("README.md",
				new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(sources.get(0)))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(DuckDbCatalogs.class).handler("sales").access().grants()).containsExactly(
						entry(new TableRef("main", "orders"), Permission.READWRITE),
						entry(new TableRef("main", "customers"), Permission.READ));
			});
	}

	private static void assertLockedDown(DuckDbDatabase database) throws SQLException {
		assertThat(database.query("SELECT current_setting('enable_external_access')").get(0).get(0)).isEqualTo(false);
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> database.query("SELECT * FROM read_text('/etc/hostname')"))
			.withMessageContaining("Permission Error");
	}

	private static DataSource dataSource(String url) {
		return new SimpleDriverDataSource(new DuckDBDriver(), url);
	}

	private FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		FailureAnalysis analysis = new N6kPropertiesFailureAnalyzer(this.environment.get()).analyze(failure);
		if (analysis == null) {
			analysis = new N6kConfigurationFailureAnalyzer().analyze(failure);
		}
		assertThat(analysis).as("an n6k analysis of " + failure).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class })
	static class MinimalApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCatalogs {

		@Bean
		DuckDbCatalogs userCatalogs(DuckDbDatabase database) {
			return new DuckDbCatalogs(database, Map.of());
		}

	}

}
