package io.n6k.autoconfigure.actuate;

import io.n6k.actuate.N6kConnectionsEndpoint;
import io.n6k.autoconfigure.N6kAutoConfiguration;
import io.n6k.autoconfigure.N6kDuckDbAutoConfiguration;
import io.n6k.duckdb.DuckDbDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class N6kActuatorAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class,
				N6kHealthContributorAutoConfiguration.class, N6kEndpointAutoConfiguration.class))
		.withPropertyValues("n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.catalogs.other.path=:memory:", "n6k.catalogs.other.access=all");

	@Test
	void healthContributorHasOneIndicatorPerDuckDbCatalog() {
		this.contextRunner.run((context) -> {
			CompositeHealthContributor n6k = context.getBean("n6kHealthContributor", CompositeHealthContributor.class);
			assertThat(n6k.stream().map((entry) -> entry.name())).containsExactly("db", "other");
			Health db = ((HealthIndicator) n6k.getContributor("db")).health();
			assertThat(db.getStatus()).isEqualTo(Status.UP);
			assertThat(db.getDetails()).containsEntry("catalog", "db")
				.containsEntry("lockdown", true)
				.containsEntry("connections", 0);
		});
	}

	@Test
	void detachedCatalogIsDown() {
		this.contextRunner.withPropertyValues("n6k.duckdb.lockdown=false").run((context) -> {
			context.getBean(DuckDbDatabase.class).execute("DETACH other");
			CompositeHealthContributor n6k = context.getBean("n6kHealthContributor", CompositeHealthContributor.class);
			Health other = ((HealthIndicator) n6k.getContributor("other")).health();
			assertThat(other.getStatus()).isEqualTo(Status.DOWN);
			assertThat(other.getDetails()).containsEntry("error", "catalog \"other\" is not attached")
				.containsEntry("lockdown", false);
			assertThat(((HealthIndicator) n6k.getContributor("db")).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void healthContributorCanBeDisabled() {
		this.contextRunner.withPropertyValues("management.health.n6k.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("n6kHealthContributor"));
	}

	@Test
	void withoutActuatorThereIsNeitherHealthNorEndpoint() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader(ConditionalOnEnabledHealthIndicator.class,
					ConditionalOnAvailableEndpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=n6k")
			.run((context) -> assertThat(context).doesNotHaveBean("n6kHealthContributor")
				.doesNotHaveBean(N6kConnectionsEndpoint.class));
	}

	@Test
	void endpointExistsOnlyWhenExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(N6kConnectionsEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=n6k")
			.run((context) -> assertThat(context).hasSingleBean(N6kConnectionsEndpoint.class));
	}

}
