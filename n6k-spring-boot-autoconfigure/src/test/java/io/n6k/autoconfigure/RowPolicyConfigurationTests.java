package io.n6k.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.n6k.access.CatalogAccess;
import io.n6k.access.PolicyParameters;
import io.n6k.access.RowPolicyProvider;
import io.n6k.access.StaticTokenVerifier;
import io.n6k.access.TablePolicy;
import io.n6k.backend.TableRef;
import io.n6k.duckdb.DuckDbCatalogs;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code n6k.catalogs.<c>.policies} binds as the issue writes it, is checked against the
 * database at startup, and fails startup with the catalog, the table, the verb and
 * DuckDB's message when a predicate is bad.
 */
class RowPolicyConfigurationTests {

	private static final String SCHEMA = "n6k.duckdb.init-sql[0]=CREATE TABLE db.main.orders "
			+ "(id INTEGER, tenant_id INTEGER, amount INTEGER, status VARCHAR); "
			+ "CREATE TABLE db.main.products (id INTEGER, name VARCHAR); CREATE TABLE db.main.notes (id INTEGER)";

	private final AtomicReference<Environment> environment = new AtomicReference<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer((context) -> this.environment.set(context.getEnvironment()))
		.withConfiguration(AutoConfigurations.of(N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class))
		.withPropertyValues("n6k.catalogs.db.path=:memory:", SCHEMA);

	@Test
	void theIssuesYamlBindsEveryVerb() {
		String yaml = """
				n6k:
				  catalogs:
				    db:
				      permissions:
				        main.notes: read
				      policies:
				        main.orders:
				          select: "tenant_id = $tenant"
				          insert: "tenant_id = $tenant"
				          update: { using: "tenant_id = $tenant", check: "tenant_id = $tenant AND amount >= 0" }
				          delete: "tenant_id = $tenant AND status = 'draft'"
				        main.products: { select: true }
				  auth:
				    tokens:
				      alice:
				        value: a-secret
				        attributes:
				          tenant: 42
				""";
		this.contextRunner.withInitializer((context) -> addYaml(context.getEnvironment(), yaml)).run((context) -> {
			assertThat(context).hasNotFailed();
			CatalogAccess access = context.getBean(DuckDbCatalogs.class).handler("db").access();
			assertThat(access.policies()).containsOnlyKeys(new TableRef("main", "notes"),
					new TableRef("main", "orders"), new TableRef("main", "products"));
			assertThat(access.policy(new TableRef("main", "orders")))
				.contains(new TablePolicy("tenant_id = $tenant", "tenant_id = $tenant", "tenant_id = $tenant",
						"tenant_id = $tenant AND amount >= 0", "tenant_id = $tenant AND status = 'draft'"));
			assertThat(access.policy(new TableRef("main", "products"))).contains(TablePolicy.READ);
			assertThat(access.policy(new TableRef("main", "notes"))).contains(TablePolicy.READ);
			CatalogAccess alice = access.forPrincipal(new StaticTokenVerifier.TokenPrincipal("alice"));
			assertThat(alice.parameters()).containsEntry("principal", "alice").containsEntry("tenant", 42);
		});
	}

	@Test
	void anUpdateGivenAsOnePredicateChecksItsUsing() {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.db.policies[main.orders].select=true",
					"n6k.catalogs.db.policies[main.orders].update=tenant_id = $tenant")
			.run((context) -> {
				TablePolicy policy = context.getBean(DuckDbCatalogs.class)
					.handler("db")
					.access()
					.policy(new TableRef("main", "orders"))
					.orElseThrow();
				assertThat(policy.updateUsing()).isEqualTo("tenant_id = $tenant");
				assertThat(policy.updateCheck()).isEqualTo("tenant_id = $tenant");
				assertThat(policy.insert()).isNull();
				assertThat(policy.delete()).isNull();
			});
	}

	@Test
	void aPredicateNamingAMissingColumnFailsStartupNamingCatalogTableVerbAndDuckDbsMessage() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.policies[main.orders].select=tenant = $tenant")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("n6k.catalogs.db.policies.main.orders.select")
					.contains("catalog \"db\", table main.orders, verb select")
					.contains("Referenced column \"tenant\" not found");
				assertThat(analysis.getAction()).contains("DuckDB boolean expression");
			});
	}

	@Test
	void aPredicateThatIsNotBooleanFailsStartup() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.policies[main.orders].delete=status")
			.run((context) -> assertThat(analyze(context).getDescription()).contains("verb delete")
				.contains("of type VARCHAR, not BOOLEAN"));
	}

	@Test
	void anUpdateCheckIsBoundOnItsOwn() {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.db.policies[main.orders].update.using=true",
					"n6k.catalogs.db.policies[main.orders].update.check=amount >= 'lots' + 1")
			.run((context) -> assertThat(analyze(context).getDescription()).contains("verb update.check"));
	}

	@Test
	void anAggregateInAPredicateFailsStartup() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.policies[main.orders].select=count(*) > 0")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("WHERE clause cannot contain aggregates"));
	}

	@Test
	void aTableUnderBothPermissionsAndPoliciesFailsStartupNamingTheFix() {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.db.permissions[main.orders]=read",
					"n6k.catalogs.db.policies[main.orders].select=true")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription())
					.contains("n6k.catalogs.db lists main.orders under both permissions and policies.");
				assertThat(analysis.getAction()).contains("remove it from n6k.catalogs.db.permissions");
			});
	}

	@Test
	void accessAllWithPoliciesFailsStartup() {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.db.access=all", "n6k.catalogs.db.policies[main.orders].select=true")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("n6k.catalogs.db sets both policies and access.");
				assertThat(analysis.getAction()).contains("remove n6k.catalogs.db.access");
			});
	}

	@Test
	void anUnknownVerbFailsStartup() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.policies[main.orders].read=true")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("n6k.catalogs.db.policies.main.orders: set select, insert, update or delete"));
	}

	@Test
	void aPolicyOnAMissingTableFailsStartup() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.policies[main.invoices].select=true")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("n6k.catalogs.db.policies grants main.invoices, which does not exist in catalog \"db\"."));
	}

	@Test
	void anUpdateCheckWithoutUsingFailsStartup() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.policies[main.orders].update.check=amount >= 0")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("update.check needs update.using"));
	}

	@Test
	void aPredicateWithTwoStatementsFailsStartup() {
		this.contextRunner
			.withPropertyValues("n6k.catalogs.db.policies[main.orders].select=true; DROP TABLE db.main.orders")
			.run((context) -> assertThat(analyze(context).getDescription()).contains("a predicate is one expression"));
	}

	@Test
	void defaultBeansBackOffForTheApplicationsOwn() {
		RowPolicyProvider provider = (catalog, principal, configured) -> Map.of();
		PolicyParameters parameters = (principal) -> Map.of("tenant", 7);
		this.contextRunner.withPropertyValues("n6k.catalogs.db.policies[main.orders].select=tenant_id = $tenant")
			.withBean(RowPolicyProvider.class, () -> provider)
			.withBean(PolicyParameters.class, () -> parameters)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RowPolicyProvider.class)).isSameAs(provider);
				CatalogAccess view = context.getBean(DuckDbCatalogs.class)
					.handler("db")
					.access()
					.forPrincipal(() -> "bob");
				assertThat(view.policies()).isEmpty();
				assertThat(view.parameters()).isEqualTo(Map.of("principal", "bob", "tenant", 7));
			});
	}

	private static void addYaml(ConfigurableEnvironment environment, String yaml) {
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("policies.yaml",
					new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
			sources.forEach(environment.getPropertySources()::addFirst);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
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

}
