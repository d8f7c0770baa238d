package io.n6k.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.n6k.actuate.N6kCatalogHealthIndicator;
import io.n6k.autoconfigure.N6kAutoConfiguration;
import io.n6k.autoconfigure.N6kDuckDbAutoConfiguration;
import io.n6k.duckdb.DuckDbCatalogs;
import io.n6k.server.N6kServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code n6k} health contributor: one
 * {@link N6kCatalogHealthIndicator} per served DuckDB catalog.
 *
 * @author n6k
 * @since 0.1.0
 */
@AutoConfiguration(after = { N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class })
@ConditionalOnClass(name = "org.duckdb.DuckDBConnection", value = ConditionalOnEnabledHealthIndicator.class)
@ConditionalOnBean({ N6kServer.class, DuckDbCatalogs.class })
@ConditionalOnEnabledHealthIndicator("n6k")
public final class N6kHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "n6kHealthContributor")
	HealthContributor n6kHealthContributor(ObjectProvider<DuckDbCatalogs> catalogs, N6kServer server) {
		Map<String, HealthContributor> indicators = new LinkedHashMap<>();
		catalogs.orderedStream()
			.forEach((duckdb) -> duckdb.catalogs()
				.keySet()
				.forEach((name) -> indicators.put(name,
						new N6kCatalogHealthIndicator(duckdb.database(), name, server.connections()))));
		return CompositeHealthContributor.fromMap(indicators);
	}

}
