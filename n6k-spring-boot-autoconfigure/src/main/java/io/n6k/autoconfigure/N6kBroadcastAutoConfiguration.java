package io.n6k.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.n6k.backend.CatalogShapeSource;
import io.n6k.invalidation.broadcast.BroadcastRelay;
import io.n6k.invalidation.broadcast.BroadcastStatus;
import io.n6k.invalidation.broadcast.Broker;
import io.n6k.invalidation.broadcast.InvalidationBroadcast;
import io.n6k.invalidation.postgres.PostgresBroker;
import io.n6k.invalidation.redis.RedisBroker;
import io.n6k.server.N6kServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Auto-configuration of the invalidation broadcast between instances: through Redis when
 * the application has a {@link RedisConnectionFactory}, through PostgreSQL on a
 * PostgreSQL {@link DataSource}, chosen by {@code n6k.invalidation.broadcast} when both
 * apply.
 *
 * @author n6k
 * @since 0.1.0
 */
@AutoConfiguration(after = N6kAutoConfiguration.class,
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
@ConditionalOnBean(N6kServer.class)
@EnableConfigurationProperties(N6kProperties.class)
public final class N6kBroadcastAutoConfiguration {

	@Bean
	@ConditionalOnBean(Broker.class)
	@ConditionalOnMissingBean(InvalidationBroadcast.class)
	BroadcastRelay n6kBroadcastRelay(ObjectProvider<Broker> brokers, N6kServer server, N6kProperties n6k,
			ObjectProvider<CatalogShapeSource> sources) {
		N6kProperties.Invalidation properties = n6k.getInvalidation();
		List<Broker> all = brokers.orderedStream().toList();
		if (all.size() > 1) {
			throw new N6kConfigurationException(
					"Invalidations could be broadcast through " + all.stream().map(Broker::name).toList()
							+ " and n6k.invalidation.broadcast does not choose.",
					"Set n6k.invalidation.broadcast to redis, postgres or none.");
		}
		return new BroadcastRelay(all.get(0), server.connections(), sources.orderedStream().toList(),
				properties.getHeartbeatInterval(), properties.getLinkTimeout());
	}

	@Bean
	@ConditionalOnBean(BroadcastRelay.class)
	BroadcastStatus n6kBroadcastStatus(BroadcastRelay relay) {
		return relay.getStatus();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, RedisMessageListenerContainer.class })
	@ConditionalOnBean(RedisConnectionFactory.class)
	@Conditional(OnBroadcastCondition.Redis.class)
	static class RedisBrokerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RedisBroker n6kRedisBroker(RedisConnectionFactory connectionFactory, N6kProperties properties) {
			return new RedisBroker(connectionFactory, properties.getInvalidation().getRedis().getChannel());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(PGConnection.class)
	@ConditionalOnBean(DataSource.class)
	@Conditional(OnBroadcastCondition.Postgres.class)
	static class PostgresBrokerConfiguration {

		private static final Log logger = LogFactory.getLog(PostgresBrokerConfiguration.class);

		@Bean
		@ConditionalOnMissingBean
		PostgresBroker n6kPostgresBroker(N6kProperties properties, ObjectProvider<DataSource> dataSources,
				BeanFactory beanFactory) {
			N6kProperties.Invalidation.Postgres postgres = properties.getInvalidation().getPostgres();
			DataSource dataSource = select(postgres.getDataSource(), dataSources, beanFactory);
			check(dataSource);
			try {
				return new PostgresBroker(dataSource, postgres.getChannel(), postgres.getRetryInterval());
			}
			catch (IllegalArgumentException ex) {
				throw new N6kConfigurationException(String.valueOf(ex.getMessage()),
						"Fix n6k.invalidation.postgres.channel.");
			}
		}

		private static DataSource select(@Nullable String name, ObjectProvider<DataSource> dataSources,
				BeanFactory beanFactory) {
			if (name != null) {
				if (!beanFactory.containsBean(name) || !beanFactory.isTypeMatch(name, DataSource.class)) {
					throw new N6kConfigurationException(
							"n6k.invalidation.postgres.data-source is '" + name + "', which is not a DataSource bean.",
							"Set n6k.invalidation.postgres.data-source to the bean name of the PostgreSQL DataSource.");
				}
				return beanFactory.getBean(name, DataSource.class);
			}
			DataSource unique = dataSources.getIfUnique();
			if (unique == null) {
				throw new N6kConfigurationException(
						"Invalidations go through PostgreSQL, but the application has several DataSources.",
						"Set n6k.invalidation.postgres.data-source to the bean name of the PostgreSQL DataSource.");
			}
			return unique;
		}

		/**
		 * Fails startup on a DataSource that is not PostgreSQL; an unreachable one may
		 * come up later.
		 */
		private static void check(DataSource dataSource) {
			try (Connection connection = dataSource.getConnection()) {
				if (!connection.isWrapperFor(PGConnection.class)) {
					throw new N6kConfigurationException(
							"Invalidations go through PostgreSQL, but the DataSource chosen for it is "
									+ connection.getMetaData().getDatabaseProductName() + ".",
							"Set n6k.invalidation.postgres.data-source to the bean name of the PostgreSQL DataSource, "
									+ "or n6k.invalidation.broadcast to another broker.");
				}
			}
			catch (SQLException ex) {
				logger
					.warn("The PostgreSQL DataSource for n6k invalidations cannot be reached yet: " + ex.getMessage());
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class BroadcastMetricsConfiguration {

		// Not @ConditionalOnBean(BroadcastRelay): the relay is defined after this class
		// is evaluated.
		@Bean
		@ConditionalOnMissingBean(name = "n6kBroadcastMeters")
		MeterBinder n6kBroadcastMeters(ObjectProvider<BroadcastRelay> relay) {
			return (registry) -> relay.ifAvailable((available) -> {
				BroadcastStatus status = available.getStatus();
				FunctionCounter.builder("n6k.invalidation.broadcast.failed", status, BroadcastStatus::getNotBroadcast)
					.description("Invalidations that could not be broadcast when they were made")
					.tag("broker", status.getBroker())
					.register(registry);
				Gauge.builder("n6k.invalidation.broadcast.link", status, (s) -> s.isUp() ? 1 : 0)
					.description("Whether invalidations reach the other instances (1) or not (0)")
					.tag("broker", status.getBroker())
					.register(registry);
			});
		}

	}

}
