package io.n6k.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.n6k.access.StaticTokenVerifier;
import io.n6k.access.TokenVerifier;
import io.n6k.backend.CatalogHandler;
import io.n6k.backend.CatalogProvider;
import io.n6k.backend.CatalogSessionFactory;
import io.n6k.backend.SessionFactory;
import io.n6k.backend.SharedCatalog;
import io.n6k.invalidation.AutomaticInvalidation;
import io.n6k.invalidation.CatalogInvalidationService;
import io.n6k.backend.CatalogShapeSource;
import io.n6k.invalidation.InvalidationTiming;
import io.n6k.invalidation.TransactionalInvalidationTiming;
import io.micrometer.observation.ObservationRegistry;
import io.n6k.metrics.N6kRequestObservationConvention;
import io.n6k.invalidation.broadcast.InvalidationBroadcast;
import io.n6k.metrics.N6kStats;
import io.n6k.server.N6kServer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.msgpack.core.MessagePack;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Auto-configuration of the n6k protocol engine: shared threads and memory, statistics,
 * authentication, the default {@link SessionFactory} and the
 * {@link CatalogInvalidationService}.
 *
 * @author n6k
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass({ MessagePack.class, VectorSchemaRoot.class })
@ConditionalOnBooleanProperty(name = "n6k.enabled", matchIfMissing = true)
@EnableConfigurationProperties(N6kProperties.class)
public final class N6kAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	N6kStats n6kStats() {
		return new N6kStats();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	BufferAllocator n6kBufferAllocator() {
		ArrowMemoryAccess.check();
		return new RootAllocator();
	}

	@Bean
	@ConditionalOnMissingBean
	N6kExecutors n6kExecutors(N6kProperties properties, Environment environment) {
		boolean virtual = environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false);
		return new N6kExecutors(properties.getExecutor().getPoolSize(), virtual);
	}

	@Bean
	@ConditionalOnMissingBean
	N6kServer n6kServer(N6kProperties properties, N6kExecutors executors, BufferAllocator n6kBufferAllocator,
			N6kStats stats, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<N6kRequestObservationConvention> observationConvention) {
		N6kProperties.Websocket websocket = properties.getWebsocket();
		N6kServer.Settings settings = new N6kServer.Settings(properties.getKeepAlive().getInterval(),
				properties.getHandshake().getTimeout(), websocket.getMaxBinaryMessageSize().toBytes(),
				websocket.getSendBufferHighWater().toBytes(), websocket.getSendBufferLimit().toBytes());
		return new N6kServer(settings, executors.requests(), executors.writers(), executors.timer(), n6kBufferAllocator,
				stats, observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP),
				observationConvention.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionFactory n6kSessionFactory(ObjectProvider<CatalogProvider> providers, ObjectProvider<SharedCatalog> shared) {
		Map<String, CatalogHandler> catalogs = new LinkedHashMap<>();
		providers.orderedStream().forEach((provider) -> catalogs.putAll(provider.catalogs()));
		shared.orderedStream().forEach((catalog) -> catalogs.put(catalog.name(), catalog.handler()));
		return new CatalogSessionFactory(catalogs);
	}

	@Bean
	@ConditionalOnMissingBean
	CatalogInvalidationService catalogInvalidationService(N6kServer server, ObjectProvider<CatalogShapeSource> sources,
			ObjectProvider<SessionFactory> sessionFactory, N6kProperties properties,
			ObjectProvider<InvalidationTiming> timing, ObjectProvider<InvalidationBroadcast> broadcast) {
		SessionFactory factory = sessionFactory.getIfUnique();
		Set<String> served = (factory != null) ? factory.catalogNames() : null;
		Set<String> configured = properties.getCatalogs().keySet();
		// A factory that decides catalogs per connection cannot name them: accept any
		// name then.
		return new CatalogInvalidationService(server.connections(), sources.orderedStream().toList(),
				(catalog) -> configured.contains(catalog) || factory == null || served == null
						|| served.contains(catalog),
				timing.getIfAvailable(() -> InvalidationTiming.IMMEDIATE), broadcast.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("n6k.invalidation.auto")
	AutomaticInvalidation n6kAutomaticInvalidation(CatalogInvalidationService service, N6kProperties properties) {
		return new AutomaticInvalidation(service, new ArrayList<>(properties.getCatalogs().keySet()),
				properties.getInvalidation().getAutoInterval());
	}

	@Bean
	SmartInitializingSingleton n6kInvalidationBaseline(CatalogInvalidationService service, N6kProperties properties) {
		return () -> service.snapshot(properties.getCatalogs().keySet());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TransactionSynchronizationManager.class)
	static class TransactionalInvalidationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		InvalidationTiming n6kInvalidationTiming() {
			return new TransactionalInvalidationTiming();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnStaticTokensCondition.class)
	static class StaticTokensConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TokenVerifier n6kTokenVerifier(N6kProperties properties) {
			Map<String, StaticTokenVerifier.Grant> tokens = new LinkedHashMap<>();
			properties.getAuth().getTokens().forEach((name, token) -> {
				if (token.getValue() == null || token.getValue().isEmpty()) {
					throw new N6kConfigurationException("n6k.auth.tokens." + name + ".value is empty.",
							"Give every token under n6k.auth.tokens a non-empty value.");
				}
				tokens.put(name, new StaticTokenVerifier.Grant(token.getValue(), token.getCatalogs()));
			});
			return new StaticTokenVerifier(tokens);
		}

	}

}
