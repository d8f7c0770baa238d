package io.n6k.autoconfigure;

import javax.sql.DataSource;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.n6k.invalidation.broadcast.BroadcastRelay;
import io.n6k.invalidation.broadcast.BroadcastStatus;
import io.n6k.invalidation.postgres.PostgresBroker;
import io.n6k.invalidation.redis.RedisBroker;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which broker carries invalidations, from what the application has. Brokers here are
 * unreachable on purpose: an unreachable broker never stops startup.
 */
class N6kBroadcastAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(N6kAutoConfiguration.class, N6kBroadcastAutoConfiguration.class,
				N6kBroadcastHealthAutoConfiguration.class));

	@Test
	void aRedisConnectionFactoryBroadcastsThroughRedis() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RedisBroker.class)
				.doesNotHaveBean(PostgresBroker.class)
				.hasSingleBean(BroadcastRelay.class);
			BroadcastStatus status = context.getBean(BroadcastStatus.class);
			assertThat(status.getBroker()).isEqualTo("redis");
			assertThat(status.isUp()).isFalse();
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean("n6kBroadcastMeters", MeterBinder.class).bindTo(registry);
			assertThat(registry.get("n6k.invalidation.broadcast.failed").functionCounter().count()).isZero();
			assertThat(registry.get("n6k.invalidation.broadcast.link").gauge().value()).isZero();
			Health health = context.getBean("n6kBroadcastHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("broker", "redis").containsKey("error");
		});
	}

	@Test
	void aDuckDbDataSourceAloneDoesNotBroadcast() {
		this.contextRunner.withUserConfiguration(DuckDbConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(BroadcastRelay.class)
				.doesNotHaveBean(BroadcastStatus.class)
				.doesNotHaveBean(HealthIndicator.class));
	}

	@Test
	void aNamedPostgresDataSourceNextToADuckDbOneBroadcastsThroughPostgres() {
		this.contextRunner.withUserConfiguration(DuckDbConfiguration.class, PostgresConfiguration.class)
			.withPropertyValues("n6k.invalidation.postgres.data-source=brokerDataSource")
			.run((context) -> assertThat(context).hasSingleBean(PostgresBroker.class)
				.hasSingleBean(BroadcastRelay.class));
	}

	@Test
	void bootsPostgresDataSourceBroadcastsThroughPostgres() {
		this.contextRunner.withUserConfiguration(PostgresConfiguration.class)
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none")
			.run((context) -> assertThat(context).hasSingleBean(PostgresBroker.class));
	}

	@Test
	void redisAndPostgresWithoutAChoiceFailStartupNamingTheProperty() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class, PostgresConfiguration.class)
			.withPropertyValues("n6k.invalidation.postgres.data-source=brokerDataSource")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(N6kConfigurationException.class)
				.hasMessageContaining("redis")
				.hasMessageContaining("postgres")
				.hasMessageContaining("n6k.invalidation.broadcast does not choose"));
	}

	@Test
	void thePropertyChoosesWhenBothApply() {
		ApplicationContextRunner both = this.contextRunner
			.withUserConfiguration(RedisConfiguration.class, PostgresConfiguration.class)
			.withPropertyValues("n6k.invalidation.postgres.data-source=brokerDataSource");
		both.withPropertyValues("n6k.invalidation.broadcast=postgres")
			.run((context) -> assertThat(context).hasSingleBean(PostgresBroker.class)
				.doesNotHaveBean(RedisBroker.class));
		both.withPropertyValues("n6k.invalidation.broadcast=redis")
			.run((context) -> assertThat(context).hasSingleBean(RedisBroker.class)
				.doesNotHaveBean(PostgresBroker.class));
		both.withPropertyValues("n6k.invalidation.broadcast=none")
			.run((context) -> assertThat(context).doesNotHaveBean(BroadcastRelay.class));
	}

	@Test
	void namingADuckDbDataSourceForPostgresFailsStartup() {
		this.contextRunner.withUserConfiguration(DuckDbConfiguration.class, PostgresConfiguration.class)
			.withPropertyValues("n6k.invalidation.postgres.data-source=applicationDataSource")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(N6kConfigurationException.class)
				.hasMessageContaining("the DataSource chosen for it is DuckDB"));
	}

	@Test
	void namingAMissingDataSourceFailsStartup() {
		this.contextRunner.withUserConfiguration(DuckDbConfiguration.class)
			.withPropertyValues("n6k.invalidation.broadcast=postgres", "n6k.invalidation.postgres.data-source=typo")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("n6k.invalidation.postgres.data-source is 'typo', which is not a DataSource bean."));
	}

	@Test
	void severalDataSourcesWithoutANameFailStartup() {
		this.contextRunner.withUserConfiguration(DuckDbConfiguration.class, PostgresConfiguration.class)
			.withPropertyValues("n6k.invalidation.broadcast=postgres")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("several DataSources"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RedisConfiguration {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuckDbConfiguration {

		@Bean
		DataSource applicationDataSource() {
			return new SimpleDriverDataSource(new DuckDBDriver(), "jdbc:duckdb:");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PostgresConfiguration {

		@Bean
		DataSource brokerDataSource() {
			PGSimpleDataSource dataSource = new PGSimpleDataSource();
			dataSource.setUrl("jdbc:postgresql://127.0.0.1:1/none");
			return dataSource;
		}

	}

}
