package io.n6k.autoconfigure.actuate;

import java.util.function.Predicate;

import io.n6k.actuate.N6kConnectionsEndpoint;
import io.n6k.autoconfigure.N6kAutoConfiguration;
import io.n6k.backend.CatalogSessionFactory;
import io.n6k.backend.SessionFactory;
import io.n6k.invalidation.CatalogInvalidationService;
import io.n6k.server.N6kServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code n6k} Actuator endpoint
 * ({@link N6kConnectionsEndpoint}).
 *
 * @author n6k
 * @since 0.1.0
 */
@AutoConfiguration(after = N6kAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean({ N6kServer.class, CatalogInvalidationService.class })
public final class N6kEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	N6kConnectionsEndpoint n6kConnectionsEndpoint(N6kServer server, CatalogInvalidationService invalidation,
			ObjectProvider<SessionFactory> sessionFactory) {
		SessionFactory factory = sessionFactory.getIfUnique();
		// a custom SessionFactory does not list its catalogs: any name is then accepted
		Predicate<String> served = (factory instanceof CatalogSessionFactory catalogs)
				? (name) -> catalogs.catalogNames().contains(name) : (name) -> true;
		return new N6kConnectionsEndpoint(server, invalidation, served);
	}

}
